/**
 * One client of the simulated Oktell WebSocket API (reference/protocols.md §3.3, oktell.js 1.7):
 * frames [method, params] with params.qid echoed in the reply, ping (or websocketredirect) as the
 * handshake, login with the two MD5 password fields, `userlogin` required on every later method,
 * the events a session subscribed to, and replies sent as multipart parts when asked to.
 */
import { createHash } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Line, LineEvent, SimSequence } from './line.ts';

export interface SimUser {
  readonly id: string;
  readonly login: string;
  password: string;
  readonly name: string;
  /** The user's internal number (line number). */
  readonly number: string;
  /** The workplace (computer name) the Web-API's `wp` parameter can name. */
  readonly workplace: string;
}

export interface WsSettings {
  intercom: boolean;
  /** Every login fails with this until cleared (50093, 50025, "Service not available"…). */
  loginError: { error?: number; errormsg?: string } | undefined;
  /** Answer the first ping of a connection with ["websocketredirect", …]. */
  redirect: boolean;
  /** Send replies longer than this many bytes as multipart parts; 0 = never. */
  multipartChunk: number;
  build: string;
  dated: number;
  webServerPort: number;
}

export interface WsFrameRecord {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
}

export interface WsContext {
  readonly settings: WsSettings;
  findUser(login: string): SimUser | undefined;
  lineOf(user: SimUser): Line;
  recordFrame(record: WsFrameRecord): void;
  recordLogin(login: string, ok: boolean): void;
  recordDial(number: string, params: Record<string, string>, user: SimUser): void;
  /** Something changed that tests may wait for. */
  changed(): void;
}

/** oktell.js's utf8DecodePass for the characters a test uses: ASCII, and Cyrillic as Windows-1251. */
function windows1251(value: string): Buffer {
  const bytes: number[] = [];
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c >= 0x410 && c <= 0x44f) bytes.push(c - 0x350);
    else if (c === 0x401) bytes.push(0xa8);
    else if (c === 0x451) bytes.push(0xb8);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}

export function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function expectedPasswordFields(password: string): { password: string; Password: string } {
  return { password: md5Hex(windows1251(password.toLowerCase())), Password: md5Hex(windows1251(password)) };
}

let messageIds = 0;

export class SimWsSession {
  user: SimUser | undefined;
  readonly subscriptions = new Set<string>();
  private pings = 0;

  constructor(
    readonly socket: WebSocket,
    private readonly ctx: WsContext,
  ) {}

  /** Pushes a line event if this session is the line owner's and subscribed to it. */
  push(owner: string, event: LineEvent): void {
    if (!this.user || this.user.login !== owner || !this.subscriptions.has(event.name)) return;
    this.send(event.name, event.data);
  }

  handle(raw: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!Array.isArray(frame) || typeof frame[0] !== 'string') return;
    const method = frame[0].toLowerCase();
    const params = (frame[1] && typeof frame[1] === 'object' ? frame[1] : {}) as Record<string, unknown>;
    this.ctx.recordFrame({ method, params, at: Date.now() });
    const qid = params.qid;
    const reply = (body: Record<string, unknown>) => this.send(method === 'ping' ? 'pong' : method, { ...body, qid });
    const fail = (errormsg: string, error?: number) => reply({ result: 0, errormsg, ...(error !== undefined ? { error } : {}) });

    if (method === 'ping') {
      this.pings += 1;
      if (this.pings === 1 && this.ctx.settings.redirect) return this.send('websocketredirect', {});
      return reply({ result: 1 });
    }
    if (method === 'login') return this.login(params, reply, fail);
    if (!this.user) return fail('Not authorized');
    if (params.userlogin !== this.user.login) return fail('Bad request. userlogin expected', 1);
    const line = this.ctx.lineOf(this.user);
    const done = (ok: boolean, error = 'Incorrect state') => (ok ? reply({ result: 1 }) : fail(error));
    switch (method) {
      case 'getversion':
        return reply({ result: 1, version: { build: this.ctx.settings.build, dated: this.ctx.settings.dated, webserverport: this.ctx.settings.webServerPort } });
      case 'getmyuserinfo':
        return reply({
          result: 1,
          userid: this.user.id,
          username: this.user.name,
          mainpbxnumber: this.user.number,
          hasline: true,
          linenumber: this.user.number,
          isoperator: true,
        });
      case 'subscribeevent': {
        const names = Array.isArray(params.eventmethod) ? params.eventmethod : [params.eventmethod];
        for (const name of names) if (typeof name === 'string') this.subscriptions.add(name.toLowerCase());
        this.ctx.changed();
        return reply({ result: 1 });
      }
      case 'getextendedlineinfo':
        return reply({ result: 1, ...line.lineInfo() });
      case 'pbxanswercall':
        return done(line.answerByServer(this.ctx.settings.intercom), 'No call to answer');
      case 'pbxabortcall':
        return done(line.abortCall());
      case 'pbxdeclinecall':
        return done(line.declineCall());
      case 'pbxautocallabort':
        return done(line.abortAutocall());
      case 'pbxmakeflash':
        return done(line.flash(typeof params.mode === 'string' ? params.mode : undefined));
      case 'pbxautocallstart': {
        const number = typeof params.number === 'string' ? params.number : '';
        if (!number) return fail('Bad number', 2106);
        const sequence: SimSequence = params.sequence === 'abonent' ? 'abonent' : 'user';
        this.ctx.recordDial(number, { number, sequence: String(params.sequence ?? '') }, this.user);
        if (line.current) return fail('User is busy', 2104);
        line.autocall(number, sequence);
        return reply({ result: 1 });
      }
      case 'logout':
        reply({ result: 1 });
        this.socket.close(1000, 'logout');
        return;
      default:
        return fail('Unknown method');
    }
  }

  private login(params: Record<string, unknown>, reply: (body: Record<string, unknown>) => void, fail: (msg: string, error?: number) => void): void {
    const login = typeof params.userlogin === 'string' ? params.userlogin : '';
    const forced = this.ctx.settings.loginError;
    if (forced) {
      this.ctx.recordLogin(login, false);
      return reply({ result: 0, ...forced });
    }
    const user = this.ctx.findUser(login);
    const expected = user ? expectedPasswordFields(user.password) : undefined;
    if (!user || !expected || params.password !== expected.password || params.Password !== expected.Password) {
      this.ctx.recordLogin(login, false);
      return fail('Wrong login/pass combination');
    }
    this.user = user;
    this.ctx.recordLogin(login, true);
    reply({ result: 1, userid: user.id, sessionid: `s-${user.id}-${Date.now().toString(36)}` });
  }

  private send(method: string, params: Record<string, unknown>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const text = JSON.stringify([method, params]);
    const chunk = this.ctx.settings.multipartChunk;
    const bytes = Buffer.from(text, 'utf8');
    if (chunk <= 0 || bytes.length <= chunk || method === 'multipart') {
      this.socket.send(text);
      return;
    }
    // Cut on byte boundaries, even inside a character: the client joins the bytes first.
    const id = `m${++messageIds}`;
    const count = Math.ceil(bytes.length / chunk);
    for (let n = 0; n < count; n++) {
      const content = bytes.subarray(n * chunk, (n + 1) * chunk).toString('base64');
      this.socket.send(JSON.stringify(['multipart', { 'message-id': id, packetcount: count, packetnumber: n, content }]));
    }
  }
}
