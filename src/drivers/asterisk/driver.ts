// Asterisk 11–22 over AJAM (shared/reference/protocols.md §2, asterisk-ajam-transcripts.md):
// click-to-dial with an asynchronous Originate, screen-pop from a WaitEvent long-poll, Hangup.
// AMI cannot answer or hold a SIP handset, so those capabilities are not offered.
import type { Call, Capability, ConnectionStatus } from '../../core/call.ts';
import type { AsteriskSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { failed, ok, type CommandResult, type Diagnosis, type Driver, type DriverEvent, type DriverIO } from '../contract.ts';
import { sendAction, type AjamFailure, type AjamTarget } from './ajam.ts';
import { AsteriskCallTracker } from './calls.ts';
import { autoAnswerVariables } from './originate.ts';
import type { AmiPacket } from './rawman.ts';
import { AjamSession, type SessionFailure } from './session.ts';
import { pauseQuietly, statusReporter } from '../loop.ts';

export const ASTERISK_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['dial', 'hangup', 'monitor']);

/**
 * Chrome stops a service worker whose fetch waits more than 30 s (DESIGN.md, protocols.md §8.3),
 * and Asterisk caps WaitEvent at httptimeout − 10 s: 20 s fits both and keeps an idle PBX at
 * 3 requests a minute.
 */
export const WAIT_EVENT_TIMEOUT_S = 20;
const WAIT_REQUEST_TIMEOUT_MS = (WAIT_EVENT_TIMEOUT_S + 10) * 1000;
const ACTION_TIMEOUT_MS = 10_000;
export const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000] as const;
/** Several kicked WaitEvents in a row: something else polls the same session (another tab or profile). */
const KICKED_PAUSE_MS = 1000;

export interface AsteriskDriverOptions {
  readonly settings: AsteriskSettings;
  readonly io: DriverIO;
  readonly explainNetworkError?: (url: string, error: unknown) => Promise<string | undefined>;
}

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

export function describeAjamFailure(target: AjamTarget, failure: SessionFailure): LocalText {
  const host = hostOf(target.origin);
  switch (failure.kind) {
    case 'timeout':
      return text('astTimeout', host);
    case 'unreachable':
      return text('astUnreachable', host);
    case 'refused':
      return text('astRefused', host);
    case 'untrusted-certificate':
      return text('astCertificate', target.origin);
    case 'network':
      // The browser did not say why: refused, no such host, or (https) an untrusted certificate.
      return target.origin.startsWith('https:') ? text('astNetworkHttps', target.origin) : text('astCannotConnect', host);
    case 'not-found':
      return text('astNotFound', host, target.prefix ? `/${target.prefix}` : '/');
    case 'http-error':
      return text('astHttpError', host, failure.status);
    case 'not-ajam':
      return text('astNotAjam', host, failure.detail);
    case 'auth-failed':
      return text('astAuthFailed', host);
    case 'error':
      return text('astError', failure.message || '?');
    case 'aborted':
      return text('errCancelled');
  }
}

function statusFor(target: AjamTarget, failure: SessionFailure, now: number): ConnectionStatus {
  const reason = describeAjamFailure(target, failure);
  switch (failure.kind) {
    case 'auth-failed':
      return { state: 'auth-failed', reason, since: now };
    case 'not-found':
    case 'not-ajam':
    case 'http-error':
    case 'untrusted-certificate':
    case 'error':
      return { state: 'misconfigured', reason, since: now };
    default:
      return { state: 'unreachable', reason, since: now };
  }
}

/**
 * OriginateResponse Reason codes (protocols.md §2.9; transcript §4 key observations). They
 * describe the first leg — the user's own phone, which Originate rings before dialling.
 */
export function originateFailureText(reason: string, number: string, device: string): LocalText {
  switch (reason) {
    case '5':
      return text('astDialBusy', number);
    case '3':
      return text('astDialNoAnswer', number);
    case '8':
      return text('astDialCongestion', number);
    case '1':
      return text('astDialHungUp', number);
    default:
      return text('astDialUnavailable', number, device);
  }
}

