/**
 * A RanderWEB server on 127.0.0.1, for tests, benchmarks and the demo of Ringside's RanderWEB
 * driver. RanderWEB is not publicly documented (shared/reference/protocols.md §4.1), so the
 * simulator follows the vendor's own description (reference/seeds/randerweb-article-ru.txt: a Web
 * API of HTTP GETs with a token, SignalR monitoring, "Set My Extension", "Open Line", "Make Call",
 * a live line-state log, a demo limit of 5 lines) and, for everything the description leaves open,
 * the same assumptions as the driver's table (src/drivers/rander/commands.ts). The SignalR side
 * follows the SignalR 2.2 wire protocol exactly (§4.2): negotiate, the WebSocket `/connect` with its
 * init frame, `/start`, `{}` keep-alives every KeepAlive, cursors `C`, `/reconnect` with messageId
 * resending what was missed, `/ping`, `/abort`, `/send`, and the server's error texts.
 *
 *   const sim = await startRanderSim({ keepAliveMs: 100 });
 *   // driver → POST `${sim.url}/token` (admin / 1234), GET `${sim.url}/api/rander/openline/103?token=…`
 *   const call = sim.ring({ from: '+74951234567', name: 'Ivan Petrov', to: '103' });
 *   sim.answer(call.id);
 *   await sim.waitFor(() => sim.commands.find((c) => c.command === 'makecall'));
 *   await sim.close();
 *
 * Only the webSockets transport is served (the driver's only transport); /connect over plain HTTP
 * answers 400 as a server does for a non-WebSocket request to that transport.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  afterReply,
  readBody,
  send,
  sendHtml,
  sendJson,
  serveControlRequest,
  startLoopbackServer,
  type LoopbackServer,
} from '../shared/http.ts';
import { trackedTimer, Waiters } from '../shared/waiters.ts';
import { runControl, type SimControls } from './control.ts';
import { Lines, type HangupSide, type SimCall } from './lines.ts';
import {
  ConnectionTokens,
  ERRORS,
  cursorPrefix,
  formatCursor,
  hubNamesOf,
  newConnectionId,
  parseCursor,
  parseInvocation,
  resolveProtocol,
} from './signalr.ts';

export type { CallResult, HangupSide, SimCall, SimCallState } from './lines.ts';
export { LineStateError } from './lines.ts';

export interface RanderUser {
  readonly username: string;
  readonly password: string;
}

/** The article's config.xml example: Login admin, Password 1234. */
export const DEFAULT_USER: RanderUser = { username: 'admin', password: '1234' };

export interface RanderSimOptions {
  /** 0 (default) = a random free port. RanderWEB's own default is 5005. */
  port?: number;
  users?: RanderUser[];
  /** The hub's name as the server declares it; clients send it lower-cased. Default 'RanderHub'. */
  hub?: string;
  /** How a token is obtained: OWIN's POST /token (default) or GET /api/rander/login/<user>/<password>. */
  loginVia?: 'token-endpoint' | 'path';
  /** Token lifetime in ms (expires_in). Default 20 min, OWIN's default. */
  tokenLifetimeMs?: number;
  /** SignalR KeepAlive (ms between `{}` frames); null = off. Default 10 000. KeepAliveTimeout = 2×. */
  keepAliveMs?: number | null;
  /** SignalR DisconnectTimeout in ms: a dropped connection is forgotten after it. Default 30 000. */
  disconnectTimeoutMs?: number;
  /** Highest SignalR protocol this server speaks. Default '1.5' (SignalR 2.2). */
  protocolVersion?: string;
  /** Negotiate's TryWebSockets. Default true. */
  webSockets?: boolean;
  /** Web API replies as JSON ("OK", {"Message":…}) or plain text (OK, Error: …). Default 'json'. */
  replyStyle?: 'json' | 'text';
  /** What a command with a bad/expired token gets: 401 (default) or 200 "Invalid token". */
  invalidTokenReply?: '401' | 'text';
  /** The hub method that subscribes to an extension. Default 'SetMyExtension'. */
  subscribeMethod?: string;
  /** The client method that carries line states. Default 'lineStateChanged'. */
  lineStateMethod?: string;
  /** Line-state arguments as one object (default) or positional. */
  lineStateStyle?: 'object' | 'positional';
  /** Subscriptions allowed per connection (the demo's 5). */
  maxSubscriptions?: number;
  /** Incoming calls are missed after this long; null (default) = ring until told. */
  ringMs?: number | null;
  /** The far end answers an outgoing call after this long; null (default) = until told. */
  farAnswerMs?: number | null;
}

