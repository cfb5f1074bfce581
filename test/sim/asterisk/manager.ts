/**
 * The manager side of the simulator — sessions, their event queues, WaitEvent, and the actions —
 * modelled on main/manager.c (`process_message`, `action_*`, `generic_http_callback`) and on the
 * recorded behaviour in reference/asterisk-ajam-transcripts.md §1–§2, §4–§6. No HTTP here: the
 * server hands in the parsed parameters and the session, and writes what comes back.
 *
 * Faithful points worth knowing (each is in the recordings):
 * - success/failure is only in the body; "Permission denied" means no session *or* no write class;
 * - a failed Login answers after a deliberate delay and destroys the session;
 * - each session queues every event from its creation; WaitEvent returns as soon as anything is
 *   queued — even an event the user may not read, which makes early empty returns normal — and a
 *   second WaitEvent kicks the first one, which then answers with an empty body;
 * - over HTTP, events are never appended to the replies of other actions (manager.c only does that
 *   for TCP sessions), so UserEvent's reply is just "Event Sent" and the event comes by WaitEvent.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  ALL_CLASSES,
  CHANNEL_STATE_DESC,
  CLASS_BITS,
  amiTimestamp,
  classListToMask,
  errorResponse,
  eventMaskFromString,
  getAllHeaders,
  getHeader,
  packet,
  privilegeText,
  response,
  type Field,
} from './ami.ts';
import { snapshot, type Chan } from './events.ts';
import type { Pbx, OriginateRequest, SimCall } from './pbx.ts';

export interface AmiUser {
  username: string;
  secret: string;
  /** manager.conf `read=` class list. */
  read: string;
  /** manager.conf `write=` class list. */
  write: string;
}

/** The AMI user of the recordings: `ext` / `ext-secret`. */
export const DEFAULT_USER: AmiUser = {
  username: 'ext',
  secret: 'ext-secret',
  read: 'system,call,agent,user,dtmf,reporting,cdr',
  write: 'system,call,agent,user,reporting,originate',
};

export interface AmiEvent {
  seq: number;
  name: string;
  category: number;
  fields: Field[];
  at: number;
}

export interface Session {
  id: number;
  kind: 'cookie' | 'digest';
  authenticated: boolean;
  username: string;
  readMask: number;
  writeMask: number;
  /** `send_events`: 0 until Login Events= or the first WaitEvent turns delivery on. */
  sendEvents: number;
  queue: AmiEvent[];
  /** Wall-clock ms after which the session is gone (refreshed at the end of every request). */
  expiresAt: number;
  inUse: number;
  needDestroy: boolean;
  destroyed: boolean;
  waiter: { finish(kind: 'ready' | 'kicked'): void } | null;
  challenge: string;
  createdAt: number;
}

export interface OriginateRecord {
  at: number;
  username: string;
  channel: string;
  context: string;
  exten: string;
  priority: string;
  callerId: string;
  /** The Timeout header as sent (milliseconds), '' when absent. */
  timeout: string;
  /** The Async header as sent, '' when absent. */
  async: string;
  actionId: string;
  /** Every `Variable` header, in order, as sent. */
  variables: string[];
  application: string;
  data: string;
  account: string;
  channelId: string;
  /** All request parameters except Action, as sent. */
  fields: Field[];
  /** The Message of the reply ("Originate successfully queued", "Permission denied", …). */
  reply: string;
  /** The simulator call started for it, if any. */
  callId: string | null;
}

export interface ManagerConfig {
  users: AmiUser[];
  httpTimeoutSec: number;
  /** Real milliseconds per Asterisk second (1000 = real time; tests shrink it). */
  secondMs: number;
  loginFailDelayMs: number;
  allowMultipleLogin: boolean;
  timestampEvents: boolean;
  asteriskVersion: string;
  amiVersion: string;
  v11: boolean;
  /** Dialplan contexts Originate may target; null = any context exists. */
  contexts: string[] | null;
}

