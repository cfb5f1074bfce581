/**
 * The phone lines behind the simulated RanderWEB: extensions, their calls and the line-state
 * messages Rander publishes for them (TAPI LINECALLSTATE names, as the driver's table assumes —
 * src/drivers/rander/commands.ts). Every state change is published as one object
 * `{Line, State, CallId, CallerId, CallerName, CalledId, CalledName, Direction}`; the end of a call is
 * `DISCONNECTED` (with its CallId) followed by the line going `IDLE` (without one).
 */

export type SimCallState = 'ringing' | 'dialing' | 'ringback' | 'connected' | 'held' | 'ended';
export type CallResult = 'answered' | 'missed' | 'rejected' | 'busy' | 'cancelled';
export type HangupSide = 'extension' | 'remote';

export interface SimCall {
  /** TAPI-like call handle, unique for the simulator's life. */
  readonly id: string;
  readonly line: string;
  readonly direction: 'in' | 'out';
  state: SimCallState;
  readonly caller: { number: string; name: string };
  readonly called: { number: string; name: string };
  result: CallResult | null;
  readonly startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
}

/** A control request that does not fit the current calls: becomes HTTP 400. */
export class LineStateError extends Error {
  override name = 'LineStateError';
}

export interface LinesClock {
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export interface LinesOptions {
  /** Incoming calls stop ringing by themselves after this long (missed); null = until told. */
  readonly ringMs: number | null;
  /** The far end of an outgoing call answers after this long; null = until told. */
  readonly farAnswerMs: number | null;
  /** Field style: 'object' (default) or 'positional' args. */
  readonly style: 'object' | 'positional';
}

export type Publish = (line: string, args: unknown[]) => void;

const TAPI_NAMES: Readonly<Record<Exclude<SimCallState, 'ended'>, string>> = {
  ringing: 'OFFERING',
  dialing: 'DIALING',
  ringback: 'RINGBACK',
  connected: 'CONNECTED',
  held: 'ONHOLD',
};

export class Lines {
  private readonly calls: SimCall[] = [];
  private readonly open = new Set<string>();
  private readonly cancels = new Map<string, () => void>();
  private nextId = 7001;

  constructor(
    private readonly publish: Publish,
    private readonly clock: LinesClock,
    private readonly options: LinesOptions,
    private readonly changed: () => void,
  ) {}

  list(): SimCall[] {
    return this.calls.map((c) => ({ ...c }));
  }

  get(id: string): SimCall | undefined {
    return this.calls.find((c) => c.id === id);
  }

  openLine(extension: string): void {
    this.open.add(extension);
    this.changed();
  }

  isOpen(extension: string): boolean {
    return this.open.has(extension);
  }

  openLines(): string[] {
    return [...this.open];
  }

  /** A call from `from` rings extension `to`. */
  ring(input: { from: string; name?: string; to: string }): SimCall {
    if (!input.from || !input.to) throw new LineStateError('ring needs "from" and "to"');
    const call = this.add({
      line: input.to,
      direction: 'in',
      state: 'ringing',
      caller: { number: input.from, name: input.name ?? '' },
      called: { number: input.to, name: '' },
    });
    this.emit(call, 'ringing');
    if (this.options.ringMs !== null) this.schedule(call, this.options.ringMs, () => this.end(call, 'missed'));
    return { ...call };
  }

  /** The extension's user picks up the ringing call (or Rander's answer command does). */
  answer(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.direction === 'in' && c.state === 'ringing', 'ringing incoming call');
    this.connect(call);
    return { ...call };
  }

