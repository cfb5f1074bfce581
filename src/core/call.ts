// The call model every driver speaks (DESIGN.md "Backends"), after Creatio's CTI provider.
import type { LocalText } from './text.ts';

export type CallDirection = 'in' | 'out';
export type CallState = 'ringing' | 'dialing' | 'connected' | 'held' | 'ended';
export type CallEnding =
  | 'answered-here'
  | 'answered-elsewhere'
  | 'missed'
  | 'rejected'
  | 'busy'
  | 'failed'
  | 'cancelled';

export interface Party {
  readonly number: string;
  readonly name: string;
}

export interface Call {
  /** Stable for the life of the call, also across a restart of the background. */
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly remote: Party;
  /** Backend-specific line label (Grandstream line key "1", an Asterisk channel…). */
  readonly line: string;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly ending?: CallEnding;
}

export type Capability =
  | 'dial'
  | 'answer'
  | 'reject'
  | 'hangup'
  | 'hold'
  | 'resume'
  | 'dtmf'
  | 'transfer'
  | 'monitor';

/** The commands that act on one call, in the order the UI shows them. */
export type CallAction = 'answer' | 'reject' | 'hold' | 'resume' | 'hangup';

/** Which buttons make sense for a call in its state, limited to what the driver can do. */
export function actionsFor(call: Call, capabilities: ReadonlySet<Capability>): CallAction[] {
  const wanted: CallAction[] = (() => {
    switch (call.state) {
      case 'ringing':
        return call.direction === 'in' ? ['answer', 'reject'] : ['hangup'];
      case 'dialing':
        return ['hangup'];
      case 'connected':
        return ['hold', 'hangup'];
      case 'held':
        return ['resume', 'hangup'];
      case 'ended':
        return [];
    }
  })();
  return wanted.filter((action) => capabilities.has(action));
}

export type ConnectionState =
  | 'disabled'
  | 'connecting'
  | 'online'
  | 'unreachable'
  | 'auth-failed'
  | 'misconfigured'
  | 'no-permission';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Why, in a sentence the user can act on; absent when online. */
  readonly reason?: LocalText;
  readonly since: number;
}

export function isProblem(status: ConnectionStatus): boolean {
  return status.state !== 'online' && status.state !== 'connecting' && status.state !== 'disabled';
}

export function isLive(call: Call): boolean {
  return call.state !== 'ended';
}

/** Whether an update changes nothing the user could see: drivers report only real changes. */
export function sameCall(a: Call, b: Call): boolean {
  return (
    a.state === b.state &&
    a.direction === b.direction &&
    a.remote.number === b.remote.number &&
    a.remote.name === b.remote.name &&
    a.line === b.line &&
    a.answeredAt === b.answeredAt &&
    a.endedAt === b.endedAt &&
    a.ending === b.ending
  );
}

/** Trunks often send the number as the name; that is no name. */
export function nameUnlessNumber(name: string, number: string): string {
  return name === number ? '' : name;
}
