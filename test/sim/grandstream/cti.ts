/**
 * The Grandstream CTI HTTP API (reference/protocols.md §1.3–1.10): `/cgi-bin/api-<function>`.
 *
 * Pure request → reply logic over a PhoneModel; the server owns sockets, logging, delays and the
 * fault modes (offline, HTML, malformed).
 */
import { parseKeys, type KeyAction } from './keys.ts';
import type { PhoneModel, WireLine } from './phone.ts';

export type AuthFailureMode = 'http401' | 'json';

/** The CTI envelope: every JSON answer has `response` and `body` (§1.6). */
export interface CtiEnvelope {
  response: 'success' | 'error';
  body: unknown;
}

export type CtiReply =
  | { kind: 'json'; envelope: CtiEnvelope }
  | { kind: 'html'; status: number; html: string };

export interface CtiSettings {
  password: string;
  hasMakeCall: boolean;
  authFailure: AuthFailureMode;
  sendKeyDelayMs: number;
}

/** What the CTI handlers need from the simulator besides the phone. */
export interface CtiContext {
  phone: PhoneModel;
  settings: Readonly<CtiSettings>;
  recordDial(number: string, account: string | null, via: 'make_call' | 'send_key'): void;
  recordOperation(cmd: string, ok: boolean): void;
  recordDtmf(line: number, key: string): void;
  /** Waits `ms`; rejects if the simulator closes meanwhile. */
  sleep(ms: number): Promise<void>;
}

type Query = Readonly<Record<string, string>>;
type CtiHandler = (ctx: CtiContext, query: Query) => CtiReply | Promise<CtiReply>;

const success = (body: unknown): CtiReply => ({ kind: 'json', envelope: { response: 'success', body } });
const failure = (body: unknown): CtiReply => ({ kind: 'json', envelope: { response: 'error', body } });

/** §1.6 generic failure. */
const FAILED = failure('failed');

const HANDLERS: Readonly<Record<string, CtiHandler>> = {
  'api-get_line_status': getLineStatus,
  'api-get_phone_status': (ctx) => success(ctx.phone.status()),
  'api-get_accounts': getAccounts,
  'api-make_call': makeCall,
  'api-send_key': sendKey,
  'api-phone_operation': phoneOperation,
  // §1.11: REBOOT/RESET exist on real phones. The simulator never obeys them, and a driver should
  // never send them; answering "unknown" makes an accidental call visible in the request log.
  'api-sys_operation': () => failure('unknown'),
};

/** Handles `/cgi-bin/<name>`; `method` is already known to be GET or POST (§1.3: both work). */
export async function handleCti(ctx: CtiContext, path: string, query: Query): Promise<CtiReply> {
  const name = path.slice('/cgi-bin/'.length);
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  // Firmware without api-make_call answers like for any path it does not have (§1.4, §1.5).
  if (!handler || (name === 'api-make_call' && !ctx.settings.hasMakeCall)) return notFound();
  if (!isAuthorised(ctx.settings.password, query, name === 'api-make_call')) return unauthorised(ctx.settings);
  return handler(ctx, query);
}

/**
 * `passcode=` everywhere (§1.3); api-make_call is also called with `password=` by most clients
 * (§1.5), and the reference's safe strategy sends both, so either matching is enough there.
 */
function isAuthorised(password: string, query: Query, acceptPasswordParam: boolean): boolean {
  if (query['passcode'] === password) return true;
  return acceptPasswordParam && query['password'] === password;
}

/**
 * The exact wrong-passcode answer of the classic CTI API is unknown (§1.6 [?]); the two modes
 * cover the forms seen elsewhere on these phones: HTTP 401 with an HTML page (web-session
 * firmware) and a JSON error with body "unauthorized" (GRP click-to-talk client).
 */
function unauthorised(settings: Readonly<CtiSettings>): CtiReply {
  if (settings.authFailure === 'json') return failure('unauthorized');
  return { kind: 'html', status: 401, html: tinyPage('401 Unauthorized', 'Unauthorized') };
}

export function notFound(): CtiReply {
  return { kind: 'html', status: 404, html: tinyPage('404 Not Found', 'Not Found') };
}

export function tinyPage(title: string, heading: string): string {
  return `<html><head><title>${title}</title></head><body><h1>${heading}</h1></body></html>\n`;
}

/** §1.4: `line` is optional on some firmware, `-1` meaning all lines. */
function getLineStatus(ctx: CtiContext, query: Query): CtiReply {
  const lines = ctx.phone.snapshot();
  const wanted = query['line'];
  if (wanted === undefined || wanted === '-1') return success(lines);
  const one = /^[0-9]{1,2}$/.test(wanted) ? lines[Number(wanted) - 1] : undefined;
  return one ? success([one]) : FAILED;
}

/**
 * [?] No captured api-get_accounts body for the classic CTI API was found (§1.4 lists the function
 * only); this shape is a plausible guess: one entry per SIP account, 0-based id as used by
 * api-make_call's `account` (§1.5). Drivers must not depend on its fields.
 */
function getAccounts(): CtiReply {
  return success([
    { id: 0, name: 'Account 1', sip_id: '101', sip_server: 'pbx.example.test', reg: 1, status: 'registered' },
    { id: 1, name: 'Account 2', sip_id: '', sip_server: '', reg: 0, status: 'unregistered' },
  ]);
}