export interface CommandRecord {
  readonly at: number;
  /** The request path as received (percent-encoded). */
  readonly path: string;
  /** Lower-cased command segment. */
  readonly command: string;
  /** Decoded parameter segments (a path login's password is masked). */
  readonly params: readonly string[];
  readonly token: string;
  status: number;
  reply: string;
}

export interface LoginRecord {
  readonly at: number;
  readonly via: 'token-endpoint' | 'path';
  readonly username: string;
  readonly ok: boolean;
}

export type SignalRKind = 'negotiate' | 'connect' | 'reconnect' | 'start' | 'abort' | 'ping' | 'send' | 'other';

export interface SignalRRecord {
  readonly at: number;
  readonly kind: SignalRKind;
  readonly query: Readonly<Record<string, string>>;
  status: number;
  connectionId?: string;
}

export interface InvocationRecord {
  readonly at: number;
  readonly connectionId: string;
  readonly hub: string;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly id: string;
  readonly error: string | null;
}

export interface SentRecord {
  readonly at: number;
  readonly connectionId: string;
  readonly frame: string;
}

export interface RanderSimEvents {
  command: [CommandRecord];
  login: [LoginRecord];
  signalr: [SignalRRecord];
  invocation: [InvocationRecord];
  sent: [SentRecord];
  change: [];
}

interface SimConnection {
  readonly id: string;
  readonly user: string;
  socket: WebSocket | undefined;
  /** The link is "half-open": nothing reaches the client and nothing comes back. */
  stalled: boolean;
  started: boolean;
  readonly subscriptions: Set<string>;
  readonly buffer: { seq: number; message: unknown }[];
  keepAlive: NodeJS.Timeout | undefined;
  forget: (() => void) | undefined;
}

interface IssuedToken {
  readonly user: string;
  expiresAt: number;
}

const MAX_LOG = 5000;
const MAX_BUFFER = 1000;

export class RanderSim extends EventEmitter<RanderSimEvents> implements SimControls {
  /** Every Web API command received (not the login), in order. */
  readonly commands: CommandRecord[] = [];
  readonly logins: LoginRecord[] = [];
  /** Every SignalR HTTP request and WebSocket handshake. */
  readonly signalr: SignalRRecord[] = [];
  readonly invocations: InvocationRecord[] = [];
  /** Every frame sent to a client except keep-alives. */
  readonly sent: SentRecord[] = [];

  private readonly opts: Required<Omit<RanderSimOptions, 'port' | 'keepAliveMs' | 'ringMs' | 'farAnswerMs'>> & {
    keepAliveMs: number | null;
    ringMs: number | null;
    farAnswerMs: number | null;
  };
  private readonly lines: Lines;
  private readonly waiters = new Waiters();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly connectionTokens = new ConnectionTokens();
  private readonly connections = new Map<string, SimConnection>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly prefix = cursorPrefix();
  private http: LoopbackServer | undefined;
  private boundPort = 0;
  private seq = 0;
  private offline = false;
  private rejectingLogins = false;
  private closed = false;
  private keepAlivesSent = 0;

  private constructor(options: RanderSimOptions) {
    super();
    this.opts = {
      users: options.users ?? [DEFAULT_USER],
      hub: options.hub ?? 'RanderHub',
      loginVia: options.loginVia ?? 'token-endpoint',
      tokenLifetimeMs: options.tokenLifetimeMs ?? 20 * 60_000,
      keepAliveMs: options.keepAliveMs === undefined ? 10_000 : options.keepAliveMs,
      disconnectTimeoutMs: options.disconnectTimeoutMs ?? 30_000,
      protocolVersion: options.protocolVersion ?? '1.5',
      webSockets: options.webSockets ?? true,
      replyStyle: options.replyStyle ?? 'json',
      invalidTokenReply: options.invalidTokenReply ?? '401',
      subscribeMethod: options.subscribeMethod ?? 'SetMyExtension',
      lineStateMethod: options.lineStateMethod ?? 'lineStateChanged',
      lineStateStyle: options.lineStateStyle ?? 'object',
      maxSubscriptions: options.maxSubscriptions ?? 5,
      ringMs: options.ringMs ?? null,
      farAnswerMs: options.farAnswerMs ?? null,
    };
    this.lines = new Lines(
      (line, args) => this.publish(line, args),
      { now: () => Date.now(), after: (ms, fn) => this.timer(ms, fn) },
      { ringMs: this.opts.ringMs, farAnswerMs: this.opts.farAnswerMs, style: this.opts.lineStateStyle },
      () => this.notify('change'),
    );
  }

