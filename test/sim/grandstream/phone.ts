/**
 * The simulated phone's line keys and their call states — no HTTP here.
 *
 * Wire shape and state vocabulary follow reference/protocols.md §1.7; overall status §1.8.
 * Every mutation goes through `mutate()`, which diffs the lines before and after and reports each
 * changed line, so the server can emit exactly one 'change' per line that moved.
 */

/** States seen on real phones (§1.7). Tests may inject any other string via `setState`. */
export const KNOWN_LINE_STATES = ['idle', 'ringing', 'calling', 'dialing', 'connected', 'onhold', 'failed'] as const;

/** One element of `api-get_line_status` body, in the key order of the guide example (§1.7). */
export interface WireLine {
  line: number;
  state: string;
  /** Account index; "" on idle lines and a number on busy ones — the reference shows both (§1.7). */
  acct: number | '';
  remotename: string;
  remotenumber: string;
  active: 0 | 1;
}

export interface LineChange {
  line: number;
  from: string;
  to: string;
  /** The line after the change, wire shape. */
  now: WireLine;
}

export type PhoneStatus = 'available' | 'busy' | 'ringing';

/** Thrown by the control side (tests, /sim/ API) when a request cannot apply to the current state. */
export class SimStateError extends Error {
  override name = 'SimStateError';
}

export class PhoneModel {
  private readonly lineArr: WireLine[];

  constructor(
    count: number,
    private readonly onChange: (change: LineChange) => void,
  ) {
    if (!Number.isInteger(count) || count < 1 || count > 48) {
      throw new RangeError(`lines must be an integer 1..48 (GXP2170 has 48 line keys), got ${count}`);
    }
    this.lineArr = Array.from({ length: count }, (_, i) => idleLine(i + 1));
  }

  get count(): number {
    return this.lineArr.length;
  }

  snapshot(): WireLine[] {
    return this.lineArr.map((l) => ({ ...l }));
  }

  /** §1.8: `ringing` wins over `busy` so a cheap status poll never hides an incoming call [?]. */
  status(): PhoneStatus {
    if (this.lineArr.some((l) => l.state === 'ringing')) return 'ringing';
    if (this.lineArr.some((l) => l.state !== 'idle')) return 'busy';
    return 'available';
  }

  /**
   * The line a command should act on: `line` if given and in one of `states`; otherwise the active
   * line if it qualifies, else the first line in one of `states`.
   */
  pick(states: readonly string[], line?: number): WireLine | undefined {
    if (line !== undefined) {
      const l = this.lineArr[line - 1];
      return l && states.includes(l.state) ? l : undefined;
    }
    const active = this.lineArr.find((l) => l.active === 1);
    if (active && states.includes(active.state)) return active;
    return this.lineArr.find((l) => states.includes(l.state));
  }

  /** The line a hang-up acts on: the active line if busy, else the first busy line. */
  pickBusy(): WireLine | undefined {
    const active = this.lineArr.find((l) => l.active === 1 && l.state !== 'idle');
    return active ?? this.lineArr.find((l) => l.state !== 'idle');
  }

  /** Like `pick`, for the control side: explains in words why nothing qualifies. */
  require(states: readonly string[], line: number | undefined, action: string): WireLine {
    if (line !== undefined) this.checkLineNumber(line);
    const found = this.pick(states, line);
    if (found) return found;
    const wanted = states.join(' or ');
    throw new SimStateError(
      line === undefined
        ? `cannot ${action}: no line is ${wanted}`
        : `cannot ${action}: line ${line} is ${this.lineArr[line - 1]?.state ?? '?'}, not ${wanted}`,
    );
  }

  checkLineNumber(line: number): void {
    if (!Number.isInteger(line) || line < 1 || line > this.lineArr.length) {
      throw new SimStateError(`line must be 1..${this.lineArr.length}, got ${line}`);
    }
  }

  /** Incoming call: the phone takes focus only if nothing else has it (a second call rings "behind"). */
  ring(number: string, name: string, line?: number): number {
    const target = this.require(['idle'], line, 'ring');
    this.mutate(() => {
      Object.assign(target, { state: 'ringing', acct: 0, remotename: name, remotenumber: number });
      if (!this.lineArr.some((l) => l.active === 1)) target.active = 1;
    });
    return target.line;
  }

