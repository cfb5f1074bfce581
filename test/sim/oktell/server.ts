/**
 * An Oktell server on 127.0.0.1 for tests, benchmarks and the demo of Ringside's Oktell driver
 * (reference/protocols.md §3, seeds/oktell-http-call-ru.txt):
 *
 * - one HTTP server that is Oktell's web server: the Web-API (HTTP Basic; oktellxmlmapper XML
 *   replies; 401 with a Basic challenge), a static page at /, and the WebSocket API on the same
 *   port (subprotocol json; see websocket.ts) — oktell.js talks to the web server's port too;
 * - a second small HTTP server that is the Oktell desktop client on this PC (/callto?number=…,
 *   /getcurrentcallinfo), which can be stopped (nothing listens: connection refused);
 * - the user's line (line.ts) driven by the control API under /sim/ (control.ts) or the methods
 *   below, with a page for humans at GET /sim.
 *
 *   const sim = await startOktellSim();
 *   // driver settings: address sim.url, wsPort sim.port, clientPort sim.clientPort,
 *   //   userLogin 'operator' / 'Secret-1', webApiUser 'ringside' / 'api-secret'
 *   sim.ring('+74951234567', 'Ivan Petrov');
 *   await sim.waitFor(() => sim.dials.find((d) => d.via === 'web-api'));
 *   await sim.close();
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  drainBody,
  parseRequest,
  send,
  sendHtml,
  serveControlRequest,
  startLoopbackServer,
  type LoopbackServer,
  type ParsedRequest,
} from '../shared/http.ts';
import { Waiters } from '../shared/waiters.ts';
import { runControl, type SimControls } from './control.ts';
import { Line, LineStateError, type LineEvent, type SimCall, type SimSequence } from './line.ts';
import { renderSimulatorPage } from './page.ts';
import { SimWsSession, type SimUser, type WsFrameRecord, type WsSettings } from './websocket.ts';
import { commandResult, htmlPage, mapperDocument } from './xml.ts';

export type { SimCall, SimCallState, EndReason } from './line.ts';
export type { SimUser, WsFrameRecord } from './websocket.ts';
export { LineStateError } from './line.ts';

export interface WebApiAccount {
  readonly login: string;
  password: string;
  /** The "execute Web-API methods" privilege; without it every Web-API request gets 401. */
  readonly webApi: boolean;
}

export const DEFAULT_USER: SimUser = {
  id: 'a1f0c6de-5b7e-4c43-9f0e-2d1c3b4a5f60',
  login: 'operator',
  password: 'Secret-1',
  name: 'Иванова Анна',
  number: '101',
  workplace: 'WP-101',
};

export const DEFAULT_WEB_API_ACCOUNT: WebApiAccount = { login: 'ringside', password: 'api-secret', webApi: true };

export interface OktellSimOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** The desktop client's port; 0 (default) = random. */
  clientPort?: number;
  /** Oktell users (WebSocket logins). The first one owns the line and the desktop client. */
  users?: SimUser[];
  webApiAccounts?: WebApiAccount[];
  /** getversion version.build / version.dated. */
  build?: string;
  dated?: number;
  /** The user's phone picks up on pbxanswercall. Default true. */
  intercom?: boolean;
  /** The desktop client runs. Default true. */
  clientRunning?: boolean;
  /** Web-API commands this server knows. Default wp_autocallstart and tst_getuserstate. */
  webApiCommands?: string[];
}

export type DialVia = 'web-api' | 'client' | 'websocket';

export interface DialRecord {
  readonly via: DialVia;
  readonly path: string;
  /** Query parameters (Web-API, client) or method parameters (WebSocket). */
  readonly params: Readonly<Record<string, string>>;
  /** Basic credentials as sent (Web-API), else null. */
  readonly auth: { readonly user: string; readonly password: string } | null;
  /** The Oktell user the call was placed for, when the server could tell. */
  readonly user: string | null;
  readonly at: number;
}

