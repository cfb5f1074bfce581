// Line states of the user's extension → Ringside calls. Pure: no I/O, the clock is injected.
//
// | line state (commands.ts STATE_WORDS)  | no call yet                              | a live call                     |
// |---------------------------------------|------------------------------------------|---------------------------------|
// | offering (OFFERING, ACCEPTED, RING…)  | incoming, ringing; caller = remote       | caller fills blanks             |
// | dialing / ringback                    | outgoing, dialing; called = remote       | called fills blanks             |
// | connected                             | a call first seen talking (connected)    | → connected, answeredAt         |
// | held                                  | —                                        | connected → held                |
// | busy / failed                         | —                                        | ended, busy / failed            |
// | disconnected                          | —                                        | ended (see below)               |
// | idle (without a call id: the line)    | —                                        | every live call of the line ends|
//
// Endings: connected at least once → answered-here; incoming never answered → missed (rejected
// when Ringside sent the hang-up while it rang); outgoing never answered → cancelled unless the
// line said busy or failed.
//
// Call ids: `rd:<extension>:<call id from the message>` — stable across a restart of the background
// (restored from `known`). A message without a call id is the line's one current call
// (`rd:<extension>:~t<start time>`). A call id seen again after its call ended (TAPI reuses call
// handles) starts a new call `…~2`, never resurrects the old one.
//
// Click-to-dial: Rander dials from the extension, and some PBXs first ring the extension itself.
// While a dial Ringside sent is fresh (DIAL_CLAIM_MS), an offering whose caller is empty, the
// extension or the dialled number is that outgoing call, not an incoming pop [?].
import { sameCall, nameUnlessNumber, type Call, type CallDirection, type CallEnding, type Party } from '../../core/call.ts';
import type { LineStateUpdate } from './lineState.ts';

export const DIAL_CLAIM_MS = 30_000;
const ENDED_MEMORY = 200;
const SYNTHETIC = '~';

export interface TrackerOptions {
  readonly now: () => number;
}

interface Entry {
  /** The call id of the messages, or SYNTHETIC. */
  readonly key: string;
  call: Call;
  rejecting: boolean;
  outcome: 'busy' | 'failed' | undefined;
}