  /** The far end of an outgoing call answers. */
  answerFar(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.direction === 'out' && (c.state === 'dialing' || c.state === 'ringback'), 'outgoing call that is dialling');
    this.connect(call);
    return { ...call };
  }

  hold(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.state === 'connected', 'connected call');
    call.state = 'held';
    this.emit(call, 'held');
    return { ...call };
  }

  unhold(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.state === 'held', 'held call');
    call.state = 'connected';
    this.emit(call, 'connected');
    return { ...call };
  }

  /** Either side hangs up; a ringing incoming call hung up by the extension is rejected. */
  hangup(ref?: string, side: HangupSide = 'extension'): SimCall {
    const call = this.find(ref, (c) => c.state !== 'ended', 'live call');
    const result: CallResult =
      call.answeredAt !== null ? 'answered' : call.direction === 'in' ? (side === 'extension' ? 'rejected' : 'missed') : 'cancelled';
    this.end(call, result);
    return { ...call };
  }

  /** The ring stops unanswered (the caller gave up or the PBX timed out). */
  missed(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.direction === 'in' && c.state === 'ringing', 'ringing incoming call');
    this.end(call, 'missed');
    return { ...call };
  }

  /** The far end of an outgoing call is busy: BUSY, then the line goes idle. */
  busy(ref?: string): SimCall {
    const call = this.find(ref, (c) => c.direction === 'out' && c.state !== 'ended' && c.answeredAt === null, 'outgoing call that is dialling');
    this.publishState(call, 'BUSY');
    this.end(call, 'busy', false);
    return { ...call };
  }

  /** Rander dials `number` from `extension` (the Web API's makecall). */
  makeCall(extension: string, number: string): SimCall {
    const call = this.add({
      line: extension,
      direction: 'out',
      state: 'dialing',
      caller: { number: extension, name: '' },
      called: { number, name: '' },
    });
    this.emit(call, 'dialing');
    call.state = 'ringback';
    this.emit(call, 'ringback');
    if (this.options.farAnswerMs !== null) this.schedule(call, this.options.farAnswerMs, () => this.connect(call));
    return { ...call };
  }

  /** The call a Web API command on `extension` acts on. */
  liveOn(extension: string): SimCall | undefined {
    return [...this.calls].reverse().find((c) => c.line === extension && c.state !== 'ended');
  }

  dispose(): void {
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }

  // ---- internals -------------------------------------------------------------------------------

  private add(input: Pick<SimCall, 'line' | 'direction' | 'state' | 'caller' | 'called'>): SimCall {
    const call: SimCall = { ...input, id: String(this.nextId++), result: null, startedAt: this.clock.now(), answeredAt: null, endedAt: null };
    this.calls.push(call);
    if (this.calls.length > 500) this.calls.splice(0, this.calls.length - 500);
    return call;
  }

  private connect(call: SimCall): void {
    if (call.state === 'ended' || call.state === 'connected') return;
    this.cancel(call);
    call.state = 'connected';
    call.answeredAt ??= this.clock.now();
    this.emit(call, 'connected');
  }

  private end(call: SimCall, result: CallResult, disconnected = true): void {
    if (call.state === 'ended') return;
    this.cancel(call);
    call.state = 'ended';
    call.result = result;
    call.endedAt = this.clock.now();
    if (disconnected) this.publishState(call, 'DISCONNECTED');
    // The line is free again: Rander says so without a call id.
    this.publishRaw(call.line, this.payload(call.line, 'IDLE', null));
    this.changed();
  }

  private emit(call: SimCall, state: Exclude<SimCallState, 'ended'>): void {
    this.publishState(call, TAPI_NAMES[state]);
    this.changed();
  }

  private publishState(call: SimCall, state: string): void {
    this.publishRaw(call.line, this.payload(call.line, state, call));
  }

  private payload(line: string, state: string, call: SimCall | null): unknown[] {
    if (this.options.style === 'positional') {
      return [line, state, call?.caller.number ?? '', call?.caller.name ?? '', call?.id ?? '', call?.called.number ?? ''];
    }
    if (!call) return [{ Line: line, State: state }];
    return [
      {
        Line: line,
        State: state,
        CallId: call.id,
        CallerId: call.caller.number,
        CallerName: call.caller.name,
        CalledId: call.called.number,
        CalledName: call.called.name,
        Direction: call.direction === 'in' ? 'Incoming' : 'Outgoing',
      },
    ];
  }

  private publishRaw(line: string, args: unknown[]): void {
    this.publish(line, args);
  }

  private find(ref: string | undefined, matches: (c: SimCall) => boolean, what: string): SimCall {
    const candidates = this.calls.filter(matches);
    const call = ref === undefined || ref === '' ? candidates.at(-1) : candidates.find((c) => c.id === ref) ?? [...candidates].reverse().find((c) => c.line === ref);
    if (!call) throw new LineStateError(ref ? `no ${what} "${ref}"` : `no ${what}`);
    return call;
  }

  private schedule(call: SimCall, ms: number, fn: () => void): void {
    this.cancel(call);
    this.cancels.set(call.id, this.clock.after(ms, () => {
      this.cancels.delete(call.id);
      fn();
    }));
  }

  private cancel(call: SimCall): void {
    this.cancels.get(call.id)?.();
    this.cancels.delete(call.id);
  }
}
