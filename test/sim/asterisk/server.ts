/**
 * An Asterisk AJAM server (AMI over HTTP) on 127.0.0.1, for tests, benchmarks and the demo of
 * Ringside's Asterisk driver. The driver also runs against real Asterisk, so the wire format
 * follows reference/asterisk-ajam-transcripts.md (real Asterisk 22.10.1) byte for byte: status
 * line and header order, `mansession_id` cookie, CRLF packets, /rawman, /mxml, /manager, the
 * digest-authenticated /arawman family, 404/501 pages, WaitEvent timing and kicking.
 *
 *   const sim = await startAsteriskSim({ secondMs: 20, loginFailDelayMs: 0 });
 *   // driver → `${sim.url}/asterisk/rawman?action=Login&username=ext&secret=ext-secret`
 *   const call = sim.incoming({ from: '74952294989', name: 'ACME Ltd' });
 *   sim.answer(call.id);
 *   await sim.waitFor(() => sim.originates.find((o) => o.exten === '74950000000'));
 *   await sim.close();
 *
 * Pieces: ami.ts (wire primitives), events.ts (Asterisk 12+ / 11 vocabularies), pbx.ts (calls),
 * manager.ts (sessions, actions), control.ts (/sim/ API), page.ts (the page at /), cli.ts.
 *
 * Time: `secondMs` is how long one Asterisk second lasts. It scales httptimeout, WaitEvent
 * Timeout and its httptimeout−10 cap, the 5 s life of unauthenticated sessions, Originate Timeout
 * and the scenario timings, so tests can run the real protocol at 50× speed. The failed-login delay
 * is separate (`loginFailDelayMs`, real milliseconds).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  afterReply,
  describeError,
  readBody,
  searchParamsToRecord,
  sendHtml,
  serveControlRequest,
  startLoopbackServer,
  type LoopbackServer,
} from '../shared/http.ts';
import { trackedTimer, Waiters } from '../shared/waiters.ts';
import { formatSessionId, httpErrorPage, parseFormEncoded, sessionIdFromCookie, translateOutput, type Field } from './ami.ts';
import { runControl, type SimControls } from './control.ts';
import { ModernVocabulary, V11Vocabulary, type Chan } from './events.ts';
import { DEFAULT_USER, Manager, type AmiEvent, type AmiUser, type OriginateRecord, type Session } from './manager.ts';
import { renderSimulatorPage } from './page.ts';
import {
  Pbx,
  type HangupSide,
  type IncomingOutcome,
  type OriginateOutcome,
  type SimCall,
} from './pbx.ts';

export type { AmiEvent, AmiUser, OriginateRecord } from './manager.ts';
export type { CallResult, CallState, HangupSide, IncomingOutcome, OriginateOutcome, SimCall } from './pbx.ts';
export { DEFAULT_USER } from './manager.ts';

export interface AsteriskSimOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** http.conf `prefix`. Default '/asterisk' (the recordings); '' serves /rawman. */
  prefix?: string;
  /** manager.conf users. Default: ext / ext-secret with the recorded read/write classes. */
  users?: AmiUser[];
  /** The user's phone: 'PJSIP/101' (default; 'SIP/101' in v11 mode) or the lab's 'Local/101@phones'. */
  device?: string;
  /** Caller ID name the outbound dialplan gives the phone. Default 'Phone <exten>'. */
  deviceName?: string;
  /** The ring-group member that answers "elsewhere". Default '102'. */
  otherPhone?: string;
  /** PJSIP endpoint context. Default 'from-internal'. */
  deviceContext?: string;
  /** Asterisk 11 vocabulary and HTTP quirks instead of Asterisk 12+. */
  v11?: boolean;
  /** CoreSettings AsteriskVersion. Default '22.10.1' ('11.25.3' with v11). */
  asteriskVersion?: string;
  /** manager.conf httptimeout (seconds): cookie Max-Age, idle session life. Default 60. */
  httpTimeoutSec?: number;
  /** Real milliseconds per Asterisk second. Default 1000. */
  secondMs?: number;
  /** Delay before "Authentication failed" (real ms). Default 1000, as manager.c's sleep(1). */
  loginFailDelayMs?: number;
  /** Device ring time before an automatic outcome, in Asterisk milliseconds. Default 3000. */
  ringMs?: number;
  /** Far-end ring time of a click-to-dial call. Default 3000. */
  farRingMs?: number;
  /** Automatic hang-up after this long connected; 0 (default) = until told. */
  talkMs?: number;
  /** http.conf `servername` (Server header). Default 'Asterisk', as recorded. */
  serverName?: string;
  /** manager.conf allowmultiplelogin. Default true. */
  allowMultipleLogin?: boolean;
  /** manager.conf timestampevents. Default false. */
  timestampEvents?: boolean;
  /** Contexts in which Originate finds extensions; null (default) = every context exists. */
  contexts?: string[] | null;
  /** Largest accepted POST body (bytes) before 413. Default 40960. */
  maxPostBytes?: number;
}