  static async start(options: RanderSimOptions = {}): Promise<RanderSim> {
    const sim = new RanderSim(options);
    await sim.listen(options.port ?? 0);
    return sim;
  }

  /** "http://127.0.0.1:<port>" — the address a driver is configured with. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    if (this.boundPort === 0) throw new Error('RanderWEB simulator is not listening yet');
    return this.boundPort;
  }

  get hub(): string {
    return this.opts.hub;
  }

  // ---- readers ---------------------------------------------------------------------------------

  calls(): SimCall[] {
    return this.lines.list();
  }

  call(id: string): SimCall | undefined {
    const found = this.lines.get(id);
    return found ? { ...found } : undefined;
  }

  /** Tokens issued so far that are still valid. */
  validTokens(): string[] {
    const now = Date.now();
    return [...this.tokens.entries()].filter(([, t]) => t.expiresAt > now).map(([value]) => value);
  }

  /** Live SignalR connections: id, whether a socket is open, and their subscriptions. */
  connectionList(): { id: string; user: string; open: boolean; started: boolean; stalled: boolean; subscriptions: string[] }[] {
    return [...this.connections.values()].map((c) => ({
      id: c.id,
      user: c.user,
      open: c.socket !== undefined && c.socket.readyState === WebSocket.OPEN,
      started: c.started,
      stalled: c.stalled,
      subscriptions: [...c.subscriptions],
    }));
  }

  signalrCount(kind: SignalRKind, status?: number): number {
    return this.signalr.filter((r) => r.kind === kind && (status === undefined || r.status === status)).length;
  }

  get keepAliveCount(): number {
    return this.keepAlivesSent;
  }

  resetLog(): void {
    this.commands.length = 0;
    this.logins.length = 0;
    this.signalr.length = 0;
    this.invocations.length = 0;
    this.sent.length = 0;
  }

  stateSnapshot(): Record<string, unknown> {
    return {
      settings: {
        offline: this.offline,
        rejectingLogins: this.rejectingLogins,
        hub: this.opts.hub,
        loginVia: this.opts.loginVia,
        keepAliveMs: this.opts.keepAliveMs,
        protocolVersion: this.opts.protocolVersion,
        users: this.opts.users.map((u) => u.username),
      },
      openLines: this.lines.openLines(),
      calls: this.calls().slice(-30),
      connections: this.connectionList(),
      commands: this.commands.slice(-30).map((c) => ({ ...c, token: c.token ? `${c.token.slice(0, 8)}…` : '' })),
      invocations: this.invocations.slice(-30),
    };
  }

  // ---- the phone lines -------------------------------------------------------------------------

  /** A call from `from` (with caller name `name`) rings extension `to`. */
  ring(input: { from: string; name?: string; to: string }): SimCall {
    return this.lines.ring(input);
  }

  /** The extension picks up a ringing call (by call id or extension; default the latest). */
  answer(ref?: string): SimCall {
    return this.lines.answer(ref);
  }

  /** The far end of an outgoing call answers. */
  answerFar(ref?: string): SimCall {
    return this.lines.answerFar(ref);
  }

  hold(ref?: string): SimCall {
    return this.lines.hold(ref);
  }

  unhold(ref?: string): SimCall {
    return this.lines.unhold(ref);
  }

  hangup(ref?: string, side: HangupSide = 'extension'): SimCall {
    return this.lines.hangup(ref, side);
  }

  /** The ring stops unanswered. */
  missed(ref?: string): SimCall {
    return this.lines.missed(ref);
  }

  /** The far end of an outgoing call is busy. */
  busy(ref?: string): SimCall {
    return this.lines.busy(ref);
  }

  // ---- fault injection -------------------------------------------------------------------------

  /** Every token issued so far is expired now: the next request with one gets 401 (or "Invalid token"). */
  expireTokens(): number {
    const now = Date.now();
    let n = 0;
    for (const token of this.tokens.values()) {
      if (token.expiresAt > now) n += 1;
      token.expiresAt = now - 1;
    }
    this.notify('change');
    return n;
  }

