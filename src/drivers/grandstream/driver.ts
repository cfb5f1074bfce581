// Grandstream desk phones over the CTI HTTP API (shared/reference/protocols.md §1):
// dial with api-make_call (api-send_key digits + SEND where the firmware lacks it), answer /
// reject / hang up / hold with api-phone_operation, and follow calls by polling
// api-get_line_status with one request in flight.
import type { Call, Capability, ConnectionStatus } from '../../core/call.ts';
import { text, type LocalText } from '../../core/text.ts';
import type { GrandstreamSettings } from '../../core/settings.ts';
import {
  failed,
  ok,
  type CommandResult,
  type DialOptions,
  type Diagnosis,
  type Driver,
  type DriverEvent,
  type DriverIO,
} from '../contract.ts';
import { ctiRequest, type CtiFailure, type CtiResult, type CtiTarget } from './cti.ts';
import { LineCallTracker, lineStatusBodySchema } from './lineStatus.ts';
import { statusReporter } from '../loop.ts';

export const GRANDSTREAM_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'dial',
  'answer',
  'reject',
  'hangup',
  'hold',
  'resume',
  'dtmf',
  'monitor',
]);

/** Backs off after network trouble; the first retries are quick so a call is not missed. */
export const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000] as const;
const STATUS_TIMEOUT_MS = 4000;
const COMMAND_TIMEOUT_MS = 5000;
/** A phone sends keys one by one; the reply comes after the last (§1.10). */
const PER_KEY_TIMEOUT_MS = 400;

export interface GrandstreamDriverOptions {
  readonly settings: GrandstreamSettings;
  readonly io: DriverIO;
  readonly explainNetworkError?: (url: string, error: unknown) => Promise<string | undefined>;
}

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

/** The sentence for a failed CTI request, naming the phone and what to change. */
export function describeCtiFailure(origin: string, failure: CtiFailure, timeoutMs = STATUS_TIMEOUT_MS): LocalText {
  const host = hostOf(origin);
  switch (failure.kind) {
    case 'timeout':
      return text('gsTimeout', host, Math.round(timeoutMs / 1000));
    case 'unreachable':
      return text('gsUnreachable', host);
    case 'refused':
      return text('gsRefused', host);
    case 'untrusted-certificate':
      return text('gsCertificate', origin);
    case 'network':
      // The browser did not say why: refused, no such host, or (https) an untrusted certificate.
      return origin.startsWith('https:') ? text('gsNetworkHttps', origin) : text('gsCannotConnect', host);
    case 'http-error':
      return text('gsHttpError', host, failure.status);
    case 'not-found':
      return text('gsNotFound', host);
    case 'not-cti':
      return text('gsNotCti', host, failure.detail);
    case 'auth-rejected':
      return text('gsAuthRejected', host);
    case 'refused-by-phone':
      return text('gsCommandRefused', host, failure.detail);
    case 'aborted':
      return text('errCancelled');
  }
}

function statusFor(origin: string, failure: CtiFailure, now: number): ConnectionStatus {
  const reason = describeCtiFailure(origin, failure);
  switch (failure.kind) {
    case 'auth-rejected':
    case 'refused-by-phone':
      return { state: 'auth-failed', reason, since: now };
    case 'not-found':
    case 'not-cti':
    case 'http-error':
    case 'untrusted-certificate':
      return { state: 'misconfigured', reason, since: now };
    default:
      return { state: 'unreachable', reason, since: now };
  }
}