export interface ManagerHost {
  now(): number;
  /** Real-time timer; returns a cancel function. */
  timer(ms: number, fn: () => void): () => void;
  pbx(): Pbx;
  /** Publishes a manager-generated event (UserEvent, security, FullyBooted never goes here). */
  publish(name: string, category: number, fields: Field[]): void;
  recordOriginate(record: OriginateRecord): void;
  /** Something observable changed (a WaitEvent started waiting). */
  changed(): void;
  startedAt: number;
}

export interface ActionResult {
  /** rawman text; null = the empty body of a kicked WaitEvent. */
  text: string | null;
  destroy?: boolean;
}

interface ActionDef {
  /** Write classes of which the user needs at least one (0 = any logged-in user). */
  authority: number;
  run(s: Session, params: Field[], actionId: string): ActionResult | Promise<ActionResult>;
}

const UNAUTH_SESSION_SEC = 5;

export class Manager {
  private readonly sessions = new Map<number, Session>();

  constructor(
    private readonly cfg: ManagerConfig,
    private readonly host: ManagerHost,
  ) {}

  // ---- sessions ------------------------------------------------------------------------------

  /**
   * The session named by a `mansession_id` cookie, or a fresh unauthenticated one when the id is
   * absent, unknown or expired (the next action then answers "Permission denied").
   */
  acquire(cookieId: number | null): Session {
    const now = this.host.now();
    let s = cookieId === null ? undefined : this.sessions.get(cookieId);
    if (s && s.kind === 'cookie' && s.expiresAt < now && s.inUse === 0) {
      this.destroy(s);
      s = undefined;
    }
    if (!s || s.destroyed || s.kind !== 'cookie') s = this.create('cookie');
    s.inUse++;
    return s;
  }

  /** A digest (`/arawman`) session, authenticated from the start. */
  acquireDigest(user: AmiUser, existing: number | null): Session {
    let s = existing === null ? undefined : this.sessions.get(existing);
    if (!s || s.destroyed) {
      s = this.create('digest');
      this.authenticate(s, user);
    }
    s.inUse++;
    return s;
  }

  /** End of a request: refresh the idle timer (5 s while unauthenticated) or destroy. */
  release(s: Session, destroy: boolean): void {
    s.inUse = Math.max(0, s.inUse - 1);
    if (destroy) s.needDestroy = true;
    if (s.needDestroy) {
      if (s.inUse === 0) this.destroy(s);
      else s.waiter?.finish('ready');
      return;
    }
    const sec = s.authenticated ? this.cfg.httpTimeoutSec : Math.min(UNAUTH_SESSION_SEC, this.cfg.httpTimeoutSec);
    s.expiresAt = this.host.now() + sec * this.cfg.secondMs;
  }

  /** Every session expires now; one busy in a request goes as soon as that request ends. */
  expireAll(): number {
    let n = 0;
    for (const s of [...this.sessions.values()]) {
      n++;
      if (s.inUse === 0) this.destroy(s);
      else {
        s.needDestroy = true;
        s.waiter?.finish('ready');
      }
    }
    return n;
  }