  /** Every login is refused while on (as a wrong password would be). */
  rejectLogins(on: boolean): void {
    this.rejectingLogins = on;
    this.notify('change');
  }

  /** Cuts every WebSocket at once (TCP reset); the connections stay, so /reconnect resumes them. */
  dropWebSockets(): number {
    let n = 0;
    for (const connection of this.connections.values()) {
      if (!connection.socket) continue;
      connection.socket.terminate();
      n += 1;
    }
    this.notify('change');
    return n;
  }

  /**
   * Makes every open link half-open: the sockets stay open but nothing reaches the clients (no
   * keep-alives, messages are only buffered) and nothing they send arrives. Only a client's
   * keep-alive watchdog notices.
   */
  stallWebSockets(): number {
    let n = 0;
    for (const connection of this.connections.values()) {
      if (!connection.socket) continue;
      connection.stalled = true;
      n += 1;
    }
    this.notify('change');
    return n;
  }

  /**
   * As after a restart of RanderWEB with a new key: every connection token issued so far is "in the
   * incorrect format" (400) and every connection is forgotten; open sockets are cut.
   */
  invalidateConnections(): number {
    this.connectionTokens.rotate();
    const n = this.connections.size;
    for (const connection of [...this.connections.values()]) this.forgetConnection(connection);
    this.notify('change');
    return n;
  }

  /** Offline: the listening socket closes and every connection (HTTP and WebSocket) is dropped. */
  async setOffline(offline: boolean): Promise<void> {
    if (offline === this.offline || this.closed) return;
    this.offline = offline;
    if (offline) {
      for (const connection of this.connections.values()) connection.socket?.terminate();
      await this.http?.close();
    } else {
      await this.listen(this.boundPort);
    }
    this.notify('change');
  }

  // ---- waiting and shutdown --------------------------------------------------------------------

