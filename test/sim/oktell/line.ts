/**
 * The simulated user's line on the Oktell server: at most one current call and one call held in
 * flash, the transitions the control API and the WebSocket methods drive, the events each
 * transition pushes, and the `getextendedlineinfo` reply that describes the line
 * (reference/protocols.md §3.3; field names from oktell.js phone.loadStates/createAbonent).
 *
 * Outgoing calls follow Oktell's auto-call ("автодозвон") sequences:
 *   sequence 'user'    (Web-API back, the desktop client): the user's phone rings first (isringing,
 *                      direction acm_callback) → the user answers → the number is dialled (calling)
 *                      → the far end answers → commutated;
 *   sequence 'abonent' (Web-API direct): the number is dialled first (isautocall) → it answers →
 *                      the user's phone rings back (acm_callback) → the user answers → commutated.
 *
 * Values the public sources do not show are the simulator's choice and marked [?]: linestatestr
 * other than lsCommutated/lsHookUp, the `direction` of ordinary calls, event payloads.
 */
import { randomUUID } from 'node:crypto';

export type SimCallState = 'ringing' | 'autocall' | 'backring' | 'calling' | 'commutated' | 'held' | 'ended';
export type SimSequence = 'user' | 'abonent';
export type EndReason = 'remote-hangup' | 'user-hangup' | 'missed' | 'answered-elsewhere' | 'declined' | 'aborted';

export interface SimCall {
  /** The chainid GUID. */
  readonly chainId: string;
  readonly direction: 'in' | 'out';
  readonly number: string;
  readonly name: string;
  state: SimCallState;
  readonly sequence: SimSequence | undefined;
  readonly startedAt: number;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  endReason: EndReason | undefined;
}

export class LineStateError extends Error {
  override name = 'LineStateError';
}

/** A phone event: its name and payload, pushed to the sessions that subscribed to it. */
export interface LineEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
}

export interface LineOwner {
  readonly userId: string;
  readonly login: string;
  readonly number: string;
}

export class Line {
  current: SimCall | undefined;
  held: SimCall | undefined;
  readonly history: SimCall[] = [];