/** Keys for api-send_key: only 0-9 * # ever reach the phone (a "+" cannot be typed on a keypad). */
export function dialKeys(number: string): string[] {
  return [...number.replace(/[^0-9*#]/g, '')];
}

export function createGrandstreamDriver(options: GrandstreamDriverOptions): Driver {
  const { settings, io } = options;
  const target: CtiTarget = { origin: settings.address, password: settings.password };
  const rejected = new Set<string>();
  let tracker: LineCallTracker | undefined;
  let makeCallMissing = false;
  // Wakes the poll loop early after a command, so the UI follows within one round trip.
  let wake: AbortController | undefined;

  const request = (fn: string, params: Record<string, string>, timeoutMs: number, signal?: AbortSignal) =>
    ctiRequest(io, target, fn, { ...params, passcode: target.password }, {
      timeoutMs,
      ...(signal ? { signal } : {}),
      ...(options.explainNetworkError ? { explain: options.explainNetworkError } : {}),
    });

  const commandResult = (result: CtiResult): CommandResult => {
    if (result.ok) {
      wake?.abort();
      return ok;
    }
    return failed(describeCtiFailure(target.origin, result.failure, COMMAND_TIMEOUT_MS));
  };

  async function dialWithKeys(number: string): Promise<CommandResult> {
    const keys = dialKeys(number);
    if (keys.length === 0) return failed(text('errNumberNoDigits', number));
    const timeout = COMMAND_TIMEOUT_MS + (keys.length + 1) * PER_KEY_TIMEOUT_MS;
    return commandResult(await request('api-send_key', { keys: [...keys, 'SEND'].join(':') }, timeout));
  }

  async function dial(number: string, dialOptions?: DialOptions): Promise<CommandResult> {
    const account = String((dialOptions?.account ?? settings.account) - 1);
    if (!makeCallMissing) {
      // Firmware differs on the name of the password parameter (§1.5): send both.
      const result = await request(
        'api-make_call',
        { phonenumber: number.replace(/[^0-9*#+]/g, ''), account, password: target.password },
        COMMAND_TIMEOUT_MS,
      );
      if (result.ok || result.failure.kind !== 'not-found') return commandResult(result);
      makeCallMissing = true; // older GXP firmware: remember, and type the digits instead.
    }
    return dialWithKeys(number);
  }

  const operation = (cmd: string) => async (): Promise<CommandResult> =>
    commandResult(await request('api-phone_operation', { cmd }, COMMAND_TIMEOUT_MS));

  const acceptcall = operation('acceptcall');
  const rejectcall = operation('rejectcall');
  const endcall = operation('endcall');
  const cancel = operation('cancel');
  // The phone has one hold command that toggles (§1.9): the same for hold and resume.
  const holdcall = operation('holdcall');

  async function hangup(callId: string): Promise<CommandResult> {
    const call = tracker?.find(callId);
    if (call?.state === 'dialing') return cancel();
    if (call?.state === 'ringing' && call.direction === 'in') return reject(callId);
    return endcall();
  }

  async function reject(callId: string): Promise<CommandResult> {
    rejected.add(callId);
    const result = await rejectcall();
    if (!result.ok) rejected.delete(callId);
    return result;
  }

  async function diagnose(): Promise<Diagnosis> {
    const result = await request('api-get_line_status', {}, STATUS_TIMEOUT_MS);
    if (!result.ok) {
      const outcome = (() => {
        switch (result.failure.kind) {
          case 'not-found':
          case 'refused-by-phone':
            return 'not-cti' as const;
          case 'network':
            return 'refused' as const;
          case 'aborted':
            return 'timeout' as const;
          default:
            return result.failure.kind;
        }
      })();
      return { outcome, messages: [describeCtiFailure(target.origin, result.failure)] };
    }
    const lines = lineStatusBodySchema.safeParse(result.body);
    if (!lines.success) {
      return { outcome: 'not-cti', messages: [text('gsNotCti', hostOf(target.origin), 'api-get_line_status')] };
    }
    return { outcome: 'ok', messages: [text('gsOk', hostOf(target.origin), lines.data.length)] };
  }

  async function watch(signal: AbortSignal, emit: (event: DriverEvent) => void, known: readonly Call[]) {
    let idSeq = 0;
    tracker = new LineCallTracker(
      {
        now: io.now,
        newId: () => `gs-${io.now().toString(36)}-${(idSeq++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
        rejected,
      },
      known,
    );
    const setStatus = statusReporter(emit);
    const reportedUnknown = new Set<string>();
    let failures = 0;
    setStatus({ state: 'connecting', since: io.now() });

    for (let round = 0; !signal.aborted && round < Number.MAX_SAFE_INTEGER; round++) {
      const started = io.now();
      const result = await request('api-get_line_status', {}, STATUS_TIMEOUT_MS, signal);
      if (signal.aborted) break;
      let delay = settings.pollIntervalMs;
      if (result.ok) {
        const parsed = lineStatusBodySchema.safeParse(result.body);
        if (parsed.success) {
          failures = 0;
          setStatus({ state: 'online', since: io.now() });
          const { changed, unknownStates } = tracker.apply(parsed.data);
          for (const call of changed) emit({ type: 'call', call });
          for (const state of unknownStates) {
            if (reportedUnknown.has(state)) continue;
            reportedUnknown.add(state);
            io.log?.(`Grandstream: unknown line state "${state}", treated as busy`);
            emit({ type: 'notice', text: text('gsUnknownState', state) });
          }
        } else {
          failures += 1;
          setStatus({
            state: 'misconfigured',
            reason: text('gsNotCti', hostOf(target.origin), 'api-get_line_status'),
            since: io.now(),
          });
          delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!;
        }
      } else if (result.failure.kind === 'aborted') {
        break;
      } else if (result.failure.kind === 'auth-rejected' || result.failure.kind === 'refused-by-phone') {
        // Never retry a rejected password: five failures lock the phone's account (§1.13).
        // The wrong-passcode reply of the classic CTI API is not documented (§1.6), and
        // api-get_line_status has no other parameter to refuse, so any error reply counts as one.
        // The background starts a new watch when the settings change or the user asks.
        setStatus(statusFor(target.origin, result.failure, io.now()));
        return;
      } else {
        failures += 1;
        setStatus(statusFor(target.origin, result.failure, io.now()));
        delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!;
      }
      const wait = Math.max(0, started + delay - io.now());
      wake = new AbortController();
      try {
        await io.sleep(wait, AbortSignal.any([signal, wake.signal]));
      } catch {
        // Woken early by a command, or stopped: the loop condition decides.
      }
    }
  }

  /** Digits typed on the keypad during a connected call reach the far end as DTMF (§1.10). */
  async function sendDtmf(_callId: string, digits: string): Promise<CommandResult> {
    const keys = dialKeys(digits);
    if (keys.length === 0) return failed(text('errNumberNoDigits', digits));
    const timeout = COMMAND_TIMEOUT_MS + keys.length * PER_KEY_TIMEOUT_MS;
    return commandResult(await request('api-send_key', { keys: keys.join(':') }, timeout));
  }

  return {
    id: 'grandstream',
    sendDtmf,
    capabilities: GRANDSTREAM_CAPABILITIES,
    dial,
    answer: () => acceptcall(),
    reject,
    hangup,
    hold: () => holdcall(),
    resume: () => holdcall(),
    diagnose,
    watch,
  };
}