  /** Outgoing call on the first idle line; returns the line or undefined when every line is busy. */
  startOutgoing(number: string, account: number): number | undefined {
    const target = this.pick(['idle']);
    if (!target) return undefined;
    this.mutate(() => {
      Object.assign(target, { state: 'calling', acct: account, remotename: '', remotenumber: number });
      this.focusHoldingOthers(target);
    });
    return target.line;
  }

  /** Off-hook with no number yet (OFFHOOK / first digit on an idle phone). */
  startDialing(): WireLine | undefined {
    const target = this.pick(['idle']);
    if (!target) return undefined;
    this.mutate(() => {
      Object.assign(target, { state: 'dialing', acct: 0, remotename: '', remotenumber: '' });
      this.focusHoldingOthers(target);
    });
    return target;
  }

  /** Appends a dialled digit; the phone shows what was typed so far as the remote number [?]. */
  appendDigit(target: WireLine, digit: string): void {
    this.mutate(() => {
      target.remotenumber += digit;
    });
  }

  /** Dialing → calling (SEND). */
  placeDialled(target: WireLine): void {
    this.mutate(() => {
      target.state = 'calling';
    });
  }

  /** Ringing → connected. Answering while in another call puts that call on hold, as the phone does [?]. */
  answer(target: WireLine): void {
    this.mutate(() => {
      target.state = 'connected';
      this.focusHoldingOthers(target);
    });
  }

  /** Calling → connected: the far end picked up. */
  connect(target: WireLine): void {
    this.mutate(() => {
      target.state = 'connected';
    });
  }

  /** connected ↔ onhold: `holdcall` toggles (§1.9). Resuming holds whatever else was talking. */
  toggleHold(target: WireLine): void {
    this.mutate(() => {
      if (target.state === 'onhold') {
        target.state = 'connected';
        this.focusHoldingOthers(target);
      } else {
        target.state = 'onhold';
      }
    });
  }

  /** Any state → idle. Focus moves to another busy line, if there is one. */
  release(target: WireLine): void {
    this.mutate(() => this.resetToIdle(target));
  }

  /** Puts `line` into an arbitrary state (tests inject unknown states like 'transferring'). */
  setState(line: number, state: string): void {
    this.checkLineNumber(line);
    if (state.length === 0) throw new SimStateError('state must not be empty');
    const target = this.lineArr[line - 1] as WireLine;
    this.mutate(() => {
      if (state === 'idle') {
        this.resetToIdle(target);
        return;
      }
      target.state = state;
      if (target.acct === '') target.acct = 0;
      if (!this.lineArr.some((l) => l.active === 1)) target.active = 1;
    });
  }

  lineByNumber(line: number): WireLine | undefined {
    return this.lineArr[line - 1];
  }

  private resetToIdle(target: WireLine): void {
    const wasActive = target.active === 1;
    Object.assign(target, idleLine(target.line));
    if (!wasActive) return;
    const next = this.lineArr.find((l) => l.state !== 'idle');
    if (next) next.active = 1;
  }

  private focusHoldingOthers(target: WireLine): void {
    for (const l of this.lineArr) {
      if (l === target) continue;
      l.active = 0;
      if (l.state === 'connected') l.state = 'onhold';
    }
    target.active = 1;
  }

  private mutate(change: () => void): void {
    const before = this.snapshot();
    change();
    for (const [i, now] of this.lineArr.entries()) {
      const was = before[i] as WireLine;
      if (sameLine(was, now)) continue;
      this.onChange({ line: now.line, from: was.state, to: now.state, now: { ...now } });
    }
  }
}

function idleLine(line: number): WireLine {
  return { line, state: 'idle', acct: '', remotename: '', remotenumber: '', active: 0 };
}

function sameLine(a: WireLine, b: WireLine): boolean {
  return (
    a.state === b.state &&
    a.acct === b.acct &&
    a.remotename === b.remotename &&
    a.remotenumber === b.remotenumber &&
    a.active === b.active
  );
}