  constructor(
    readonly owner: LineOwner,
    private readonly publish: (events: LineEvent[]) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  // ---- what happens at the phone or at the far end --------------------------------------------

  /** An incoming call starts ringing on the user's phone. */
  ring(number: string, name: string): SimCall {
    if (this.current) throw new LineStateError(`the line is busy (${this.current.state})`);
    const call = this.newCall('in', number, name, 'ringing', undefined);
    this.current = call;
    this.emit(call, ['phoneevent_ringstarted']);
    return call;
  }

  /** The user picks up the handset (or pbxanswercall on a phone that supports intercom). */
  answer(): SimCall {
    const call = this.require(['ringing', 'backring'], 'answer');
    if (call.direction === 'in' || call.sequence === 'abonent') {
      this.commutate(call, ['phoneevent_ringstopped', 'phoneevent_commstarted', ...(call.direction === 'out' ? ['phoneevent_acmcallstopped'] : [])]);
    } else {
      call.state = 'calling';
      this.emit(call, ['phoneevent_ringstopped']);
    }
    return call;
  }

  /** The far end of an outgoing call answers. */
  remoteAnswer(): SimCall {
    const call = this.require(['autocall', 'calling'], 'answer at the far end');
    if (call.state === 'autocall') {
      call.state = 'backring';
      this.emit(call, ['phoneevent_ringstarted']);
    } else {
      this.commutate(call, ['phoneevent_commstarted', 'phoneevent_acmcallstopped']);
    }
    return call;
  }

  /** The caller gives up while it rings: a missed call. */
  missed(): SimCall {
    return this.end(this.require(['ringing'], 'stop ringing'), 'missed');
  }

  /** Another phone of the group answered: the ring stops here, just as for a missed call. */
  answeredElsewhere(): SimCall {
    return this.end(this.require(['ringing'], 'be answered elsewhere'), 'answered-elsewhere');
  }

  /** Either side hangs up: the current call, or the held one when there is no current call. */
  hangup(side: 'remote' | 'user'): SimCall {
    const call = this.current ?? this.held;
    if (!call) throw new LineStateError('cannot hang up: the line is idle');
    return this.end(call, side === 'remote' ? 'remote-hangup' : 'user-hangup');
  }

  /** Flash: the current commutated party waits on hold. */
  hold(): SimCall {
    const call = this.require(['commutated'], 'hold');
    call.state = 'held';
    this.held = call;
    this.current = undefined;
    this.emit(call, ['flashstatechanged']);
    return call;
  }

  /** Back to the party waiting in flash. */
  unhold(): SimCall {
    const call = this.held;
    if (!call) throw new LineStateError('cannot resume: nobody is on hold');
    if (this.current) throw new LineStateError('cannot resume: the line is busy with another call');
    this.held = undefined;
    this.current = call;
    call.state = 'commutated';
    this.emit(call, ['flashstatechanged']);
    return call;
  }

  /** An auto-call the server starts for the user (Web-API, desktop client, pbxautocallstart). */
  autocall(number: string, sequence: SimSequence): SimCall {
    if (this.current) throw new LineStateError(`the line is busy (${this.current.state})`);
    const call = this.newCall('out', number, '', sequence === 'user' ? 'backring' : 'autocall', sequence);
    this.current = call;
    this.emit(call, ['phoneevent_acmcallstarted', ...(call.state === 'backring' ? ['phoneevent_ringstarted'] : [])]);
    return call;
  }

  // ---- the WebSocket call-control methods ----------------------------------------------------

  /** pbxanswercall: only a phone with intercom (auto-answer) support picks up by itself. */
  answerByServer(intercom: boolean): boolean {
    const call = this.current;
    if (!call || (call.state !== 'ringing' && call.state !== 'backring')) return false;
    if (intercom) this.answer();
    return true;
  }

  /** pbxabortcall: drop the current connection. */
  abortCall(): boolean {
    const call = this.current;
    if (!call) return false;
    this.end(call, 'user-hangup');
    return true;
  }

  /** pbxdeclinecall: end an unanswered ring or an auto-call. */
  declineCall(): boolean {
    const call = this.current;
    if (!call || call.state === 'commutated') return false;
    this.end(call, call.direction === 'in' ? 'declined' : 'aborted');
    return true;
  }

  /** pbxautocallabort */
  abortAutocall(): boolean {
    const call = this.current;
    if (!call || call.direction !== 'out' || call.state === 'commutated') return false;
    this.end(call, 'aborted');
    return true;
  }

  /** pbxmakeflash {mode}: 'switch' holds the current party or returns to the held one; 'abort' drops the held one. */
  flash(mode: string | undefined): boolean {
    if (mode === 'abort') {
      if (!this.held) return false;
      this.end(this.held, 'user-hangup');
      return true;
    }
    if (this.current?.state === 'commutated') {
      this.hold();
      return true;
    }
    if (this.held && !this.current) {
      this.unhold();
      return true;
    }
    return false;
  }

  // ---- the line as getextendedlineinfo describes it -----------------------------------------

  lineInfo(): Record<string, unknown> {
    const call = this.current;
    return {
      linestatestr: lineStateOf(call, this.held),
      chainid: call?.chainId ?? this.held?.chainId ?? '00000000-0000-0000-0000-000000000000',
      calledid: call?.direction === 'in' ? this.owner.number : '',
      timertalklensec: call?.answeredAt ? Math.floor((this.now() - call.answeredAt) / 1000) : 0,
      isflashing: this.held !== undefined,
      ...(this.held ? { flashed: abonentOf(this.held) } : {}),
      abonent: call ? abonentOf(call) : {},
    };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private newCall(direction: 'in' | 'out', number: string, name: string, state: SimCallState, sequence: SimSequence | undefined): SimCall {
    const call: SimCall = {
      chainId: randomUUID(),
      direction,
      number,
      name,
      state,
      sequence,
      startedAt: this.now(),
      answeredAt: undefined,
      endedAt: undefined,
      endReason: undefined,
    };
    this.history.push(call);
    return call;
  }

  private require(states: SimCallState[], what: string): SimCall {
    const call = this.current;
    if (!call || !states.includes(call.state)) {
      throw new LineStateError(`cannot ${what}: ${call ? `the call is ${call.state}` : 'the line is idle'}`);
    }
    return call;
  }

  private commutate(call: SimCall, events: string[]): void {
    call.state = 'commutated';
    call.answeredAt ??= this.now();
    this.emit(call, events);
  }

  private end(call: SimCall, reason: EndReason): SimCall {
    const before = call.state;
    call.state = 'ended';
    call.endReason = reason;
    call.endedAt = this.now();
    if (this.current === call) this.current = undefined;
    if (this.held === call) this.held = undefined;
    const events: string[] = [];
    if (before === 'ringing' || before === 'backring') events.push('phoneevent_ringstopped');
    if (before === 'commutated' || before === 'held') events.push('phoneevent_commstopped');
    if (before === 'held') events.push('flashstatechanged');
    if (call.direction === 'out' && before !== 'commutated' && before !== 'held') events.push('phoneevent_acmcallstopped');
    this.emit(call, events);
    return call;
  }

  private emit(call: SimCall, names: string[]): void {
    const data = { chainid: call.chainId, userid: this.owner.userId, userlogin: this.owner.login };
    this.publish([...names, 'linestatechanged'].map((name) => ({ name, data })));
  }
}

/** [?] apart from lsCommutated and lsHookUp (oktell.js). */
function lineStateOf(call: SimCall | undefined, held: SimCall | undefined): string {
  if (!call) return held ? 'lsHookUp' : 'lsFree';
  switch (call.state) {
    case 'ringing':
    case 'backring':
      return 'lsRinging';
    case 'autocall':
    case 'calling':
      return 'lsDialing';
    default:
      return 'lsCommutated';
  }
}

function abonentOf(call: SimCall): Record<string, unknown> {
  return {
    chainid: call.chainId,
    number: call.number,
    callerid: call.number,
    simplename: call.name,
    // [?] the direction of an ordinary call; acm_callback is oktell.js's.
    direction: call.state === 'backring' ? 'acm_callback' : call.direction === 'in' ? 'in' : 'out',
    isringing: call.state === 'ringing' || call.state === 'backring',
    isautocall: call.state === 'autocall',
    iscommutated: call.state === 'commutated',
    iswaitinginflash: call.state === 'held',
    isconference: false,
    isivr: false,
    isextline: call.number.length > 4,
    extline: call.number.length > 4 ? 1 : 0,
  };
}
