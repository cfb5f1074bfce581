/**
 * A Grandstream desk phone's CTI HTTP API on 127.0.0.1, for tests and the demo.
 *
 * Faithful to reference/protocols.md §1.3–1.10 (see cti.ts for the endpoints), plus:
 * - a control API under /sim/ (control.ts) and a page at / (page.ts) to drive calls;
 * - fault modes a driver must survive: offline (socket destroyed), HTML login page instead of JSON
 *   (newer web-session firmware, §1.12), malformed JSON, slow replies, wrong password.
 *
 *   const sim = await startGrandstreamSim({ password: 'secret' });
 *   sim.ring('+74951234567', 'Ivan');
 *   await sim.waitFor(() => sim.operations.find((o) => o.cmd === 'acceptcall'));
 *   await sim.close();
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleepFor } from 'node:timers/promises';
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
import { ControlError, runControl, type SimControls } from './control.ts';
import { handleCti, notFound, tinyPage, type AuthFailureMode, type CtiContext, type CtiReply } from './cti.ts';
import { renderSimulatorPage } from './page.ts';
import { PhoneModel, SimStateError, type LineChange, type PhoneStatus, type WireLine } from './phone.ts';

export type { LineChange, PhoneStatus, WireLine } from './phone.ts';
export type { AuthFailureMode } from './cti.ts';

export interface GrandstreamSimOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Web admin password checked as `passcode=` (§1.3). Default 'admin'. */
  password?: string;
  /** Number of line keys. Default 3. */
  lines?: number;
  /** Time each `api-send_key` key takes before the reply. Default 20 ms. */
  sendKeyDelayMs?: number;
  /** false = firmware without `api-make_call` (404), so drivers must fall back to send_key (§1.5). */
  hasMakeCall?: boolean;
  /** How a wrong passcode is answered (§1.6 [?]). Default 'http401'. */
  authFailure?: AuthFailureMode;
}

export interface DialRecord {
  number: string;
  /** The `account` parameter as sent to api-make_call, null if absent or dialled by keys. */
  account: string | null;
  via: 'make_call' | 'send_key';
  at: number;
}

export interface OperationRecord {
  cmd: string;
  at: number;
  ok: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  at: number;
}

/** A digit sent with api-send_key during a connected call (DTMF). */
export interface DtmfRecord {
  line: number;
  key: string;
  at: number;
}

export interface SimSettings {
  password: string;
  hasMakeCall: boolean;
  authFailure: AuthFailureMode;
  sendKeyDelayMs: number;
  offline: boolean;
  htmlMode: boolean;
  malformed: boolean;
  delayMs: number;
}

export interface GrandstreamSimEvents {
  request: [RequestRecord];
  dial: [DialRecord];
  operation: [OperationRecord];
  change: [LineChange];
  dtmf: [DtmfRecord];
}

/**
 * Real phones label JSON sloppily; text/plain is what the simulator sends so a driver that insists
 * on application/json fails here rather than in the field. Drivers must not rely on Content-Type.
 */
