// The driver contract (DESIGN.md "Backends"): the only place a protocol is known.
// A driver is built from its settings and injected I/O, so the same code runs in the
// background, in unit tests and against the simulators in test/sim.
import type { Call, Capability, ConnectionStatus } from '../core/call.ts';
import type { LocalText } from '../core/text.ts';

/** The part of the WebSocket API the drivers use; the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

export interface DriverIO {
  readonly fetch: typeof fetch;
  /** Opens a WebSocket (push backends: Oktell, RanderWEB). */
  readonly openWebSocket?: WebSocketFactory;
  readonly now: () => number;
  /** Resolves after ms, or rejects with the signal's reason when it aborts first. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Problems worth a log line (never secrets). */
  readonly log?: (message: string) => void;
}

export type DriverEvent =
  | { readonly type: 'call'; readonly call: Call }
  | { readonly type: 'status'; readonly status: ConnectionStatus }
  /** Something odd the user might want to know about once (an unknown line state…). */
  | { readonly type: 'notice'; readonly text: LocalText }
  /** A dial that was accepted at first but failed later (Asterisk's OriginateResponse). */
  | { readonly type: 'dial-failed'; readonly number: string; readonly error: LocalText };

export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly error: LocalText };

export type DiagnosisOutcome =
  | 'ok'
  | 'unreachable'
  | 'timeout'
  | 'refused'
  | 'http-error'
  | 'not-cti'
  | 'auth-rejected'
  | 'untrusted-certificate'
  | 'no-permission'
  | 'misconfigured'
  | 'not-enabled'
  | 'not-ajam'
  | 'no-originate-permission';

export interface Diagnosis {
  readonly outcome: DiagnosisOutcome;
  /** One or more sentences: what happened and what to change. */
  readonly messages: readonly LocalText[];
}

export interface DialOptions {
  /** Backend-specific account/line to place the call from; undefined = the configured default. */
  readonly account?: number;
}

export interface Driver {
  readonly id: string;
  readonly capabilities: ReadonlySet<Capability>;
  dial(number: string, options?: DialOptions): Promise<CommandResult>;
  answer(callId: string): Promise<CommandResult>;
  reject(callId: string): Promise<CommandResult>;
  hangup(callId: string): Promise<CommandResult>;
  hold(callId: string): Promise<CommandResult>;
  resume(callId: string): Promise<CommandResult>;
  /** Keys in digits (0-9 * #) on a connected call; present when capabilities has 'dtmf'. */
  sendDtmf?(callId: string, digits: string): Promise<CommandResult>;
  diagnose(): Promise<Diagnosis>;
  /**
   * Follows the backend until the signal aborts, reporting calls and connection status through
   * emit. `known` are the calls the previous run of the background had seen (restored from
   * storage.session), so a restart continues them instead of reporting them as new.
   */
  watch(signal: AbortSignal, emit: (event: DriverEvent) => void, known: readonly Call[]): Promise<void>;
}

export const ok: CommandResult = { ok: true };
export function failed(error: LocalText): CommandResult {
  return { ok: false, error };
}