  /** Resolves with the predicate's first truthy value, re-checked after every recorded event. */
  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(predicate, timeoutMs, () => this.describe());
  }

  /** Stops the server, destroys every socket, cancels timers and rejects pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lines.dispose();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const connection of this.connections.values()) {
      if (connection.keepAlive) clearInterval(connection.keepAlive);
      connection.socket?.terminate();
    }
    this.connections.clear();
    this.wss.close();
    this.waiters.rejectAll('RanderWEB simulator closed');
    await this.http?.close();
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async listen(port: number): Promise<void> {
    this.http = await startLoopbackServer(port, (req, res) => this.handle(req, res));
    this.boundPort = this.http.port;
    this.http.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const lower = path.toLowerCase();
    if (path.startsWith('/sim/')) return this.serveControl(req, res, url);
    if (path === '/' && req.method === 'GET') {
      req.resume();
      return sendHtml(res, 200, '<!DOCTYPE html><title>RanderWEB simulator</title><p>RanderWEB simulator: Web API at /api/rander/, SignalR at /signalr, control API at /sim/.</p>');
    }
    if (lower === '/token') return this.serveTokenEndpoint(req, res);
    if (lower.startsWith('/api/rander/')) return this.serveWebApi(req, res, url);
    if (lower.startsWith('/signalr/')) return this.serveSignalR(req, res, url);
    req.resume();
    send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><title>Not Found</title><h1>HTTP Error 404. The requested resource is not found.</h1>');
  }

  /** OWIN OAuth: POST /token, form grant_type=password&username&password. */
  private async serveTokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.opts.loginVia !== 'token-endpoint' || req.method !== 'POST') {
      req.resume();
      return send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><title>Not Found</title>');
    }
    const form = new URLSearchParams(await readBody(req));
    const username = form.get('username') ?? '';
    if (form.get('grant_type') !== 'password') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const token = this.issueToken(username, form.get('password') ?? '');
    this.recordLogin('token-endpoint', username, token !== undefined);
    if (!token) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
    const now = new Date();
    return sendJson(res, 200, {
      access_token: token,
      token_type: 'bearer',
      expires_in: Math.max(1, Math.round(this.opts.tokenLifetimeMs / 1000) - 1),
      userName: username,
      '.issued': now.toUTCString(),
      '.expires': new Date(now.getTime() + this.opts.tokenLifetimeMs).toUTCString(),
    });
  }

  private issueToken(username: string, password: string): string | undefined {
    const user = this.opts.users.find((u) => u.username === username && u.password === password);
    if (!user || this.rejectingLogins) return undefined;
    // The shape of a DPAPI-protected OWIN ticket in base64url, as in the vendor's article.
    const token = `AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA${Buffer.from(`${user.username}:${Date.now()}:${Math.random()}`).toString('base64url')}`;
    this.tokens.set(token, { user: user.username, expiresAt: Date.now() + this.opts.tokenLifetimeMs });
    return token;
  }

  /** The user of a valid token, or undefined. */
  private userOf(token: string | undefined): string | undefined {
    const issued = token ? this.tokens.get(token) : undefined;
    return issued && issued.expiresAt > Date.now() ? issued.user : undefined;
  }

  private async serveWebApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    req.resume();
    const raw = url.pathname.slice('/api/rander/'.length).split('/');
    let segments: string[];
    try {
      segments = raw.map((s) => decodeURIComponent(s));
    } catch {
      return sendJson(res, 400, { Message: 'The request is invalid.' });
    }
    const command = (segments[0] ?? '').toLowerCase();
    const params = segments.slice(1);
    const token = url.searchParams.get('token') ?? '';
    if (command === 'login' && this.opts.loginVia === 'path' && req.method === 'GET') {
      const username = params[0] ?? '';
      const issued = params.length === 2 ? this.issueToken(username, params[1] ?? '') : undefined;
      this.recordLogin('path', username, issued !== undefined);
      return issued ? sendJson(res, 200, issued) : sendJson(res, 401, { Message: ERRORS.notAuthorized });
    }
    const record: CommandRecord = { at: Date.now(), path: url.pathname, command, params, token, status: 0, reply: '' };
    this.commands.push(record);
    if (this.commands.length > MAX_LOG) this.commands.splice(0, this.commands.length - MAX_LOG);
    const reply = (status: number, body: string, contentType: string) => {
      record.status = status;
      record.reply = body;
      send(res, status, contentType, body);
      this.notify('command', record);
    };
    const ok = () => (this.opts.replyStyle === 'json' ? reply(200, JSON.stringify('OK'), 'application/json; charset=utf-8') : reply(200, 'OK', 'text/plain; charset=utf-8'));
    const refuse = (message: string) =>
      this.opts.replyStyle === 'json'
        ? reply(400, JSON.stringify({ Message: message }), 'application/json; charset=utf-8')
        : reply(200, `Error: ${message}`, 'text/plain; charset=utf-8');
    const noRoute = () =>
      reply(404, JSON.stringify({ Message: `No HTTP resource was found that matches the request URI '${url.origin}${url.pathname}'.` }), 'application/json; charset=utf-8');
    if (req.method !== 'GET') return noRoute();
    if (!this.userOf(token)) {
      return this.opts.invalidTokenReply === '401'
        ? reply(401, JSON.stringify({ Message: ERRORS.notAuthorized }), 'application/json; charset=utf-8')
        : this.opts.replyStyle === 'json'
          ? reply(200, JSON.stringify('Invalid token'), 'application/json; charset=utf-8')
          : reply(200, 'Invalid token', 'text/plain; charset=utf-8');
    }
    const [extension = '', number = ''] = params;
    switch (command) {
      case 'openline':
        if (params.length !== 1 || !extension) return noRoute();
        if (!/^[0-9]{1,8}$/.test(extension)) return refuse(`Line ${extension} is not monitored by Rander.`);
        this.lines.openLine(extension);
        return ok();
      case 'makecall':
        if (params.length !== 2 || !extension || !number) return noRoute();
        if (!this.lines.isOpen(extension)) return refuse(`Line ${extension} is not open. Send openline first.`);
        if (!/^\+?[0-9*#]{1,32}$/.test(number)) return refuse(`${number} is not a number that can be dialled.`);
        this.lines.makeCall(extension, number);
        return ok();
      case 'answer': {
        if (params.length !== 1 || !extension) return noRoute();
        if (!this.lines.isOpen(extension)) return refuse(`Line ${extension} is not open. Send openline first.`);
        const call = this.lines.liveOn(extension);
        if (!call || call.direction !== 'in' || call.state !== 'ringing') return refuse(`No call is ringing on line ${extension}.`);
        this.lines.answer(call.id);
        return ok();
      }
      case 'hangup': {
        if (params.length !== 1 || !extension) return noRoute();
        if (!this.lines.isOpen(extension)) return refuse(`Line ${extension} is not open. Send openline first.`);
        const call = this.lines.liveOn(extension);
        if (!call) return refuse(`There is no call on line ${extension}.`);
        this.lines.hangup(call.id, 'extension');
        return ok();
      }
      default:
        return noRoute();
    }
  }

  // ---- SignalR over HTTP -----------------------------------------------------------------------

  private async serveSignalR(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const query = Object.fromEntries(url.searchParams);
    const action = url.pathname.slice('/signalr/'.length).toLowerCase();
    const kind: SignalRKind = (['negotiate', 'connect', 'reconnect', 'start', 'abort', 'ping', 'send'] as const).find((k) => k === action) ?? 'other';
    const record: SignalRRecord = { at: Date.now(), kind, query, status: 0 };
    this.signalr.push(record);
    if (this.signalr.length > MAX_LOG) this.signalr.splice(0, this.signalr.length - MAX_LOG);
    const body = req.method === 'POST' ? await readBody(req) : (req.resume(), '');
    const reply = (status: number, payload: string, contentType = 'text/plain; charset=utf-8') => {
      record.status = status;
      send(res, status, contentType, payload);
      this.notify('signalr', record);
    };
    const json = (value: unknown) => reply(200, JSON.stringify(value), 'application/json; charset=UTF-8');
    if (kind === 'ping') return json({ Response: 'pong' });
    if (kind === 'other') return reply(404, 'Not Found');
    // [Authorize] on the hub: an anonymous request gets 401 with an empty body.
    const user = this.userOf(query['token']);
    if (!user) return reply(401, '');
    const hubs = hubNamesOf(query['connectionData']);
    if (!hubs) return reply(500, 'Invalid connection data.');
    const unknown = hubs.find((h) => h.toLowerCase() !== this.opts.hub.toLowerCase());
    if (unknown !== undefined) return reply(500, ERRORS.hubUnknown(unknown));
    if (kind === 'negotiate') {
      const connectionId = newConnectionId();
      const keepAlive = this.opts.keepAliveMs;
      return json({
        Url: '/signalr',
        ConnectionToken: this.connectionTokens.mint(connectionId, user),
        ConnectionId: connectionId,
        KeepAliveTimeout: keepAlive === null ? null : (keepAlive * 2) / 1000,
        DisconnectTimeout: this.opts.disconnectTimeoutMs / 1000,
        ConnectionTimeout: 110,
        TryWebSockets: this.opts.webSockets,
        ProtocolVersion: resolveProtocol(query['clientProtocol'], this.opts.protocolVersion),
        TransportConnectTimeout: 5,
        LongPollDelay: 0,
      });
    }
    const checked = this.checkConnectionToken(query, user);
    if ('error' in checked) return reply(checked.status, checked.error);
    record.connectionId = checked.connectionId;
    if (query['transport'] !== 'webSockets') return reply(400, ERRORS.unknownTransport);
    const connection = this.connections.get(checked.connectionId);
    switch (kind) {
      case 'connect':
      case 'reconnect':
        return reply(400, 'Not a valid web socket request.');
      case 'start':
        if (!connection?.socket) return reply(400, 'The connection is not connected.');
        connection.started = true;
        return json({ Response: 'started' });
      case 'abort':
        if (connection) this.forgetConnection(connection);
        return reply(200, '');
      case 'send': {
        if (!connection) return reply(400, 'The connection is not connected.');
        const data = new URLSearchParams(body).get('data') ?? '';
        return json(this.invoke(connection, data) ?? {});
      }
    }
  }

  private checkConnectionToken(
    query: Readonly<Record<string, string>>,
    user: string,
  ): { connectionId: string } | { status: number; error: string } {
    const token = query['connectionToken'];
    if (!token) return { status: 400, error: ERRORS.missingConnectionToken };
    const read = this.connectionTokens.read(token);
    if (!read) return { status: 400, error: ERRORS.badConnectionToken };
    if (read.user !== user) return { status: 403, error: ERRORS.identityChanged };
    return { connectionId: read.connectionId };
  }

  // ---- SignalR over WebSocket ------------------------------------------------------------------

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const action = url.pathname.toLowerCase();
    const kind: SignalRKind = action === '/signalr/connect' ? 'connect' : action === '/signalr/reconnect' ? 'reconnect' : 'other';
    const record: SignalRRecord = { at: Date.now(), kind, query, status: 0 };
    this.signalr.push(record);
    const refuse = (status: number, reason: string, body: string) => {
      record.status = status;
      const payload = Buffer.from(body, 'utf8');
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.destroy();
      this.notify('signalr', record);
    };
    if (kind === 'other') return refuse(404, 'Not Found', 'Not Found');
    const user = this.userOf(query['token']);
    if (!user) return refuse(401, 'Unauthorized', '');
    if (query['transport'] !== 'webSockets') return refuse(400, 'Bad Request', ERRORS.unknownTransport);
    const hubs = hubNamesOf(query['connectionData']);
    const unknown = hubs?.find((h) => h.toLowerCase() !== this.opts.hub.toLowerCase());
    if (!hubs || unknown !== undefined) return refuse(500, 'Internal Server Error', ERRORS.hubUnknown(unknown ?? ''));
    const checked = this.checkConnectionToken(query, user);
    if ('error' in checked) return refuse(checked.status, checked.status === 403 ? 'Forbidden' : 'Bad Request', checked.error);
    record.connectionId = checked.connectionId;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      record.status = 101;
      this.attach(kind, checked.connectionId, user, ws, query['messageId']);
      this.notify('signalr', record);
    });
  }

  private attach(kind: 'connect' | 'reconnect', connectionId: string, user: string, ws: WebSocket, messageId: string | undefined): void {
    let connection = this.connections.get(connectionId);
    const known = connection !== undefined;
    if (!connection) {
      // A new connection — or one the server has forgotten (DisconnectTimeout passed, restart): the
      // token is still valid, so it is taken up again, without its subscriptions or missed messages.
      connection = {
        id: connectionId,
        user,
        socket: undefined,
        stalled: false,
        started: false,
        subscriptions: new Set(),
        buffer: [],
        keepAlive: undefined,
        forget: undefined,
      };
      this.connections.set(connectionId, connection);
    }
    const conn = connection;
    if (conn.socket && conn.socket !== ws) conn.socket.terminate();
    if (conn.keepAlive) clearInterval(conn.keepAlive);
    conn.forget?.();
    conn.forget = undefined;
    conn.socket = ws;
    conn.stalled = false;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn.socket !== ws || conn.stalled || isBinary) return;
      const reply = this.invoke(conn, data.toString('utf8'));
      if (reply) this.sendFrame(conn, JSON.stringify(reply));
    });
    ws.on('close', () => {
      if (conn.socket !== ws) return;
      conn.socket = undefined;
      if (conn.keepAlive) clearInterval(conn.keepAlive);
      conn.keepAlive = undefined;
      // Forgotten unless it reconnects within DisconnectTimeout.
      conn.forget = this.timer(this.opts.disconnectTimeoutMs, () => {
        if (!conn.socket && this.connections.get(conn.id) === conn) this.connections.delete(conn.id);
        this.notify('change');
      });
      this.notify('change');
    });
    ws.on('error', () => undefined);
    const keepAlive = this.opts.keepAliveMs;
    if (keepAlive !== null) {
      conn.keepAlive = setInterval(() => {
        if (conn.socket !== ws || conn.stalled || ws.readyState !== WebSocket.OPEN) return;
        ws.send('{}');
        this.keepAlivesSent += 1;
      }, keepAlive);
      conn.keepAlive.unref();
    }
    if (kind === 'connect') {
      // The init frame: the client may now POST /start.
      this.sendFrame(conn, JSON.stringify({ C: formatCursor(this.prefix, this.seq), S: 1, M: [] }));
    } else if (known) {
      // Everything after the client's last message id, in one persistent response.
      const from = parseCursor(messageId);
      const missed = from === undefined ? [] : conn.buffer.filter((entry) => entry.seq > from);
      const last = missed.at(-1);
      if (last) this.sendFrame(conn, JSON.stringify({ C: formatCursor(this.prefix, last.seq), M: missed.map((m) => m.message) }));
    }
    this.notify('change');
  }

  /** Runs a hub invocation; returns the reply `{"I":…}` / `{"I":…,"E":…}` (undefined for garbage). */
  private invoke(conn: SimConnection, text: string): Record<string, unknown> | undefined {
    const call = parseInvocation(text);
    if (!call) return undefined;
    let error: string | null = null;
    if (call.hub.toLowerCase() !== this.opts.hub.toLowerCase()) {
      error = ERRORS.hubUnknown(call.hub);
    } else if (call.method.toLowerCase() === this.opts.subscribeMethod.toLowerCase()) {
      const extension = typeof call.args[0] === 'string' || typeof call.args[0] === 'number' ? String(call.args[0]).trim() : '';
      if (!extension) error = 'An extension is required.';
      else if (!conn.subscriptions.has(extension) && conn.subscriptions.size >= this.opts.maxSubscriptions) {
        error = `Demo mode: no more than ${this.opts.maxSubscriptions} lines can be monitored.`;
      } else conn.subscriptions.add(extension);
    } else {
      error = ERRORS.methodUnknown(call.method);
    }
    const record: InvocationRecord = { at: Date.now(), connectionId: conn.id, hub: call.hub, method: call.method, args: call.args, id: call.id, error };
    this.invocations.push(record);
    if (this.invocations.length > MAX_LOG) this.invocations.splice(0, this.invocations.length - MAX_LOG);
    this.notify('invocation', record);
    // A void hub method answers {"I":"n"} only.
    return error === null ? { I: call.id } : { I: call.id, E: error };
  }

  /** A line-state message to every connection subscribed to `line`, buffered for /reconnect. */
  private publish(line: string, args: unknown[]): void {
    const message = { H: this.opts.hub, M: this.opts.lineStateMethod, A: args };
    for (const conn of this.connections.values()) {
      if (!conn.subscriptions.has(line)) continue;
      const seq = ++this.seq;
      conn.buffer.push({ seq, message });
      if (conn.buffer.length > MAX_BUFFER) conn.buffer.splice(0, conn.buffer.length - MAX_BUFFER);
      this.sendFrame(conn, JSON.stringify({ C: formatCursor(this.prefix, seq), M: [message] }));
    }
  }

  private sendFrame(conn: SimConnection, frame: string): void {
    const ws = conn.socket;
    if (!ws || conn.stalled || ws.readyState !== WebSocket.OPEN) return;
    ws.send(frame);
    const record: SentRecord = { at: Date.now(), connectionId: conn.id, frame };
    this.sent.push(record);
    if (this.sent.length > MAX_LOG) this.sent.splice(0, this.sent.length - MAX_LOG);
    this.notify('sent', record);
  }

  private forgetConnection(conn: SimConnection): void {
    if (conn.keepAlive) clearInterval(conn.keepAlive);
    conn.forget?.();
    const socket = conn.socket;
    conn.socket = undefined;
    this.connections.delete(conn.id);
    socket?.terminate();
  }

  // ---- control API and helpers -----------------------------------------------------------------

  private async serveControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const query = Object.fromEntries(url.searchParams);
    afterReply(res, await serveControlRequest(req, res, query, url.pathname, (m, name, p) => runControl(this, m, name, p)));
  }

  private recordLogin(via: LoginRecord['via'], username: string, ok: boolean): void {
    const record: LoginRecord = { at: Date.now(), via, username, ok };
    this.logins.push(record);
    if (this.logins.length > MAX_LOG) this.logins.splice(0, this.logins.length - MAX_LOG);
    this.notify('login', record);
  }

  private timer(ms: number, fn: () => void): () => void {
    if (this.closed) return () => {};
    return trackedTimer(this.timers, ms, fn);
  }

  /** Emits, then lets pending waitFor predicates look at the new state. */
  private notify<K extends keyof RanderSimEvents>(event: K, ...args: RanderSimEvents[K]): void {
    (this.emit as (event: K, ...args: RanderSimEvents[K]) => boolean)(event, ...args);
    this.waiters.check();
  }

  private describe(): string {
    const calls = this.calls()
      .slice(-5)
      .map((c) => `  ${c.id} ${c.direction} line ${c.line} ${c.caller.number}→${c.called.number} ${c.state}${c.result ? ` (${c.result})` : ''}`)
      .join('\n');
    const commands = this.commands
      .slice(-5)
      .map((c) => `  ${c.command}/${c.params.join('/')} → ${c.status}`)
      .join('\n');
    const signalr = this.signalr
      .slice(-8)
      .map((r) => `${r.kind}:${r.status}`)
      .join(', ');
    const connections = this.connectionList()
      .map((c) => `  ${c.id.slice(0, 8)} open=${c.open} started=${c.started} subs=${c.subscriptions.join(',')}`)
      .join('\n');
    return `calls:\n${calls || '  (none)'}\ncommands:\n${commands || '  (none)'}\nsignalr: ${signalr || '(none)'}\nconnections:\n${connections || '  (none)'}`;
  }
}

export function startRanderSim(options: RanderSimOptions = {}): Promise<RanderSim> {
  return RanderSim.start(options);
}