const CTI_JSON_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** The page newer firmware serves instead of the CTI answer when it wants a web login (§1.12). */
const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Grandstream Device Configuration</title></head>
<body><form action="/cgi-bin/dologin" method="post"><h1>Grandstream Device Configuration</h1>
<label>Username <input name="username"></label> <label>Password <input name="password" type="password"></label>
<button type="submit">Login</button></form></body></html>
`;

export class GrandstreamSim extends EventEmitter<GrandstreamSimEvents> implements SimControls {
  /** Numbers dialled, in order. Cleared by resetLog(). */
  readonly dialled: DialRecord[] = [];
  /** api-phone_operation calls, in order. Cleared by resetLog(). */
  readonly operations: OperationRecord[] = [];
  /** Every CTI request (/cgi-bin/…), including those refused or dropped. Cleared by resetLog(). */
  readonly requests: RequestRecord[] = [];
  readonly dtmf: DtmfRecord[] = [];

  private readonly settings: SimSettings;
  private readonly phone: PhoneModel;
  private readonly waiters = new Waiters();
  /** Aborts pending delays (send_key, setDelay) when the simulator closes. */
  private readonly lifetime = new AbortController();
  private http: LoopbackServer | undefined;

  private constructor(opts: GrandstreamSimOptions) {
    super();
    this.settings = {
      password: opts.password ?? 'admin',
      hasMakeCall: opts.hasMakeCall ?? true,
      authFailure: opts.authFailure ?? 'http401',
      sendKeyDelayMs: nonNegative(opts.sendKeyDelayMs ?? 20, 'sendKeyDelayMs'),
      offline: false,
      htmlMode: false,
      malformed: false,
      delayMs: 0,
    };
    this.phone = new PhoneModel(opts.lines ?? 3, (change) => this.notify('change', change));
  }

  static async start(opts: GrandstreamSimOptions = {}): Promise<GrandstreamSim> {
    const sim = new GrandstreamSim(opts);
    sim.http = await startLoopbackServer(opts.port ?? 0, (req, res) => sim.handle(req, res));
    return sim;
  }

  /** "http://127.0.0.1:<port>" */
  get url(): string {
    return this.listening().url;
  }

  get port(): number {
    return this.listening().port;
  }

  // ---- state readers -------------------------------------------------------------------------

  /** A copy of the lines in the `api-get_line_status` wire shape (§1.7). */
  lines(): WireLine[] {
    return this.phone.snapshot();
  }

  phoneStatus(): PhoneStatus {
    return this.phone.status();
  }

  /** A copy of the current settings (password, fault modes, delays). */
  currentSettings(): SimSettings {
    return { ...this.settings };
  }

  /** CTI requests so far, optionally only those whose path starts with `pathPrefix`. */
  requestCount(pathPrefix?: string): number {
    if (pathPrefix === undefined) return this.requests.length;
    return this.requests.filter((r) => r.path.startsWith(pathPrefix)).length;
  }

  /** Empties dialled, operations, requests and dtmf in place (references held by tests stay valid). */
  resetLog(): void {
    this.dialled.length = 0;
    this.operations.length = 0;
    this.requests.length = 0;
    this.dtmf.length = 0;
  }

  stateSnapshot(): Record<string, unknown> {
    return {
      lines: this.lines(),
      phoneStatus: this.phone.status(),
      dialled: [...this.dialled],
      operations: [...this.operations],
      dtmf: [...this.dtmf],
      requestCount: this.requests.length,
      settings: this.currentSettings(),
    };
  }

  // ---- call control (what happens at the phone or at the far end) ---------------------------

  /** An incoming call starts ringing on `line` or the first idle line; returns the line used. */
  ring(number: string, name: string, line?: number): number {
    return this.phone.ring(number, name, line);
  }

  /** The user lifts the handset: ringing → connected. */
  answerOnHandset(line?: number): number {
    const target = this.phone.require(['ringing'], line, 'answer on handset');
    this.phone.answer(target);
    return target.line;
  }

  /** Another phone in the ring group picked up: ringing → idle without ever connecting here. */
  answeredElsewhere(line?: number): number {
    const target = this.phone.require(['ringing'], line, 'answer elsewhere');
    this.phone.release(target);
    return target.line;
  }

  /** The far end hangs up (or the caller gives up): any busy line → idle. */
  remoteHangup(line?: number): number {
    if (line !== undefined) this.phone.checkLineNumber(line);
    const target = line === undefined ? this.phone.pickBusy() : this.phone.lineByNumber(line);
    if (!target || target.state === 'idle') {
      throw new SimStateError(`cannot hang up remotely: ${line === undefined ? 'every line is' : `line ${line} is`} idle`);
    }
    this.phone.release(target);
    return target.line;
  }

  /** The called party answers an outgoing call: calling → connected. */
  remoteAnswer(line?: number): number {
    const target = this.phone.require(['calling'], line, 'answer remotely');
    this.phone.connect(target);
    return target.line;
  }

  /** Any state string, including ones the reference has not seen (§1.7: drivers must cope). */
  setLineState(line: number, state: string): void {
    this.phone.setState(line, state);
  }

  // ---- fault injection -----------------------------------------------------------------------

  /** Offline: every CTI request's socket is destroyed unanswered (the control API keeps working). */
  setOffline(offline: boolean): void {
    this.settings.offline = offline;
  }

  setPassword(password: string): void {
    this.settings.password = password;
  }

  /** CTI endpoints answer 200 text/html with a web login page instead of JSON (§1.12). */
  setHtmlMode(on: boolean): void {
    this.settings.htmlMode = on;
  }

  /** CTI endpoints answer 200 application/json with a truncated, unparseable body. */
  setMalformed(on: boolean): void {
    this.settings.malformed = on;
  }

  /** Every CTI reply waits `ms` first (a slow or Wi-Fi power-saving phone, §1.13). */
  setDelay(ms: number): void {
    this.settings.delayMs = nonNegative(ms, 'delay');
  }

  // ---- waiting and shutdown ------------------------------------------------------------------

  /**
   * Resolves with the predicate's first truthy value, re-checking after every event the simulator
   * emits (request, dial, operation, change, dtmf) — no polling. Rejects after `timeoutMs`.
   */
  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(predicate, timeoutMs, () => this.describe());
  }

  /** Stops the server, drops every open connection and rejects pending waits. */
  async close(): Promise<void> {
    this.lifetime.abort();
    this.waiters.rejectAll('Grandstream simulator closed');
    await this.http?.close();
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseRequest(req);
    if (parsed.path.startsWith('/cgi-bin/')) return this.serveCti(req, res, parsed);
    if (parsed.path.startsWith('/sim/')) return this.serveControl(req, res, parsed);
    drainBody(req);
    if (parsed.path === '/' && parsed.method === 'GET') return sendHtml(res, 200, renderSimulatorPage());
    sendHtml(res, 404, tinyPage('404 Not Found', 'Not Found'));
  }

  private async serveCti(req: IncomingMessage, res: ServerResponse, parsed: ParsedRequest): Promise<void> {
    drainBody(req);
    this.notify('request', this.record(this.requests, { ...parsed, at: Date.now() }));
    if (this.settings.offline) return void req.socket.destroy();
    try {
      if (this.settings.delayMs > 0) await this.sleep(this.settings.delayMs);
      if (this.settings.offline) return void req.socket.destroy();
      if (this.settings.htmlMode) return sendHtml(res, 200, LOGIN_PAGE);
      // §1.3: GET in the guides, POST with the same query string works too; other methods do not.
      const reply: CtiReply =
        parsed.method === 'GET' || parsed.method === 'POST'
          ? await handleCti(this.ctiContext(), parsed.path, parsed.query)
          : notFound();
      this.writeCtiReply(res, reply);
    } catch (err) {
      if (this.lifetime.signal.aborted) return; // closing: the socket is gone anyway
      throw err;
    }
  }

  private writeCtiReply(res: ServerResponse, reply: CtiReply): void {
    if (reply.kind === 'html') return sendHtml(res, reply.status, reply.html);
    const text = JSON.stringify(reply.envelope);
    // Half of a JSON object is never valid JSON: always a parse error for the driver.
    if (this.settings.malformed) return send(res, 200, 'application/json', text.slice(0, Math.ceil(text.length / 2)));
    send(res, 200, CTI_JSON_CONTENT_TYPE, text);
  }

  private async serveControl(req: IncomingMessage, res: ServerResponse, parsed: ParsedRequest): Promise<void> {
    await serveControlRequest(req, res, parsed.query, parsed.path, async (m, name, p) => runControl(this, m, name, p));
  }

  private ctiContext(): CtiContext {
    return {
      phone: this.phone,
      settings: this.settings,
      recordDial: (number, account, via) => {
        this.notify('dial', this.record(this.dialled, { number, account, via, at: Date.now() }));
      },
      recordOperation: (cmd, ok) => {
        this.notify('operation', this.record(this.operations, { cmd, ok, at: Date.now() }));
      },
      recordDtmf: (line, key) => {
        this.notify('dtmf', this.record(this.dtmf, { line, key, at: Date.now() }));
      },
      sleep: (ms) => this.sleep(ms),
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private record<T>(log: T[], entry: T): T {
    log.push(entry);
    return entry;
  }

  /** Emits, then lets pending waitFor predicates look at the new state. */
  private notify<K extends keyof GrandstreamSimEvents>(event: K, ...args: GrandstreamSimEvents[K]): void {
    (this.emit as (event: K, ...args: GrandstreamSimEvents[K]) => boolean)(event, ...args);
    this.waiters.check();
  }

  private sleep(ms: number): Promise<void> {
    return sleepFor(ms, undefined, { signal: this.lifetime.signal });
  }

  private listening(): LoopbackServer {
    if (!this.http) throw new Error('Grandstream simulator is not listening yet');
    return this.http;
  }

  private describe(): string {
    const lines = this.phone
      .snapshot()
      .map((l) => `  line ${l.line}: ${l.state}${l.remotenumber ? ` ${l.remotenumber}` : ''}${l.active ? ' (active)' : ''}`)
      .join('\n');
    const recent = this.requests
      .slice(-5)
      .map((r) => `  ${r.method} ${r.path}`)
      .join('\n');
    return `lines:\n${lines}\ndialled: ${JSON.stringify(this.dialled.map((d) => d.number))}\nlast requests:\n${recent || '  (none)'}`;
  }
}

export function startGrandstreamSim(opts: GrandstreamSimOptions = {}): Promise<GrandstreamSim> {
  return GrandstreamSim.start(opts);
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ControlError(`${name} must be a non-negative number, got ${value}`);
  return value;
}