export type AjamEndpoint = 'rawman' | 'mxml' | 'manager' | 'arawman' | 'amxml' | 'amanager';

export interface RequestRecord {
  method: string;
  path: string;
  endpoint: AjamEndpoint | null;
  /** The Action parameter as sent ('' if none). */
  action: string;
  /** Request parameters in order, without Secret/Key values. */
  params: Field[];
  /** mansession_id of the session that served the request (8 hex digits), if any. */
  session: string | null;
  status: number | null;
  at: number;
  finishedAt: number | null;
}

export interface SimSettings {
  offline: boolean;
  htmlMode: boolean;
  delayMs: number;
  v11: boolean;
  prefix: string;
  device: string;
  asteriskVersion: string;
  httpTimeoutSec: number;
  secondMs: number;
  users: string[];
}

export interface AsteriskSimEvents {
  request: [RequestRecord];
  event: [AmiEvent];
  originate: [OriginateRecord];
  change: [];
}

/** What a reverse proxy in front of Asterisk answers when it wants its own login. */
const PROXY_LOGIN_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in</title></head>
<body><form method="post" action="/auth/login"><h1>Sign in to continue</h1>
<label>User <input name="user"></label> <label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></body></html>
`;

const MAX_EVENT_LOG = 20_000;

export class AsteriskSim extends EventEmitter<AsteriskSimEvents> implements SimControls {
  /** Every AJAM request (not /sim/ or the page), in arrival order. Cleared by resetLog(). */
  readonly requests: RequestRecord[] = [];
  /** Every AMI event the PBX published, in order (capped at 20 000). Cleared by resetLog(). */
  readonly events: AmiEvent[] = [];
  /** Every Originate action received, with all its fields. Cleared by resetLog(). */
  readonly originates: OriginateRecord[] = [];

  private readonly opts: Required<Omit<AsteriskSimOptions, 'contexts' | 'port'>> & { contexts: string[] | null };
  private readonly pbx: Pbx;
  private readonly manager: Manager;
  private readonly waiters = new Waiters();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly lifetime = new AbortController();
  private readonly nonces = new Map<string, number | null>();
  private http: LoopbackServer | undefined;
  private boundPort = 0;
  private eventSeq = 0;
  private offline = false;
  private htmlMode = false;
  private delayMs = 0;
  private closed = false;
  private purgeTimer: NodeJS.Timeout | undefined;

  private constructor(options: AsteriskSimOptions) {
    super();
    const v11 = options.v11 ?? false;
    const device = options.device ?? (v11 ? 'SIP/101' : 'PJSIP/101');
    const exten = /\/([^@/]+)/.exec(device)?.[1] ?? '101';
    this.opts = {
      prefix: normalisePrefix(options.prefix ?? '/asterisk'),
      users: options.users ?? [DEFAULT_USER],
      device,
      deviceName: options.deviceName ?? `Phone ${exten}`,
      otherPhone: options.otherPhone ?? '102',
      deviceContext: options.deviceContext ?? 'from-internal',
      v11,
      asteriskVersion: options.asteriskVersion ?? (v11 ? '11.25.3' : '22.10.1'),
      httpTimeoutSec: positive(options.httpTimeoutSec ?? 60, 'httpTimeoutSec'),
      secondMs: positive(options.secondMs ?? 1000, 'secondMs'),
      loginFailDelayMs: nonNegative(options.loginFailDelayMs ?? 1000, 'loginFailDelayMs'),
      ringMs: nonNegative(options.ringMs ?? 3000, 'ringMs'),
      farRingMs: nonNegative(options.farRingMs ?? 3000, 'farRingMs'),
      talkMs: nonNegative(options.talkMs ?? 0, 'talkMs'),
      serverName: options.serverName ?? 'Asterisk',
      allowMultipleLogin: options.allowMultipleLogin ?? true,
      timestampEvents: options.timestampEvents ?? false,
      contexts: options.contexts ?? null,
      maxPostBytes: nonNegative(options.maxPostBytes ?? 40_960, 'maxPostBytes'),
    };
    const publish = (name: string, category: number, fields: Field[]): void => this.publish(name, category, fields);
    const vocabulary = v11 ? new V11Vocabulary(publish) : new ModernVocabulary(publish);
    this.pbx = new Pbx(
      {
        device,
        deviceName: this.opts.deviceName,
        otherPhone: this.opts.otherPhone,
        deviceContext: this.opts.deviceContext,
        ringMs: this.opts.ringMs,
        farRingMs: this.opts.farRingMs,
        talkMs: this.opts.talkMs,
      },
      vocabulary,
      { now: () => Date.now(), after: (ms, fn) => this.timer((ms * this.opts.secondMs) / 1000, fn) },
      () => this.notify('change'),
    );
    const startedAt = Date.now();
    this.manager = new Manager(
      {
        users: this.opts.users,
        httpTimeoutSec: this.opts.httpTimeoutSec,
        secondMs: this.opts.secondMs,
        loginFailDelayMs: this.opts.loginFailDelayMs,
        allowMultipleLogin: this.opts.allowMultipleLogin,
        timestampEvents: this.opts.timestampEvents,
        asteriskVersion: this.opts.asteriskVersion,
        amiVersion: v11 ? '1.3' : `${Number.parseInt(this.opts.asteriskVersion, 10) - 11}.0.0`,
        v11,
        contexts: this.opts.contexts,
      },
      {
        now: () => Date.now(),
        timer: (ms, fn) => this.timer(ms, fn),
        pbx: () => this.pbx,
        publish,
        recordOriginate: (record) => {
          this.originates.push(record);
          this.notify('originate', record);
        },
        changed: () => this.notify('change'),
        startedAt,
      },
    );
  }

  static async start(options: AsteriskSimOptions = {}): Promise<AsteriskSim> {
    const sim = new AsteriskSim(options);
    sim.http = await startLoopbackServer(options.port ?? 0, (req, res) => sim.handle(req, res));
    sim.boundPort = sim.http.port;
    sim.purgeTimer = setInterval(() => sim.manager.purge(), Math.max(20, 5 * sim.opts.secondMs));
    sim.purgeTimer.unref();
    return sim;
  }

  /** "http://127.0.0.1:<port>" */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    if (this.boundPort === 0) throw new Error('Asterisk simulator is not listening yet');
    return this.boundPort;
  }

  /** The AJAM base a driver is configured with, e.g. "http://127.0.0.1:8088/asterisk". */
  get baseUrl(): string {
    return `${this.url}${this.opts.prefix}`;
  }

  /** "<baseUrl>/rawman" */
  get rawmanUrl(): string {
    return `${this.baseUrl}/rawman`;
  }

  // ---- readers -------------------------------------------------------------------------------

  calls(): SimCall[] {
    return this.pbx.listCalls();
  }

  call(id: string): SimCall | undefined {
    return this.pbx.call(id);
  }

  /** Live channels (what CoreShowChannels lists). */
  channels(): Chan[] {
    return this.pbx.channels();
  }

  /** The configured device, e.g. 'PJSIP/101'. */
  get device(): string {
    return this.pbx.deviceSpec.device;
  }

  currentSettings(): SimSettings {
    return {
      offline: this.offline,
      htmlMode: this.htmlMode,
      delayMs: this.delayMs,
      v11: this.opts.v11,
      prefix: this.opts.prefix,
      device: this.pbx.deviceSpec.device,
      asteriskVersion: this.opts.asteriskVersion,
      httpTimeoutSec: this.opts.httpTimeoutSec,
      secondMs: this.opts.secondMs,
      users: this.opts.users.map((u) => u.username),
    };
  }

  sessions(): ReturnType<Manager['sessionList']> {
    return this.manager.sessionList();
  }

  /**
   * AJAM requests so far. A string matches the Action case-insensitively (`'WaitEvent'`), or the
   * path prefix when it starts with '/'; a function is a free predicate.
   */
  requestCount(filter?: string | ((r: RequestRecord) => boolean)): number {
    if (filter === undefined) return this.requests.length;
    if (typeof filter === 'function') return this.requests.filter(filter).length;
    if (filter.startsWith('/')) return this.requests.filter((r) => r.path.startsWith(filter)).length;
    const lower = filter.toLowerCase();
    return this.requests.filter((r) => r.action.toLowerCase() === lower).length;
  }

  /** Empties requests, events and originates in place. */
  resetLog(): void {
    this.requests.length = 0;
    this.events.length = 0;
    this.originates.length = 0;
  }

  stateSnapshot(): Record<string, unknown> {
    return {
      settings: this.currentSettings(),
      calls: this.calls().slice(-30),
      channels: this.channels().map((c) => ({
        name: c.name,
        state: c.state,
        uniqueid: c.uniqueid,
        linkedid: c.linkedid,
        callerIdNum: c.cidNum,
        callerIdName: c.cidName,
        connectedLineNum: c.conNum,
        connectedLineName: c.conName,
        application: c.app,
      })),
      originates: this.originates.slice(-30).map((o) => ({
        at: o.at,
        channel: o.channel,
        context: o.context,
        exten: o.exten,
        callerId: o.callerId,
        async: o.async,
        actionId: o.actionId,
        variables: o.variables,
        reply: o.reply,
        callId: o.callId,
      })),
      originateOutcomes: this.pbx.originateSettings(),
      sessions: this.sessions().map((s) => ({ ...s, id: formatSessionId(s.id) })),
      recentEvents: this.events.slice(-40).map((e) => ({
        seq: e.seq,
        name: e.name,
        channel: e.fields.find(([k]) => k === 'Channel' || k === 'DestChannel')?.[1] ?? '',
        at: e.at,
      })),
      requestCount: this.requests.length,
    };
  }

  // ---- incoming calls ------------------------------------------------------------------------

  /**
   * A call rings the user's device. `outcome` runs by itself after `ringMs`; without one the call
   * rings until answer()/hangup()/missed()/answeredElsewhere()/busy()/reject().
   */
  incoming(input: { from: string; name?: string; outcome?: IncomingOutcome | 'manual'; ringGroup?: boolean }): SimCall {
    return this.pbx.incoming(input);
  }

  answer(id?: string): SimCall {
    return this.pbx.answer(id);
  }

  hangup(id?: string, side: HangupSide = 'device'): SimCall {
    return this.pbx.hangup(id, side);
  }

  missed(id?: string): SimCall {
    return this.pbx.missed(id);
  }

  answeredElsewhere(id?: string): SimCall {
    return this.pbx.answeredElsewhere(id);
  }

  busy(id?: string): SimCall {
    return this.pbx.busy(id);
  }

  reject(id?: string): SimCall {
    return this.pbx.reject(id);
  }

  hold(id?: string): SimCall {
    return this.pbx.hold(id);
  }

  unhold(id?: string): SimCall {
    return this.pbx.unhold(id);
  }

  // ---- click-to-dial outcomes ----------------------------------------------------------------

  /** The next Originate ends like this (each call queues one more). */
  nextOriginate(outcome: OriginateOutcome): void {
    this.pbx.queueOriginateOutcome(outcome);
  }

  /** Every Originate to `number` (its Exten) ends like this; null removes the rule. */
  originateOutcomeFor(number: string, outcome: OriginateOutcome | null): void {
    this.pbx.setOriginateOutcomeFor(number, outcome);
  }

  /** Outcome when neither of the above applies. Default 'answer'. */
  defaultOriginateOutcome(outcome: OriginateOutcome): void {
    this.pbx.setDefaultOriginateOutcome(outcome);
  }

  // ---- fault injection -----------------------------------------------------------------------

  /**
   * Offline: the listening socket closes and open connections are dropped, so requests get
   * "connection refused". The PBX keeps running (sessions, queued events, pending WaitEvents).
   */
  async setOffline(offline: boolean): Promise<void> {
    if (offline === this.offline || this.closed) return;
    this.offline = offline;
    if (offline) {
      await this.http?.close();
    } else {
      this.http = await startLoopbackServer(this.boundPort, (req, res) => this.handle(req, res));
    }
    this.notify('change');
  }

  /** Every session is gone now: the next request gets "Permission denied" and a new cookie. */
  expireSessions(): number {
    const n = this.manager.expireAll();
    this.notify('change');
    return n;
  }

  /** Pending WaitEvents return at once with an empty body, as if a newer WaitEvent kicked them. */
  kickWaitEvents(): number {
    const n = this.manager.kickWaiters();
    this.notify('change');
    return n;
  }

  /** Every AJAM reply waits `ms` first. */
  setDelay(ms: number): void {
    this.delayMs = nonNegative(ms, 'delay');
  }

  /** AJAM URLs answer 200 text/html with a proxy login page instead of rawman. */
  setHtmlMode(on: boolean): void {
    this.htmlMode = on;
  }

  // ---- waiting and shutdown ------------------------------------------------------------------

  /**
   * Resolves with the predicate's first truthy value, re-checked after every request, AMI event,
   * Originate and call change — no polling. Rejects after `timeoutMs`.
   */
  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(predicate, timeoutMs, () => this.describe());
  }

  /** Stops the server, drops every connection, cancels timers and rejects pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    this.pbx.dispose();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.waiters.rejectAll('Asterisk simulator closed');
    await this.http?.close();
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/sim/')) return this.serveControl(req, res, url);
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      req.resume();
      return sendHtml(res, 200, renderSimulatorPage());
    }
    const endpoint = this.endpointFor(path);
    if (!endpoint) {
      req.resume();
      this.writeReply(req, res, 404, 'Not Found', [['Content-type', 'text/html']], httpErrorPage(404, 'Not Found', 'The requested URL was not found on this server.', this.opts.serverName));
      return;
    }
    return this.serveAjam(req, res, url, endpoint);
  }

  private endpointFor(path: string): AjamEndpoint | null {
    const prefix = this.opts.prefix;
    if (!path.startsWith(`${prefix}/`)) return null;
    const rest = path.slice(prefix.length + 1);
    switch (rest) {
      case 'rawman':
      case 'mxml':
      case 'manager':
      case 'arawman':
      case 'amxml':
      case 'amanager':
        return rest;
      default:
        return null;
    }
  }

  private async serveAjam(req: IncomingMessage, res: ServerResponse, url: URL, endpoint: AjamEndpoint): Promise<void> {
    const method = req.method ?? 'GET';
    const record: RequestRecord = {
      method,
      path: url.pathname,
      endpoint,
      action: '',
      params: [],
      session: null,
      status: null,
      at: Date.now(),
      finishedAt: null,
    };
    this.requests.push(record);
    const finish = (status: number): void => {
      record.status = status;
      record.finishedAt = Date.now();
    };
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      req.resume();
      this.notify('request', record);
      finish(501);
      this.writeReply(req, res, 501, 'Not Implemented', [['Content-type', 'text/html']], httpErrorPage(501, 'Not Implemented', 'Attempt to use unimplemented / unsupported method', this.opts.serverName));
      return;
    }
    let params: Field[];
    if (method === 'POST') {
      const declared = Number(req.headers['content-length'] ?? '0');
      if (declared > this.opts.maxPostBytes) {
        req.resume();
        this.notify('request', record);
        finish(413);
        this.writeReply(req, res, 413, 'Request Entity Too Large', [['Content-type', 'text/html']], httpErrorPage(413, 'Request Entity Too Large', 'Body too large', this.opts.serverName));
        return;
      }
      let body: string;
      try {
        body = await readBody(req);
      } catch (err) {
        finish(400);
        this.writeReply(req, res, 400, 'Bad Request', [['Content-type', 'text/html']], httpErrorPage(400, 'Bad Request', describeError(err), this.opts.serverName));
        return;
      }
      if (Buffer.byteLength(body) > this.opts.maxPostBytes) {
        this.notify('request', record);
        finish(413);
        this.writeReply(req, res, 413, 'Request Entity Too Large', [['Content-type', 'text/html']], httpErrorPage(413, 'Request Entity Too Large', 'Body too large', this.opts.serverName));
        return;
      }
      // http.c only reads application/x-www-form-urlencoded bodies; the query string of a POST is ignored.
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      params = type === 'application/x-www-form-urlencoded' ? parseFormEncoded(body) : [];
    } else {
      req.resume();
      params = parseFormEncoded(url.search.slice(1));
    }
    record.params = params.map(([k, v]): Field => (/^(secret|key)$/i.test(k) ? [k, '***'] : [k, v]));
    record.action = params.find(([k]) => k.toLowerCase() === 'action')?.[1] ?? '';
    this.notify('request', record);
    try {
      if (this.delayMs > 0) await sleepFor(this.delayMs, undefined, { signal: this.lifetime.signal });
    } catch {
      return; // closing
    }
    if (this.htmlMode) {
      finish(200);
      if (!res.destroyed) sendHtml(res, 200, PROXY_LOGIN_PAGE);
      return;
    }
    const format = endpoint === 'mxml' || endpoint === 'amxml' ? 'xml' : endpoint === 'manager' || endpoint === 'amanager' ? 'html' : 'raw';
    const contentType = format === 'xml' ? 'text/xml' : format === 'html' ? 'text/html' : 'text/plain';
    let session: Session;
    const digest = endpoint.startsWith('a');
    if (digest) {
      const auth = this.checkDigest(req, method);
      if (!auth) {
        finish(401);
        this.sendDigestChallenge(req, res);
        return;
      }
      session = this.manager.acquireDigest(auth.user, this.nonces.get(auth.nonce) ?? null);
      this.nonces.set(auth.nonce, session.id);
    } else {
      session = this.manager.acquire(sessionIdFromCookie(req.headers.cookie));
    }
    record.session = formatSessionId(session.id);
    let text: string | null;
    let destroy = false;
    try {
      const result = await this.manager.process(session, params);
      text = result.text;
      destroy = result.destroy ?? false;
    } finally {
      this.manager.release(session, destroy);
    }
    const body = format === 'raw' ? (text ?? '') : translateOutput(text ?? '', format, ajaxParam(params, 'ajaxdest'), ajaxParam(params, 'ajaxobjtype'));
    const headers: Array<[string, string]> = [['Content-type', contentType]];
    if (!digest) {
      headers.push(
        ['Set-Cookie', `mansession_id="${formatSessionId(session.id)}"; Version=1; Max-Age=${Math.max(1, Math.round(this.opts.httpTimeoutSec))}`],
        ['Pragma', 'SuppressEvents'],
      );
    }
    finish(200);
    this.notify('change');
    this.writeReply(req, res, 200, 'OK', headers, body);
  }

  /**
   * Writes a reply with Asterisk's header set and order (http.c ast_http_send): Server, Date,
   * Cache-Control, the handler's headers, Content-Length — and no Connection/Keep-Alive header, as
   * in the recordings. Asterisk 11 sent `Connection: close`, Content-Length before the handler's
   * headers, and closed every connection.
   */
  private writeReply(req: IncomingMessage, res: ServerResponse, status: number, title: string, headers: Array<[string, string]>, body: string): void {
    if (res.destroyed || res.writableEnded) return;
    res.sendDate = false;
    const length = String(Buffer.byteLength(body));
    const all: Array<[string, string]> = [
      ['Server', this.opts.serverName],
      ['Date', new Date().toUTCString()],
    ];
    if (this.opts.v11) {
      all.push(['Connection', 'close'], ['Cache-Control', 'no-cache, no-store'], ['Content-Length', length], ...headers);
    } else {
      res.removeHeader('Connection');
      all.push(['Cache-Control', 'no-cache, no-store'], ...headers, ['Content-Length', length]);
    }
    for (const [k, v] of all) res.setHeader(k, v);
    res.writeHead(status, title);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private sendDigestChallenge(req: IncomingMessage, res: ServerResponse): void {
    const nonce = randomBytes(4).toString('hex');
    this.nonces.set(nonce, null);
    if (this.nonces.size > 1000) {
      const oldest = this.nonces.keys().next().value;
      if (oldest !== undefined) this.nonces.delete(oldest);
    }
    this.writeReply(
      req,
      res,
      401,
      'Unauthorized',
      [
        ['WWW-authenticate', `Digest algorithm=MD5, realm="asterisk", nonce="${nonce}", qop="auth", opaque="${nonce}"`],
        ['Content-type', 'text/html'],
      ],
      httpErrorPage(401, 'Unauthorized', '', this.opts.serverName),
    );
  }

  /** HTTP Digest (MD5, qop=auth, realm "asterisk") against the AMI users; Basic is refused. */
  private checkDigest(req: IncomingMessage, method: string): { user: AmiUser; nonce: string } | null {
    const header = req.headers.authorization ?? '';
    if (!/^Digest\s/i.test(header)) return null;
    const fields = new Map<string, string>();
    for (const m of header.slice(7).matchAll(/([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) {
      fields.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? '');
    }
    const username = fields.get('username') ?? '';
    const nonce = fields.get('nonce') ?? '';
    const user = this.opts.users.find((u) => u.username === username);
    if (!user || !this.nonces.has(nonce)) return null;
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${username}:asterisk:${user.secret}`);
    const ha2 = md5(`${method}:${fields.get('uri') ?? ''}`);
    const qop = fields.get('qop');
    const expected = qop
      ? md5(`${ha1}:${nonce}:${fields.get('nc') ?? ''}:${fields.get('cnonce') ?? ''}:${qop}:${ha2}`)
      : md5(`${ha1}:${nonce}:${ha2}`);
    return expected === (fields.get('response') ?? '').toLowerCase() ? { user, nonce } : null;
  }

  private async serveControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const query = searchParamsToRecord(url.searchParams);
    afterReply(res, await serveControlRequest(req, res, query, url.pathname, (m, name, p) => runControl(this, m, name, p)));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private publish(name: string, category: number, fields: Field[]): void {
    const ev: AmiEvent = { seq: ++this.eventSeq, name, category, fields, at: Date.now() };
    this.events.push(ev);
    if (this.events.length > MAX_EVENT_LOG) this.events.splice(0, this.events.length - MAX_EVENT_LOG);
    this.manager.deliver(ev);
    this.notify('event', ev);
  }

  private timer(ms: number, fn: () => void): () => void {
    if (this.closed) return () => {};
    return trackedTimer(this.timers, ms, fn);
  }

  /** Emits, then lets pending waitFor predicates look at the new state. */
  private notify<K extends keyof AsteriskSimEvents>(event: K, ...args: AsteriskSimEvents[K]): void {
    (this.emit as (event: K, ...args: AsteriskSimEvents[K]) => boolean)(event, ...args);
    this.waiters.check();
  }

  private describe(): string {
    const calls = this.calls()
      .slice(-5)
      .map((c) => `  ${c.id} ${c.direction} ${c.number} ${c.state}${c.result ? ` (${c.result})` : ''}`)
      .join('\n');
    const reqs = this.requests
      .slice(-5)
      .map((r) => `  ${r.method} ${r.path} action=${r.action} → ${r.status ?? 'pending'}`)
      .join('\n');
    const evs = this.events
      .slice(-8)
      .map((e) => e.name)
      .join(', ');
    return `calls:\n${calls || '  (none)'}\nlast requests:\n${reqs || '  (none)'}\nlast events: ${evs || '(none)'}`;
  }
}

export function startAsteriskSim(options: AsteriskSimOptions = {}): Promise<AsteriskSim> {
  return AsteriskSim.start(options);
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

function ajaxParam(params: Field[], name: string): string | undefined {
  const hit = params.find(([k]) => k.toLowerCase() === name);
  return hit ? hit[1] : undefined;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}