  /** Pending WaitEvents return at once with an empty body, as when a newer WaitEvent kicks them. */
  kickWaiters(): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.waiter) {
        s.waiter.finish('kicked');
        n++;
      }
    }
    return n;
  }

  /** Drops expired idle sessions (Asterisk's periodic purge). */
  purge(): void {
    const now = this.host.now();
    for (const s of [...this.sessions.values()]) if (s.expiresAt < now && s.inUse === 0) this.destroy(s);
  }

  sessionList(): Array<{ id: number; kind: string; authenticated: boolean; username: string; queued: number; waiting: boolean; expiresInMs: number }> {
    const now = this.host.now();
    return [...this.sessions.values()].map((s) => ({
      id: s.id,
      kind: s.kind,
      authenticated: s.authenticated,
      username: s.username,
      queued: s.queue.length,
      waiting: s.waiter !== null,
      expiresInMs: s.expiresAt - now,
    }));
  }

  session(id: number): Session | undefined {
    return this.sessions.get(id);
  }

  /** Queues an event for every session; a pending WaitEvent completes with what is queued now. */
  deliver(ev: AmiEvent): void {
    for (const s of this.sessions.values()) {
      if (s.destroyed) continue;
      s.queue.push(ev);
      // Synchronously, so a burst is spread over several polls like on the real server.
      s.waiter?.finish('ready');
    }
  }

  /** Renders one event for the wire (Privilege from its class, Timestamp if enabled). */
  renderEvent(ev: AmiEvent): string {
    const head: Field[] = [
      ['Event', ev.name],
      ['Privilege', privilegeText(ev.category)],
    ];
    if (this.cfg.timestampEvents) head.push(['Timestamp', amiTimestamp(ev.at)]);
    return packet([...head, ...ev.fields]);
  }

  private create(kind: Session['kind']): Session {
    let id = 0;
    do id = randomInt(1, 0xffffffff) >>> 0;
    while (this.sessions.has(id));
    const now = this.host.now();
    const s: Session = {
      id,
      kind,
      authenticated: false,
      username: '',
      readMask: 0,
      writeMask: 0,
      sendEvents: 0,
      queue: [],
      expiresAt: now + Math.min(UNAUTH_SESSION_SEC, this.cfg.httpTimeoutSec) * this.cfg.secondMs,
      inUse: 0,
      needDestroy: false,
      destroyed: false,
      waiter: null,
      challenge: '',
      createdAt: now,
    };
    this.sessions.set(id, s);
    return s;
  }

  private destroy(s: Session): void {
    s.destroyed = true;
    s.queue = [];
    s.waiter?.finish('ready');
    this.sessions.delete(s.id);
  }

  private authenticate(s: Session, user: AmiUser): void {
    s.authenticated = true;
    s.username = user.username;
    s.readMask = classListToMask(user.read);
    s.writeMask = classListToMask(user.write);
  }

  // ---- process_message -----------------------------------------------------------------------

  async process(s: Session, params: Field[]): Promise<ActionResult> {
    const action = getHeader(params, 'Action');
    const actionId = getHeader(params, 'ActionID');
    if (action === '') return { text: errorResponse(actionId, 'Missing action in request') };
    const lower = action.toLowerCase();
    if (lower === 'originate') return this.originateRecorded(s, params, actionId);
    if (!s.authenticated && lower !== 'login' && lower !== 'logoff' && lower !== 'challenge') {
      return { text: errorResponse(actionId, 'Permission denied') };
    }
    if (!s.authenticated && lower === 'login' && !this.cfg.allowMultipleLogin) {
      const username = getHeader(params, 'Username').toLowerCase();
      const inUse = [...this.sessions.values()].some((o) => o !== s && o.authenticated && o.username.toLowerCase() === username);
      if (inUse) return { text: errorResponse(actionId, 'Login Already In Use'), destroy: true };
    }
    const def = Object.hasOwn(this.actions, lower) ? this.actions[lower] : undefined;
    if (!def) {
      return {
        text: errorResponse(actionId, `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`),
      };
    }
    if (def.authority !== 0 && (s.writeMask & def.authority) === 0) {
      return { text: errorResponse(actionId, 'Permission denied') };
    }
    return def.run(s, params, actionId);
  }

  private async originateRecorded(s: Session, params: Field[], actionId: string): Promise<ActionResult> {
    const record: OriginateRecord = {
      at: this.host.now(),
      username: s.username,
      channel: getHeader(params, 'Channel'),
      context: getHeader(params, 'Context'),
      exten: getHeader(params, 'Exten'),
      priority: getHeader(params, 'Priority'),
      callerId: getHeader(params, 'CallerID'),
      timeout: getHeader(params, 'Timeout'),
      async: getHeader(params, 'Async'),
      actionId,
      variables: getAllHeaders(params, 'Variable'),
      application: getHeader(params, 'Application'),
      data: getHeader(params, 'Data'),
      account: getHeader(params, 'Account'),
      channelId: getHeader(params, 'ChannelId'),
      fields: params.filter(([k]) => k.toLowerCase() !== 'action'),
      reply: '',
      callId: null,
    };
    let result: ActionResult;
    let call: SimCall | null = null;
    if (!s.authenticated || (s.writeMask & CLASS_BITS.originate) === 0) {
      result = { text: errorResponse(actionId, 'Permission denied') };
    } else {
      const outcome = await this.originate(s, params, actionId, record, (c) => (call = c));
      result = outcome;
    }
    record.reply = /Message: ([^\r]*)/.exec(result.text ?? '')?.[1] ?? '';
    record.callId = (call as SimCall | null)?.id ?? null;
    this.host.recordOriginate(record);
    return result;
  }

  // ---- actions -------------------------------------------------------------------------------

  private readonly actions: Readonly<Record<string, ActionDef>> = {
    login: { authority: 0, run: (s, p, id) => this.login(s, p, id) },
    logoff: {
      authority: 0,
      run: (_s, _p, id) => ({ text: response('Goodbye', id, 'Thanks for all the fish.'), destroy: true }),
    },
    challenge: {
      authority: 0,
      run: (s, p, id) => {
        if (getHeader(p, 'AuthType').toLowerCase() !== 'md5') return { text: errorResponse(id, 'Must specify AuthType') };
        if (s.challenge === '') s.challenge = String(randomInt(100_000_000, 999_999_999));
        return { text: response('Success', id, undefined, [['Challenge', s.challenge]]) };
      },
    },
    ping: {
      authority: 0,
      run: (_s, _p, id) => ({
        text: response('Success', id, undefined, [
          ['Ping', 'Pong'],
          ['Timestamp', amiTimestamp(this.host.now())],
        ]),
      }),
    },
    events: {
      authority: 0,
      run: (s, p, id) => {
        const mask = eventMaskFromString(getHeader(p, 'EventMask'));
        if (mask < 0) return { text: errorResponse(id, 'Invalid event mask') };
        s.sendEvents = mask;
        return { text: response('Success', id, undefined, [['Events', mask > 0 ? 'On' : 'Off']]) };
      },
    },
    waitevent: { authority: 0, run: (s, p, id) => this.waitEvent(s, p, id) },
    listcommands: {
      authority: 0,
      run: (s, _p, id) => {
        const fields: Field[] = [];
        for (const [name, def] of Object.entries(this.actions)) {
          if (def.authority === 0 || (s.writeMask & def.authority) !== 0) {
            fields.push([ACTION_NAMES[name] ?? name, `${ACTION_SYNOPSIS[name] ?? name} (Priv: ${def.authority === 0 ? '<none>' : privilegeText(def.authority).replace(/,all$/, '')})`]);
          }
        }
        return { text: response('Success', id, undefined, fields) };
      },
    },
    userevent: {
      authority: CLASS_BITS.user,
      run: (_s, p, id) => {
        const name = getHeader(p, 'UserEvent');
        const body = p.filter(([k]) => k.toLowerCase() !== 'userevent' && k.toLowerCase() !== 'action');
        // The reply is built first, then the event is published (action_userevent).
        const text = response('Success', id, 'Event Sent');
        this.host.publish('UserEvent', CLASS_BITS.user, [['UserEvent', name], ...body]);
        return { text };
      },
    },
    coresettings: {
      authority: CLASS_BITS.system | CLASS_BITS.reporting,
      run: (_s, _p, id) => ({
        text: response('Success', id, undefined, [
          ['AMIversion', this.cfg.amiVersion],
          ['AsteriskVersion', this.cfg.asteriskVersion],
          ['SystemName', ''],
          ['CoreMaxCalls', '0'],
          ['CoreMaxLoadAvg', '0.000000'],
          ['CoreRunUser', 'asterisk'],
          ['CoreRunGroup', 'asterisk'],
          ['CoreMaxFilehandles', '0'],
          ['CoreRealTimeEnabled', 'No'],
          ['CoreCDRenabled', 'Yes'],
          ['CoreHTTPenabled', 'Yes'],
        ]),
      }),
    },
    corestatus: {
      authority: CLASS_BITS.system | CLASS_BITS.reporting,
      run: (_s, _p, id) => {
        const start = new Date(this.host.startedAt).toISOString();
        return {
          text: response('Success', id, undefined, [
            ['CoreStartupDate', start.slice(0, 10)],
            ['CoreStartupTime', start.slice(11, 19)],
            ['CoreReloadDate', start.slice(0, 10)],
            ['CoreReloadTime', start.slice(11, 19)],
            ['CoreCurrentCalls', String(this.host.pbx().listCalls().filter((c) => c.state !== 'ended').length)],
          ]),
        };
      },
    },
    coreshowchannels: {
      authority: CLASS_BITS.system | CLASS_BITS.reporting,
      run: (_s, _p, id) => ({ text: this.coreShowChannels(id) }),
    },
    status: {
      authority: CLASS_BITS.system | CLASS_BITS.call | CLASS_BITS.reporting,
      run: (_s, p, id) => ({ text: this.status(id, getHeader(p, 'Channel')) }),
    },
    hangup: {
      authority: CLASS_BITS.system | CLASS_BITS.call,
      run: (_s, p, id) => ({ text: this.hangup(p, id) }),
    },
    // process() routes Originate to originateRecorded() before any check, so every request is
    // recorded; this entry only makes it appear in ListCommands.
    originate: { authority: CLASS_BITS.originate, run: (s, p, id) => this.originateRecorded(s, p, id) },
    command: {
      authority: CLASS_BITS.command,
      run: (_s, p, id) => {
        const cmd = getHeader(p, 'Command');
        if (/^core show version$/i.test(cmd)) {
          return {
            text: response('Success', id, 'Command output follows', [
              ['Output', `Asterisk ${this.cfg.asteriskVersion} built by ringside @ simulator on a x86_64 running Linux`],
            ]),
          };
        }
        const word = cmd.split(/\s+/)[0] ?? '';
        return {
          text: response('Error', id, 'Command output follows', [
            ['Output', `No such command '${cmd}' (type 'core show help ${word}' for other possible commands)`],
          ]),
        };
      },
    },
  };

  private async login(s: Session, params: Field[], actionId: string): Promise<ActionResult> {
    if (s.authenticated) return { text: response('Success', actionId, 'Already authenticated') };
    const username = getHeader(params, 'Username');
    const user = this.cfg.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
    let ok = false;
    if (user) {
      const authType = getHeader(params, 'AuthType').toLowerCase();
      if (authType === 'md5') {
        const key = getHeader(params, 'Key').toLowerCase();
        ok = s.challenge !== '' && key === createHash('md5').update(s.challenge + user.secret).digest('hex');
      } else {
        ok = getHeader(params, 'Secret') === user.secret;
      }
    }
    if (!user || !ok) {
      this.host.publish(user ? 'InvalidPassword' : 'InvalidAccountID', CLASS_BITS.security, this.securityFields(username, s));
      // manager.c sleep(1)s before answering a failed login, then destroys the session.
      if (this.cfg.loginFailDelayMs > 0) await new Promise<void>((resolve) => this.host.timer(this.cfg.loginFailDelayMs, resolve));
      return { text: errorResponse(actionId, 'Authentication failed'), destroy: true };
    }
    this.authenticate(s, user);
    const events = getHeader(params, 'Events');
    if (events !== '') {
      const mask = eventMaskFromString(events);
      if (mask >= 0) s.sendEvents = mask;
    }
    this.host.publish('SuccessfulAuth', CLASS_BITS.security, [...this.securityFields(user.username, s), ['UsingPassword', '0']]);
    let text = response('Success', actionId, 'Authentication accepted');
    if ((s.sendEvents & CLASS_BITS.system) !== 0 && (s.readMask & CLASS_BITS.system) !== 0) {
      // action_login appends FullyBooted straight to the reply when system events are wanted.
      const uptime = Math.max(0, Math.floor((this.host.now() - this.host.startedAt) / 1000));
      text += packet([
        ['Event', 'FullyBooted'],
        ['Privilege', privilegeText(CLASS_BITS.system)],
        ['Uptime', String(uptime)],
        ['LastReload', String(uptime)],
        ['Status', 'Fully Booted'],
      ]);
    }
    return { text };
  }

  private securityFields(account: string, s: Session): Field[] {
    const tv = new Date(this.host.now()).toISOString().replace('Z', '+0000');
    return [
      ['EventTV', tv],
      ['Severity', 'Informational'],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
      ['AccountID', account],
      ['SessionID', `0x${s.id.toString(16)}`],
      ['LocalAddress', 'IPV4/TCP/127.0.0.1/8088'],
      ['RemoteAddress', 'IPV4/TCP/127.0.0.1/0'],
      ['SessionTV', tv],
    ];
  }

  /** action_waitevent for an HTTP session (see the file comment). */
  private waitEvent(s: Session, params: Field[], actionId: string): Promise<ActionResult> {
    let timeout = -1;
    const raw = getHeader(params, 'Timeout');
    const m = /^[+-]?[0-9]+/.exec(raw);
    if (m) timeout = Math.max(-1, Number.parseInt(m[0], 10));
    // The wait must end well before the session would expire: at most httptimeout − 10 s.
    const max = Math.max(0, Math.floor((s.expiresAt - this.host.now()) / this.cfg.secondMs) - 10);
    if (timeout < 0 || timeout > max) timeout = max;
    if (s.sendEvents === 0) s.sendEvents = ALL_CLASSES;
    s.waiter?.finish('kicked');
    if (s.queue.length > 0 || timeout === 0 || s.needDestroy) return Promise.resolve({ text: this.drain(s, actionId) });
    return new Promise<ActionResult>((resolve) => {
      let done = false;
      const finish = (kind: 'ready' | 'kicked'): void => {
        if (done) return;
        done = true;
        cancelTimer();
        if (s.waiter === waiter) s.waiter = null;
        // Snapshot the queue now, not in a later microtask: a burst published in one go must
        // leave all but its first event for the next poll.
        resolve({ text: kind === 'kicked' ? null : this.drain(s, actionId) });
      };
      const waiter = { finish };
      s.waiter = waiter;
      const cancelTimer = this.host.timer(timeout * this.cfg.secondMs, () => finish('ready'));
      this.host.changed();
    });
  }

  /** The WaitEvent reply: every queued event the session may read, then WaitEventComplete. */
  private drain(s: Session, actionId: string): string {
    let text = response('Success', actionId, 'Waiting for Event completed.');
    for (const ev of s.queue) {
      if ((s.readMask & ev.category) === ev.category && (s.sendEvents & ev.category) === ev.category) {
        text += this.renderEvent(ev);
      }
    }
    s.queue = [];
    const tail: Field[] = [['Event', 'WaitEventComplete']];
    if (actionId !== '') tail.push(['ActionID', actionId]);
    return text + packet(tail);
  }

  private async originate(
    s: Session,
    params: Field[],
    actionId: string,
    record: OriginateRecord,
    started: (call: SimCall) => void,
  ): Promise<ActionResult> {
    const err = (message: string): ActionResult => ({ text: errorResponse(actionId, message) });
    const { channel, context, exten, priority, application } = record;
    if (channel === '') return err('Channel not specified');
    if (priority !== '' && !/^\s*[+-]?[0-9]+/.test(priority)) return err('Invalid priority');
    if (record.timeout !== '' && !/^\s*[+-]?[0-9]+/.test(record.timeout)) return err('Invalid timeout');
    if (!channel.includes('/')) return err('Invalid channel');
    if (application === '') {
      if (exten !== '' && (context === '' || priority === '')) return err("Originate with 'Exten' requires 'Context' and 'Priority'");
      const knownContext = this.cfg.contexts === null ? context !== '' : this.cfg.contexts.includes(context);
      if (!knownContext || !/^(\+?[0-9*#]+|s)$/.test(exten)) return err('Extension does not exist.');
    } else if ((s.writeMask & CLASS_BITS.system) === 0 && /^(system|exec|trysystem|shell|eval)$/i.test(application)) {
      return err("Originate with certain 'Application' arguments requires the additional System privilege");
    }
    const timeoutMs = record.timeout === '' ? 30_000 : Number.parseInt(record.timeout, 10);
    const req: OriginateRequest = {
      channel,
      context,
      exten,
      priority,
      application,
      data: record.data,
      callerId: record.callerId,
      timeoutMs: timeoutMs > 0 ? timeoutMs : 30_000,
      async: /^(yes|true|y|t|1|on)$/i.test(record.async),
      actionId,
      variables: record.variables,
      channelId: record.channelId,
    };
    if (req.async) {
      started(this.host.pbx().originate(req));
      return { text: response('Success', actionId, 'Originate successfully queued') };
    }
    // Without Async the request blocks until the first leg answers or fails (AST_OUTGOING_WAIT).
    const ok = await new Promise<boolean>((resolve) => started(this.host.pbx().originate(req, resolve)));
    return { text: ok ? response('Success', actionId, 'Originate successfully queued') : errorResponse(actionId, 'Originate failed') };
  }

  private hangup(params: Field[], actionId: string): string {
    const name = getHeader(params, 'Channel');
    if (name === '') return errorResponse(actionId, 'No channel specified');
    const causeRaw = getHeader(params, 'Cause');
    let cause = 0;
    if (/^[0-9]+$/.test(causeRaw) && Number(causeRaw) <= 127) cause = Number(causeRaw);
    const pbx = this.host.pbx();
    if (!name.startsWith('/')) {
      return pbx.hangupChannel(name, cause) ? response('Success', actionId, 'Channel Hungup') : errorResponse(actionId, 'No such channel');
    }
    const body = /^\/(.*)\/$/.exec(name)?.[1];
    if (body === undefined) return errorResponse(actionId, 'Regex format invalid, Channel param should be /regex/');
    let re: RegExp;
    try {
      re = new RegExp(body);
    } catch {
      return errorResponse(actionId, `Regex compile failed on: ${name}`);
    }
    let text = response('Success', actionId, undefined, [
      ['EventList', 'start'],
      ['Message', 'Channels hung up will follow'],
    ]);
    let n = 0;
    for (const c of pbx.channels()) {
      if (!re.test(c.name)) continue;
      if (!pbx.hangupChannel(c.name, cause)) continue;
      n++;
      const f: Field[] = [
        ['Event', 'ChannelHungup'],
        ['Channel', c.name],
      ];
      if (actionId !== '') f.push(['ActionID', actionId]);
      text += packet(f);
    }
    return text + this.listComplete('ChannelsHungupListComplete', actionId, n);
  }

  private coreShowChannels(actionId: string): string {
    const now = this.host.now();
    let text = this.listAck(actionId, 'Channels will follow');
    const chans = this.host.pbx().channels();
    for (const c of chans) {
      const head: Field[] = [['Event', 'CoreShowChannel']];
      if (actionId !== '') head.push(['ActionID', actionId]);
      const duration = hms(now - c.createdAt);
      if (this.cfg.v11) {
        text += packet([
          ...head,
          ['Channel', c.name],
          ['UniqueID', c.uniqueid],
          ['Context', c.context],
          ['Extension', c.exten],
          ['Priority', String(c.priority)],
          ['ChannelState', String(c.state)],
          ['ChannelStateDesc', CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
          ['Application', c.app],
          ['ApplicationData', c.appData],
          ['CallerIDnum', c.cidNum],
          ['CallerIDname', c.cidName],
          ['ConnectedLineNum', c.conNum],
          ['ConnectedLineName', c.conName],
          ['Duration', duration],
          ['AccountCode', ''],
          ['BridgedChannel', bridgedPeer(c)?.name ?? ''],
          ['BridgedUniqueID', bridgedPeer(c)?.uniqueid ?? ''],
        ]);
      } else {
        text += packet([
          ...head,
          ...snapshot(c),
          ['Application', c.app],
          ['ApplicationData', c.appData],
          ['Duration', duration],
          ['BridgeId', c.bridge?.id ?? ''],
        ]);
      }
    }
    return text + this.listComplete('CoreShowChannelsComplete', actionId, chans.length);
  }

  private status(actionId: string, only: string): string {
    const now = this.host.now();
    const chans = this.host.pbx().channels().filter((c) => only === '' || c.name === only);
    if (only !== '' && chans.length === 0) return errorResponse(actionId, 'No such channel');
    let text = this.listAck(actionId, 'Channel status will follow');
    for (const c of chans) {
      const head: Field[] = [
        ['Event', 'Status'],
        ['Privilege', 'Call'],
      ];
      const fields: Field[] = this.cfg.v11
        ? [
            ['Channel', c.name],
            ['CallerIDNum', c.cidNum],
            ['CallerIDName', c.cidName],
            ['ConnectedLineNum', c.conNum],
            ['ConnectedLineName', c.conName],
            ['Accountcode', ''],
            ['ChannelState', String(c.state)],
            ['ChannelStateDesc', CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
            ['Context', c.context],
            ['Extension', c.exten],
            ['Priority', String(c.priority)],
            ['Seconds', String(Math.floor((now - c.createdAt) / 1000))],
            ['BridgedChannel', bridgedPeer(c)?.name ?? ''],
            ['BridgedUniqueid', bridgedPeer(c)?.uniqueid ?? ''],
            ['Uniqueid', c.uniqueid],
          ]
        : [
            ...snapshot(c),
            ['Type', c.name.split('/')[0] ?? ''],
            ['DNID', ''],
            ['EffectiveConnectedLineNum', c.conNum || '<unknown>'],
            ['EffectiveConnectedLineName', c.conName || '<unknown>'],
            ['TimeToHangup', '0'],
            ['BridgeID', c.bridge?.id ?? ''],
            ['Application', c.app],
            ['Data', c.appData],
            ['Nativeformats', '(ulaw)'],
            ['Readformat', 'ulaw'],
            ['Readtrans', ''],
            ['Writeformat', 'ulaw'],
            ['Writetrans', ''],
            ['Callgroup', '0'],
            ['Pickupgroup', '0'],
            ['Seconds', String(Math.floor((now - c.createdAt) / 1000))],
          ];
      if (actionId !== '') fields.push(['ActionID', actionId]);
      text += packet([...head, ...fields]);
    }
    const done: Field[] = [['Event', 'StatusComplete']];
    if (actionId !== '') done.push(['ActionID', actionId]);
    done.push(['EventList', 'Complete'], ['ListItems', String(chans.length)], ['Items', String(chans.length)]);
    return text + packet(done);
  }

  private listAck(actionId: string, message: string): string {
    const f: Field[] = [['Response', 'Success']];
    if (actionId !== '') f.push(['ActionID', actionId]);
    f.push(['EventList', 'start'], ['Message', message]);
    return packet(f);
  }

  private listComplete(event: string, actionId: string, items: number): string {
    const f: Field[] = [['Event', event]];
    if (actionId !== '') f.push(['ActionID', actionId]);
    f.push(['EventList', 'Complete'], ['ListItems', String(items)]);
    return packet(f);
  }
}

function bridgedPeer(c: Chan): Chan | null {
  return c.bridge?.members.find((m) => m !== c) ?? null;
}

function hms(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return [h, m, sec].map((n) => String(n).padStart(2, '0')).join(':');
}

const ACTION_NAMES: Readonly<Record<string, string>> = {
  login: 'Login',
  logoff: 'Logoff',
  challenge: 'Challenge',
  ping: 'Ping',
  events: 'Events',
  waitevent: 'WaitEvent',
  listcommands: 'ListCommands',
  userevent: 'UserEvent',
  coresettings: 'CoreSettings',
  corestatus: 'CoreStatus',
  coreshowchannels: 'CoreShowChannels',
  status: 'Status',
  originate: 'Originate',
  hangup: 'Hangup',
  command: 'Command',
};

const ACTION_SYNOPSIS: Readonly<Record<string, string>> = {
  login: 'Login Manager.',
  logoff: 'Logoff Manager.',
  challenge: 'Generate Challenge for MD5 Auth.',
  ping: 'Keepalive command.',
  events: 'Control Event Flow.',
  waitevent: 'Wait for an event to occur.',
  listcommands: 'List available manager commands.',
  userevent: 'Send an arbitrary event.',
  coresettings: 'Show PBX core settings (version etc).',
  corestatus: 'Show PBX core status variables.',
  coreshowchannels: 'List currently active channels.',
  status: 'List channel status.',
  originate: 'Originate a call.',
  hangup: 'Hangup channel.',
  command: 'Execute Asterisk CLI Command.',
};