/** Only what a dialplan can match ever reaches Exten: digits, a leading +, * and #. */
export function extenFor(number: string): string {
  return number.replace(/[^0-9*#+]/g, '').replace(/(?!^)\+/g, '');
}

export function createAsteriskDriver(options: AsteriskDriverOptions): Driver {
  const { settings, io } = options;
  const target: AjamTarget = { origin: settings.address, prefix: settings.prefix };
  const credentials = { username: settings.username, secret: settings.secret };
  const session = new AjamSession(io, target, credentials, options.explainNetworkError);
  const identity = { device: settings.device, extension: settings.extension };
  let tracker = new AsteriskCallTracker(identity, { now: io.now });
  /** Originates we sent, by ActionID, until their OriginateResponse. */
  const pending = new Map<string, { number: string; at: number }>();

  async function dial(number: string): Promise<CommandResult> {
    const exten = extenFor(number);
    if (!exten) return failed(text('errNumberNoDigits', number));
    const actionId = `ringside-${io.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    // The user's phone shows the name part while it rings. The number part stays the user's own
    // extension: FreePBX looks the caller up by it (DEVICE/<num>) for outbound routes and rights.
    const callerId = settings.callerId.trim() || `"${exten}" <${settings.extension || exten}>`;
    const fields: [string, string][] = [
      ['Action', 'Originate'],
      ['Channel', settings.device],
      ['Context', settings.context],
      ['Exten', exten],
      ['Priority', '1'],
      ['CallerID', callerId],
      ['Timeout', String(settings.ringTimeoutSec * 1000)],
      // Without Async the request blocks until the user's phone answers (§2.9).
      ['Async', 'true'],
      ['ActionID', actionId],
      ...autoAnswerVariables(settings.device, settings.autoAnswer).map((v): [string, string] => ['Variable', v]),
    ];
    tracker.expectOriginate(actionId, exten);
    pending.set(actionId, { number: exten, at: io.now() });
    const reply = await session.run(fields, ACTION_TIMEOUT_MS);
    if (reply.ok) return ok;
    pending.delete(actionId);
    tracker.cancelOriginate(actionId);
    if (reply.failure.kind === 'error') {
      if (/permission denied/i.test(reply.failure.message)) return failed(text('astDialNotPermitted', settings.username));
      if (/extension does not exist/i.test(reply.failure.message)) return failed(text('astDialNoSuch', exten, settings.context));
    }
    return failed(describeAjamFailure(target, reply.failure));
  }

  async function hangup(callId: string): Promise<CommandResult> {
    const channel = tracker.channelOf(callId);
    if (!channel) return failed(text('astNoSuchCall'));
    const reply = await session.run([['Action', 'Hangup'], ['Channel', channel]], ACTION_TIMEOUT_MS);
    return reply.ok ? ok : failed(describeAjamFailure(target, reply.failure));
  }

  const notSupported = async (): Promise<CommandResult> => failed(text('errNotSupported'));

  async function diagnose(): Promise<Diagnosis> {
    // A fresh session first: on a live one (the watcher's, in the browser's cookie jar) any Login
    // answers "Already authenticated" whatever the secret (transcripts §1). The watcher logs in
    // again by itself on its next request.
    await sendAction(io, target, [['Action', 'Logoff']], { timeoutMs: ACTION_TIMEOUT_MS, ...(options.explainNetworkError ? { explain: options.explainNetworkError } : {}) });
    session.forget();
    const login = await session.login();
    if (!login.ok) {
      const failure = login.failure;
      if (failure.kind === 'auth-failed' && /already in use/i.test(failure.message)) {
        return { outcome: 'auth-rejected', messages: [text('astLoginInUse', credentials.username)] };
      }
      return { outcome: failure.kind === 'auth-failed' ? 'auth-rejected' : outcomeOf(failure), messages: [describeAjamFailure(target, failure)] };
    }
    const version = await session.run([['Action', 'CoreSettings']], ACTION_TIMEOUT_MS);
    const asteriskVersion = version.ok ? version.response?.headers.asteriskversion : undefined;
    // Whether the user may read call events cannot be asked: Asterisk applies read= silently when
    // it delivers events, and the Events action answers from the mask alone (manager.c
    // set_eventmask). What can be checked is which actions the user may run: ListCommands lists
    // only those its write= permits.
    const commands = await session.run([['Action', 'ListCommands']], ACTION_TIMEOUT_MS);
    if (!commands.ok) return { outcome: outcomeOf(commands.failure), messages: [describeAjamFailure(target, commands.failure)] };
    const allowed = (action: string) => commands.response !== undefined && action in commands.response.headers;
    if (!allowed('originate')) {
      return { outcome: 'no-originate-permission', messages: [text('astNoOriginate', credentials.username), text('astReadCallHint', credentials.username)] };
    }
    const okText = asteriskVersion
      ? text('astOk', hostOf(target.origin), asteriskVersion, credentials.username)
      : text('astOkNoVersion', hostOf(target.origin), credentials.username);
    // Works without these, but less well: say so next to the success.
    const warnings = [
      ...(allowed('coreshowchannels') ? [] : [text('astNoResync', credentials.username)]),
      ...(allowed('hangup') ? [] : [text('astNoHangup', credentials.username)]),
    ];
    return { outcome: 'ok', messages: [okText, ...warnings, text('astReadCallHint', credentials.username)] };
  }

  function handleOriginateResponse(event: AmiPacket, emit: (e: DriverEvent) => void): void {
    const actionId = event.headers.actionid ?? '';
    const sent = pending.get(actionId);
    if (!sent) return;
    pending.delete(actionId);
    if ((event.headers.response ?? '').toLowerCase() === 'success') return;
    emit({ type: 'dial-failed', number: sent.number, error: originateFailureText(event.headers.reason ?? '0', sent.number, settings.device) });
  }

  async function watch(signal: AbortSignal, emit: (event: DriverEvent) => void, known: readonly Call[]): Promise<void> {
    tracker = new AsteriskCallTracker(identity, { now: io.now }, known);
    const setStatus = statusReporter(emit);
    const emitCalls = (calls: readonly Call[]) => {
      for (const call of calls) emit({ type: 'call', call });
    };
    setStatus({ state: 'connecting', since: io.now() });
    let failures = 0;
    let kicked = 0;
    let loginsSeen = -1;
    try {
      // Whether the PBX answers is confirmed with a quick Ping before waiting on a 20 s WaitEvent,
      // so "online" shows at once after a start or an outage.
      let confirmed = false;
      for (let round = 0; !signal.aborted && round < Number.MAX_SAFE_INTEGER; round++) {
        const reply = confirmed
          ? await session.run(
              [['Action', 'WaitEvent'], ['Timeout', String(WAIT_EVENT_TIMEOUT_S)], ['ActionID', `ringside-wait-${round}`]],
              WAIT_REQUEST_TIMEOUT_MS,
              signal,
            )
          : await session.run([['Action', 'Ping']], ACTION_TIMEOUT_MS, signal);
        if (signal.aborted) break;
        if (!reply.ok) {
          if (reply.failure.kind === 'aborted') break;
          confirmed = false;
          setStatus(statusFor(target, reply.failure, io.now()));
          // A rejected login is never retried by itself (no retry storm): the user fixes the
          // settings or presses Reconnect, which starts a new watch.
          if (reply.failure.kind === 'auth-failed') return;
          failures += 1;
          await pause(RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!, signal);
          continue;
        }
        failures = 0;
        confirmed = true;
        setStatus({ state: 'online', since: io.now() });
        if (session.loginCount !== loginsSeen) {
          // A new session (first start, restart of the background, expiry): events queued for the
          // old one are gone, so ask Asterisk which channels exist now (§2.7).
          loginsSeen = session.loginCount;
          emitCalls(await resynchronise(signal));
        }
        if (reply.empty) {
          kicked += 1;
          if (kicked >= 3) await pause(KICKED_PAUSE_MS, signal);
          continue;
        }
        kicked = 0;
        for (const event of reply.events) {
          const name = event.headers.event ?? '';
          if (name === 'WaitEventComplete') continue;
          if (name === 'OriginateResponse') handleOriginateResponse(event, emit);
          emitCalls(tracker.apply(event));
        }
      }
    } finally {
      // Stopped because the profile changed or was switched off: end the session on the PBX.
      if (signal.aborted) await session.logoff();
    }
  }

  async function resynchronise(signal: AbortSignal): Promise<Call[]> {
    const reply = await session.run([['Action', 'CoreShowChannels']], ACTION_TIMEOUT_MS, signal);
    if (!reply.ok) return [];
    const channels = reply.events.filter((e) => (e.headers.event ?? '').toLowerCase() === 'coreshowchannel');
    return tracker.reconcile(channels);
  }

  const pause = (ms: number, signal: AbortSignal) => pauseQuietly(io, ms, signal);

  return {
    id: 'asterisk',
    capabilities: ASTERISK_CAPABILITIES,
    dial,
    answer: notSupported,
    reject: notSupported,
    hangup,
    hold: notSupported,
    resume: notSupported,
    diagnose,
    watch,
  };
}

function outcomeOf(failure: SessionFailure): Diagnosis['outcome'] {
  switch (failure.kind) {
    case 'auth-failed':
      return 'auth-rejected';
    case 'error':
      return 'misconfigured';
    case 'not-found':
      return 'not-enabled';
    case 'not-ajam':
      return 'not-ajam';
    case 'network':
      return 'refused';
    case 'aborted':
      return 'timeout';
    default:
      return failure.kind;
  }
}