function encodePart(value: string): string {
  return encodeURIComponent(value).replace(/[~!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodePart(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}



export class RanderCallTracker {
  private readonly live = new Map<string, Entry>();
  /** Call ids whose (latest) call ended, with how many calls they have had. */
  private readonly ended = new Map<string, number>();
  private pendingDial: { number: string; at: number } | undefined;
  private changes = new Map<string, Call>();

  /** `known`: live calls restored after a restart of the background; they are continued, not re-reported. */
  constructor(
    private readonly extension: string,
    private readonly options: TrackerOptions,
    known: readonly Call[] = [],
  ) {
    const prefix = `rd:${encodePart(extension)}:`;
    for (const call of known) {
      if (call.state === 'ended' || !call.id.startsWith(prefix)) continue;
      const rest = call.id.slice(prefix.length);
      if (rest.startsWith(`${SYNTHETIC}t`)) {
        this.live.set(SYNTHETIC, { key: SYNTHETIC, call, rejecting: false, outcome: undefined });
        continue;
      }
      const callId = decodePart(rest.split(SYNTHETIC)[0] ?? '');
      if (!callId) continue;
      this.live.set(callId, { key: callId, call, rejecting: false, outcome: undefined });
    }
  }

  /** A dial Ringside is about to send from the extension to `number`. */
  expectDial(number: string): void {
    this.pendingDial = { number, at: this.options.now() };
  }

  /** Ringside is hanging up this ringing call: if it ends unanswered, it was rejected. */
  markRejecting(callId: string): void {
    for (const entry of this.live.values()) if (entry.call.id === callId) entry.rejecting = true;
  }

  liveCall(callId: string): Call | undefined {
    for (const entry of this.live.values()) if (entry.call.id === callId) return entry.call;
    return undefined;
  }

  liveCalls(): Call[] {
    return [...this.live.values()].map((e) => e.call);
  }

  /** Whether a message about `line` concerns the user's extension ('' = the subscribed line). */
  isOwnLine(line: string): boolean {
    return line === '' || line.toLowerCase() === this.extension.trim().toLowerCase();
  }

  /** Feeds one line state; returns the calls it created, changed or ended. */
  apply(update: LineStateUpdate): Call[] {
    this.changes = new Map();
    if (this.isOwnLine(update.line)) this.dispatch(update);
    return [...this.changes.values()];
  }

  private dispatch(update: LineStateUpdate): void {
    const entry = this.entryFor(update);
    switch (update.state) {
      case 'idle':
        if (update.callId) {
          if (entry) this.finish(entry);
        } else {
          for (const each of [...this.live.values()]) this.finish(each);
        }
        return;
      case 'disconnected':
        if (entry) this.finish(entry);
        return;
      case 'busy':
      case 'failed':
        if (!entry) return;
        if (entry.call.answeredAt === undefined) entry.outcome = update.state;
        this.finish(entry);
        return;
      case 'offering': {
        if (entry) return this.refreshRemote(entry, update);
        const claimed = this.claimDial(update);
        if (claimed !== undefined) this.start(update, 'out', 'dialing', claimed);
        else this.start(update, this.directionOf(update, 'in'), undefined);
        return;
      }
      case 'dialing':
      case 'ringback':
        if (entry) return this.refreshRemote(entry, update);
        this.start(update, 'out', 'dialing', this.claimDial(update, true));
        return;
      case 'connected': {
        const target = entry ?? this.start(update, this.directionOf(update, this.freshDial() ? 'out' : 'in'), undefined);
        this.refreshRemote(target, update);
        const call = target.call;
        if (call.state === 'ringing' || call.state === 'dialing' || call.state === 'held') {
          this.update(target, { ...call, state: 'connected', answeredAt: call.answeredAt ?? this.options.now() });
        }
        return;
      }
      case 'held': {
        const target = entry;
        if (!target) return;
        if (target.call.state === 'connected') this.update(target, { ...target.call, state: 'held' });
        return;
      }
    }
  }

  /** The live call a message is about: by call id, else the line's one (latest) call. */
  private entryFor(update: LineStateUpdate): Entry | undefined {
    if (update.callId) return this.live.get(update.callId);
    const synthetic = this.live.get(SYNTHETIC);
    if (synthetic) return synthetic;
    let latest: Entry | undefined;
    for (const entry of this.live.values()) if (!latest || entry.call.startedAt >= latest.call.startedAt) latest = entry;
    return latest;
  }

  private directionOf(update: LineStateUpdate, fallback: CallDirection): CallDirection {
    if (update.direction) return update.direction;
    const own = this.extension.trim();
    if (own && update.caller.number === own && update.called.number !== own) return 'out';
    if (own && update.called.number === own && update.caller.number !== '' && update.caller.number !== own) return 'in';
    return fallback;
  }

  private freshDial(): boolean {
    return this.pendingDial !== undefined && this.options.now() - this.pendingDial.at <= DIAL_CLAIM_MS;
  }

  /**
   * The number of a fresh click-to-dial this update belongs to, or undefined. `outgoing`: the update
   * is already an outgoing state, so any fresh dial is claimed.
   */
  private claimDial(update: LineStateUpdate, outgoing = false): string | undefined {
    if (!this.freshDial() || !this.pendingDial) return undefined;
    const { number } = this.pendingDial;
    const own = this.extension.trim();
    const caller = update.caller.number;
    if (!outgoing && update.direction === 'in') return undefined;
    if (outgoing || caller === '' || caller === own || caller === number || update.called.number === number) {
      this.pendingDial = undefined;
      return number;
    }
    return undefined;
  }

  private start(update: LineStateUpdate, direction: CallDirection, state: 'ringing' | 'dialing' | undefined, dialled?: string): Entry {
    const now = this.options.now();
    const key = update.callId || SYNTHETIC;
    let id: string;
    if (key === SYNTHETIC) {
      id = `rd:${encodePart(this.extension)}:${SYNTHETIC}t${now.toString(36)}`;
    } else {
      const previous = this.ended.get(key);
      const generation = previous === undefined ? 1 : previous + 1;
      this.ended.delete(key);
      id = `rd:${encodePart(this.extension)}:${encodePart(key)}${generation > 1 ? `${SYNTHETIC}${generation}` : ''}`;
    }
    if (direction === 'out' && dialled === undefined && this.freshDial() && this.pendingDial) {
      dialled = this.pendingDial.number;
      this.pendingDial = undefined;
    }
    const remote = this.remoteOf(direction, update, dialled ?? '');
    const entry: Entry = {
      key,
      call: {
        id,
        direction,
        state: state ?? (direction === 'in' ? 'ringing' : 'dialing'),
        remote,
        line: this.extension,
        startedAt: now,
      },
      rejecting: false,
      outcome: undefined,
    };
    this.live.set(key, entry);
    this.changes.set(id, entry.call);
    return entry;
  }

  private remoteOf(direction: CallDirection, update: LineStateUpdate, fallbackNumber: string): Party {
    const party = direction === 'in' ? update.caller : update.called;
    const number = party.number || fallbackNumber;
    return { number, name: nameUnlessNumber(party.name, number) };
  }

  private refreshRemote(entry: Entry, update: LineStateUpdate): void {
    const call = entry.call;
    const seen = this.remoteOf(call.direction, update, '');
    const number = call.remote.number || seen.number;
    const name = call.remote.name || (seen.number === '' || seen.number === number ? nameUnlessNumber(seen.name, number) : '');
    this.update(entry, { ...call, remote: { number, name } });
  }

  private finish(entry: Entry): void {
    const call = entry.call;
    this.live.delete(entry.key);
    if (entry.key !== SYNTHETIC) {
      const generation = /~(\d+)$/.exec(call.id)?.[1];
      this.ended.set(entry.key, generation ? Number(generation) : 1);
      if (this.ended.size > ENDED_MEMORY) {
        const oldest = this.ended.keys().next().value;
        if (oldest !== undefined) this.ended.delete(oldest);
      }
    }
    this.update(entry, { ...call, state: 'ended', endedAt: this.options.now(), ending: this.endingOf(entry) });
  }

  private endingOf(entry: Entry): CallEnding {
    const call = entry.call;
    if (call.answeredAt !== undefined) return 'answered-here';
    if (entry.outcome) return entry.outcome;
    if (call.direction === 'in') return entry.rejecting ? 'rejected' : 'missed';
    return 'cancelled';
  }

  private update(entry: Entry, next: Call): void {
    if (sameCall(entry.call, next)) return;
    entry.call = next;
    this.changes.set(next.id, next);
  }
}