/**
 * Characters a phone number may contain here: digits, `*`, `#` and a leading `+` [?: real firmware
 * may accept more, e.g. SIP URIs; the simulator is strict so unsanitised dial strings fail tests].
 */
const DIALLABLE = /^\+?[0-9*#]{1,64}$/;

/** §1.5: `phonenumber`, optional 0-based `account` (0..5, accounts 1..6). */
function makeCall(ctx: CtiContext, query: Query): CtiReply {
  const number = query['phonenumber'];
  const account = query['account'];
  if (number === undefined || !DIALLABLE.test(number)) return FAILED;
  if (account !== undefined && !/^[0-5]$/.test(account)) return FAILED;
  const line = ctx.phone.startOutgoing(number, account === undefined ? 0 : Number(account));
  if (line === undefined) return FAILED;
  ctx.recordDial(number, account ?? null, 'make_call');
  return success(true);
}

/**
 * §1.10: keys joined with ':'. An unknown key refuses the whole request with "unknown" (§1.6)
 * before anything is pressed. Each key takes `sendKeyDelayMs`, like a phone pressing them one by
 * one, so drivers see realistic latency for long dial strings.
 */
async function sendKey(ctx: CtiContext, query: Query): Promise<CtiReply> {
  const actions = parseKeys(query['keys'], ctx.phone.count);
  if (!actions) return failure('unknown');
  const delay = ctx.settings.sendKeyDelayMs;
  const deadline = performance.now() + actions.length * delay;
  for (const action of actions) {
    await ctx.sleep(delay);
    pressKey(ctx, action);
  }
  // Timers may fire a fraction of a millisecond early; the total must never be under keys × delay.
  const remaining = deadline - performance.now();
  if (remaining > 0) await ctx.sleep(Math.ceil(remaining));
  return success('complete');
}

function pressKey(ctx: CtiContext, action: KeyAction): void {
  const phone = ctx.phone;
  switch (action.kind) {
    case 'digit':
      pressDigit(ctx, action.char);
      return;
    case 'send':
      pressSend(ctx);
      return;
    case 'offhook': {
      const ringing = phone.pick(['ringing']);
      if (ringing) phone.answer(ringing);
      else if (!phone.pick(['dialing', 'calling', 'connected'])) phone.startDialing();
      return;
    }
    case 'onhook': {
      const busy = phone.pickBusy();
      if (busy) phone.release(busy);
      return;
    }
    case 'hold': {
      const call = phone.pick(['connected', 'onhold']);
      if (call) phone.toggleHold(call);
      return;
    }
    case 'line':
      pressLineKey(ctx, action.line);
      return;
    case 'noop':
      return;
  }
}

/** In a call, digits are DTMF; otherwise they go into the dial buffer, taking the phone off-hook. */
function pressDigit(ctx: CtiContext, char: string): void {
  const talking = ctx.phone.pick(['connected']);
  if (talking) {
    ctx.recordDtmf(talking.line, char);
    return;
  }
  const dialing = ctx.phone.pick(['dialing']) ?? ctx.phone.startDialing();
  if (dialing) ctx.phone.appendDigit(dialing, char);
}

/** SEND dials what was typed; with nothing typed it does nothing (no redial in the simulator). */
function pressSend(ctx: CtiContext): void {
  const dialing: WireLine | undefined = ctx.phone.pick(['dialing']);
  if (!dialing || dialing.remotenumber === '') return;
  ctx.phone.placeDialled(dialing);
  ctx.recordDial(dialing.remotenumber, null, 'send_key');
}

/** A line key answers that line if it rings and resumes it if held [?: usual desk-phone behaviour]. */
function pressLineKey(ctx: CtiContext, line: number): void {
  const target = ctx.phone.lineByNumber(line);
  if (target?.state === 'ringing') ctx.phone.answer(target);
  else if (target?.state === 'onhold') ctx.phone.toggleHold(target);
}

interface Operation {
  /** States the command applies to; the target is the active line or the first line in one of them. */
  states: readonly string[];
  apply(phone: PhoneModel, line: WireLine): void;
}

/** §1.9. `holdcall` toggles; unhold/transfer/mute are [?] in the reference and not accepted here. */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  acceptcall: { states: ['ringing'], apply: (phone, line) => phone.answer(line) },
  rejectcall: { states: ['ringing'], apply: (phone, line) => phone.release(line) },
  endcall: { states: ['connected', 'onhold', 'calling'], apply: (phone, line) => phone.release(line) },
  holdcall: { states: ['connected', 'onhold'], apply: (phone, line) => phone.toggleHold(line) },
  cancel: { states: ['ringing', 'calling'], apply: (phone, line) => phone.release(line) },
};

/** §1.6: accepted → body true, refused or not applicable → body false. */
function phoneOperation(ctx: CtiContext, query: Query): CtiReply {
  const cmd = query['cmd'] ?? '';
  const op = Object.hasOwn(OPERATIONS, cmd) ? OPERATIONS[cmd] : undefined;
  const target = op ? ctx.phone.pick(op.states) : undefined;
  if (op && target) op.apply(ctx.phone, target);
  const ok = target !== undefined;
  ctx.recordOperation(cmd, ok);
  return ok ? success(true) : failure(false);
}