export interface RequestRecord {
  readonly server: 'oktell' | 'client';
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly at: number;
}

export interface LoginRecord {
  readonly login: string;
  readonly ok: boolean;
  readonly at: number;
}

export interface OktellSimEvents {
  request: [RequestRecord];
  dial: [DialRecord];
  frame: [WsFrameRecord];
  login: [LoginRecord];
  connection: [];
  change: [];
}

export class OktellSim extends EventEmitter<OktellSimEvents> implements SimControls {
  readonly dials: DialRecord[] = [];
  readonly requests: RequestRecord[] = [];
  /** Every WebSocket frame received from clients. */
  readonly frames: WsFrameRecord[] = [];
  readonly logins: LoginRecord[] = [];
  /** WebSocket connections accepted so far (a reconnect adds one). */
  connectionCount = 0;

  readonly users: SimUser[];
  readonly webApiAccounts: WebApiAccount[];
  readonly line: Line;
  readonly ws: WsSettings;
  private readonly webApiCommands: Set<string>;
  private readonly waiters = new Waiters();
  private readonly sessions = new Set<SimWsSession>();
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('json') ? 'json' : false) });
  private http: LoopbackServer | undefined;
  private client: LoopbackServer | undefined;
  private httpPort = 0;
  private clientPortNumber = 0;
  private offline = false;
  private clientUp: boolean;
  private htmlMode = false;
  private closed = false;

  private constructor(options: OktellSimOptions) {
    super();
    this.users = (options.users ?? [DEFAULT_USER]).map((u) => ({ ...u }));
    this.webApiAccounts = (options.webApiAccounts ?? [DEFAULT_WEB_API_ACCOUNT]).map((a) => ({ ...a }));
    this.webApiCommands = new Set(options.webApiCommands ?? ['wp_autocallstart', 'tst_getuserstate']);
    this.clientUp = options.clientRunning ?? true;
    this.ws = {
      intercom: options.intercom ?? true,
      loginError: undefined,
      redirect: false,
      multipartChunk: 0,
      build: options.build ?? '2.12.4.160222',
      dated: options.dated ?? 160222,
      webServerPort: 0,
    };
    const owner = this.users[0]!;
    this.line = new Line({ userId: owner.id, login: owner.login, number: owner.number }, (events) => this.publish(owner.login, events));
  }

  static async start(options: OktellSimOptions = {}): Promise<OktellSim> {
    const sim = new OktellSim(options);
    await sim.listen(options.port ?? 0);
    if (sim.clientUp) await sim.listenClient(options.clientPort ?? 0);
    else sim.clientPortNumber = options.clientPort || (await freePort());
    return sim;
  }

  /** "http://127.0.0.1:<port>" — the Oktell web server (Web-API and WebSocket). */
  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get port(): number {
    return this.httpPort;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.httpPort}`;
  }

  get clientPort(): number {
    return this.clientPortNumber;
  }

  /** Open WebSocket sessions (logged in or not). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  // ---- the line (what happens at the phone or the far end) ----------------------------------

  ring(from: string, name = ''): SimCall {
    return this.line.ring(from, name);
  }

  answer(): SimCall {
    return this.line.answer();
  }

  remoteAnswer(): SimCall {
    return this.line.remoteAnswer();
  }

  hangup(side: 'remote' | 'user' = 'remote'): SimCall {
    return this.line.hangup(side);
  }

  missed(): SimCall {
    return this.line.missed();
  }

  answeredElsewhere(): SimCall {
    return this.line.answeredElsewhere();
  }

  hold(): SimCall {
    return this.line.hold();
  }

  unhold(): SimCall {
    return this.line.unhold();
  }

  // ---- faults --------------------------------------------------------------------------------

  /** Offline: the web server stops listening and every connection is cut (connection refused). */
  async setOffline(offline: boolean): Promise<void> {
    if (offline === this.offline || this.closed) return;
    this.offline = offline;
    if (offline) {
      for (const session of this.sessions) session.socket.terminate();
      await this.http?.close();
      this.http = undefined;
    } else {
      await this.listen(this.httpPort);
    }
    this.notify('change');
  }

  /** Starts or stops the desktop client (stopped: nothing listens on its port). */
  async setClientRunning(running: boolean): Promise<void> {
    if (running === this.clientUp || this.closed) return;
    this.clientUp = running;
    if (running) await this.listenClient(this.clientPortNumber);
    else {
      await this.client?.close();
      this.client = undefined;
    }
    this.notify('change');
  }

  /** Cuts every WebSocket connection (a network blip); the server stays up. */
  dropWebSockets(): number {
    const count = this.sessions.size;
    for (const session of this.sessions) session.socket.terminate();
    return count;
  }

  setPassword(login: string, password: string): void {
    const user = this.findUser(login);
    if (user) user.password = password;
    const account = this.webApiAccounts.find((a) => a.login === login);
    if (account) account.password = password;
  }

  /** Every WebSocket login fails with this (50093, 50025, { errormsg: 'Service not available' }); undefined clears it. */
  setLoginError(error: { error?: number; errormsg?: string } | undefined): void {
    this.ws.loginError = error;
  }

  setIntercom(on: boolean): void {
    this.ws.intercom = on;
  }

  setRedirect(on: boolean): void {
    this.ws.redirect = on;
  }

  /** Replies longer than `bytes` go out as multipart parts; 0 turns it off. */
  setMultipart(bytes: number): void {
    this.ws.multipartChunk = bytes;
  }

  /** The Web-API answers with an HTML page (a proxy or another web server in front). */
  setHtmlMode(on: boolean): void {
    this.htmlMode = on;
  }

  resetLog(): void {
    this.dials.length = 0;
    this.requests.length = 0;
    this.frames.length = 0;
    this.logins.length = 0;
  }

  /** WebSocket frames received with this method (lowercase). */
  frameCount(method: string): number {
    return this.frames.filter((f) => f.method === method).length;
  }

  stateSnapshot(): Record<string, unknown> {
    const call = (c: SimCall | undefined) => (c ? { ...c } : null);
    return {
      current: call(this.line.current),
      held: call(this.line.held),
      history: this.line.history.slice(-20).map((c) => ({ ...c })),
      dials: [...this.dials],
      logins: this.logins.slice(-20),
      sessions: [...this.sessions].map((s) => ({ user: s.user?.login ?? null, subscriptions: [...s.subscriptions] })),
      settings: {
        offline: this.offline,
        clientRunning: this.clientUp,
        htmlMode: this.htmlMode,
        intercom: this.ws.intercom,
        redirect: this.ws.redirect,
        multipartChunk: this.ws.multipartChunk,
        loginError: this.ws.loginError ?? null,
        build: this.ws.build,
      },
      urls: { server: this.url, webSocket: this.wsUrl, client: `http://127.0.0.1:${this.clientPortNumber}` },
    };
  }

  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(predicate, timeoutMs, () => this.describe());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.waiters.rejectAll('Oktell simulator closed');
    for (const session of this.sessions) session.socket.terminate();
    this.wss.close();
    await Promise.all([this.http?.close(), this.client?.close()]);
  }

  // ---- internals -----------------------------------------------------------------------------

  findUser(login: string): SimUser | undefined {
    return this.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
  }

  private async listen(port: number): Promise<void> {
    const http = await startLoopbackServer(port, (req, res) => this.handle(req, res));
    http.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    this.http = http;
    this.httpPort = http.port;
    this.ws.webServerPort = http.port;
  }

  private async listenClient(port: number): Promise<void> {
    this.client = await startLoopbackServer(port, (req, res) => this.handleClient(req, res));
    this.clientPortNumber = this.client.port;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(socket: WebSocket): void {
    if (socket.protocol !== 'json') {
      socket.close(1002, 'subprotocol json required');
      return;
    }
    const session = new SimWsSession(socket, {
      settings: this.ws,
      findUser: (login) => this.findUser(login),
      lineOf: () => this.line,
      recordFrame: (record) => this.notify('frame', this.push(this.frames, record)),
      recordLogin: (login, ok) => this.notify('login', this.push(this.logins, { login, ok, at: Date.now() })),
      recordDial: (number, params, user) =>
        this.notify('dial', this.push(this.dials, { via: 'websocket', path: 'pbxautocallstart', params: { ...params, number }, auth: null, user: user.login, at: Date.now() })),
      changed: () => this.notify('change'),
    });
    this.sessions.add(session);
    this.connectionCount += 1;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) session.handle(data.toString());
    });
    socket.on('close', () => {
      this.sessions.delete(session);
      this.notify('change');
    });
    socket.on('error', () => undefined);
    this.notify('connection');
  }

  private publish(owner: string, events: LineEvent[]): void {
    for (const event of events) for (const session of this.sessions) session.push(owner, event);
    this.notify('change');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseRequest(req);
    if (parsed.path === '/sim' || parsed.path === '/sim/') {
      drainBody(req);
      return sendHtml(res, 200, renderSimulatorPage());
    }
    if (parsed.path.startsWith('/sim/')) return this.serveControl(req, res, parsed);
    drainBody(req);
    const status = this.serveWebServer(req, res, parsed);
    this.notify('request', this.push(this.requests, { server: 'oktell', method: parsed.method, path: parsed.path, query: parsed.query, status, at: Date.now() }));
  }

  /** The Oktell web server: static files at / without auth, everything else is a Web-API command. */
  private serveWebServer(req: IncomingMessage, res: ServerResponse, parsed: ParsedRequest): number {
    if (parsed.path === '/' || parsed.path === '/index.html') {
      sendHtml(res, 200, htmlPage('Oktell', 'Oktell web server'));
      return 200;
    }
    const auth = basicCredentials(req.headers.authorization);
    const account = auth && this.webApiAccounts.find((a) => a.login === auth.user && a.password === auth.password && a.webApi);
    if (!account) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Oktell"', 'Content-Type': 'text/html; charset=utf-8' });
      res.end(htmlPage('401 Unauthorized', 'Authorization required'));
      return 401;
    }
    if (this.htmlMode) {
      sendHtml(res, 200, htmlPage('Sign in', 'Corporate proxy: sign in to continue'));
      return 200;
    }
    const command = parsed.path.slice(1).toLowerCase();
    if (!this.webApiCommands.has(command)) {
      sendHtml(res, 404, htmlPage('404 Not Found', `Unknown command ${command}`));
      return 404;
    }
    const xml = (body: string) => send(res, 200, 'text/xml; charset=utf-8', body);
    if (command === 'tst_getuserstate') {
      const user = this.findUser(parsed.query.iduser ?? '') ?? this.users.find((u) => u.id === parsed.query.iduser);
      xml(
        user
          ? mapperDocument('userstate', 'user', [
              { kind: 'simple', key: 'id', value: user.id },
              { kind: 'simple', key: 'state', value: '1', name: 'usReady' },
            ])
          : commandResult('tst_getuserstate', false, 'User not found'),
      );
      return 200;
    }
    // wp_autocallstart
    const query = parsed.query;
    const user =
      (query.user !== undefined && (this.findUser(query.user) ?? this.users.find((u) => u.id === query.user || u.name === query.user))) ||
      (query.line !== undefined && this.users.find((u) => u.number === query.line)) ||
      (query.wp !== undefined && this.users.find((u) => u.workplace.toLowerCase() === query.wp!.toLowerCase())) ||
      undefined;
    this.notify('dial', this.push(this.dials, { via: 'web-api', path: parsed.path, params: { ...query }, auth, user: user ? user.login : null, at: Date.now() }));
    if (!query.number) {
      xml(commandResult('wp_autocallstart', false, 'Parameter number is required'));
      return 200;
    }
    if (!user) {
      xml(commandResult('wp_autocallstart', false, 'Line not found'));
      return 200;
    }
    const sequence: SimSequence = query.sequence === 'back' ? 'user' : 'abonent';
    try {
      this.line.autocall(query.number, sequence);
    } catch (err) {
      if (!(err instanceof LineStateError)) throw err;
      xml(commandResult('wp_autocallstart', false, 'Line is busy'));
      return 200;
    }
    xml(commandResult('wp_autocallstart', true));
    return 200;
  }

  private handleClient(req: IncomingMessage, res: ServerResponse): void {
    const parsed = parseRequest(req);
    drainBody(req);
    let status = 200;
    if (parsed.path === '/callto') {
      const number = parsed.query.number ?? '';
      const owner = this.users[0]!;
      this.notify('dial', this.push(this.dials, { via: 'client', path: parsed.path, params: { ...parsed.query }, auth: null, user: owner.login, at: Date.now() }));
      // The wiki: "nothing happens if the user is busy"; the reply is not documented [?].
      if (number && !this.line.current) this.line.autocall(number, 'user');
      send(res, 200, 'text/plain; charset=utf-8', 'OK');
    } else if (parsed.path === '/getcurrentcallinfo') {
      const call = this.line.current;
      send(
        res,
        200,
        'text/xml; charset=utf-8',
        mapperDocument('currentcallinfo', 'call', [
          { kind: 'simple', key: 'mode', value: !call ? 'none' : call.state === 'ringing' ? 'ringing' : 'connected' },
          { kind: 'simple', key: 'number', value: call?.number ?? '' },
          { kind: 'cdata', key: 'name', text: call?.name ?? '' },
        ]),
      );
    } else {
      status = 404;
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
    this.notify('request', this.push(this.requests, { server: 'client', method: parsed.method, path: parsed.path, query: parsed.query, status, at: Date.now() }));
  }

  private async serveControl(req: IncomingMessage, res: ServerResponse, parsed: ParsedRequest): Promise<void> {
    const after = await serveControlRequest(req, res, parsed.query, parsed.path, (m, name, p) => runControl(this, m, name, p));
    if (after) setTimeout(() => void after(), 10).unref();
  }

  private push<T>(log: T[], entry: T): T {
    log.push(entry);
    if (log.length > 10_000) log.shift();
    return entry;
  }

  private notify<K extends keyof OktellSimEvents>(event: K, ...args: OktellSimEvents[K]): void {
    (this.emit as (event: K, ...args: OktellSimEvents[K]) => boolean)(event, ...args);
    this.waiters.check();
  }

  private describe(): string {
    const current = this.line.current;
    return [
      `line: ${current ? `${current.direction} ${current.state} ${current.number}` : 'idle'}${this.line.held ? `, held ${this.line.held.number}` : ''}`,
      `sessions: ${[...this.sessions].map((s) => s.user?.login ?? '(not logged in)').join(', ') || '(none)'}`,
      `dials: ${JSON.stringify(this.dials.map((d) => [d.via, d.params.number]))}`,
      `last frames: ${this.frames.slice(-6).map((f) => f.method).join(', ') || '(none)'}`,
    ].join('\n');
  }
}

export function startOktellSim(options: OktellSimOptions = {}): Promise<OktellSim> {
  return OktellSim.start(options);
}

/** HTTP Basic credentials, decoded as UTF-8; null when absent or malformed. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A port nothing listens on (for a desktop client that is not running from the start). */
async function freePort(): Promise<number> {
  const probe = await startLoopbackServer(0, (_req, res) => void res.end());
  const port = probe.port;
  await probe.close();
  return port;
}
