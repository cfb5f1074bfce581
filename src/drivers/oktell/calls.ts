// Line snapshots (lineInfo.ts) → Ringside calls. Pure: no I/O, the clock is injected.
//
// Oktell tells about a change with an event (ring started/stopped, commutation started/stopped,
// auto-call started/stopped, line state, flash state) and the driver then asks for the line's
// whole state with getextendedlineinfo — as oktell.js does. So every input here is a snapshot of
// the one line of the user: at most one current party and one party held in flash.
//
// | snapshot of a party                                  | call                                 |
// |------------------------------------------------------|--------------------------------------|
// | isautocall (the server dials for the user)           | out, dialing                         |
// | isringing, direction acm_callback, or a number the   | out, dialing (the user's own phone   |
// |   user just dialled from Ringside                    |   rings back for their call)         |
// | isringing otherwise                                  | in, ringing — the screen-pop         |
// | iscommutated / conference / routing IVR              | connected                            |
// | iswaitinginflash, or the `flashed` party             | held                                 |
// | a number but none of the above (dialling a handset)  | out, dialing                         |
// | gone from the snapshot                               | ended                                |
//
// A call's identity is its chain (chainid GUID) plus the digits of the other party, as Creatio's
// OktellCtiProvider does ("chainId:digits", protocols.md §5.4): a consultation call in the same
// chain with someone else is another call. A party seen without a chain is matched by its digits.
//
// How a call ended: answered-here once it was connected; rejected / cancelled when Ringside's own
// command ended it; otherwise missed (incoming) or cancelled (outgoing). Oktell's line info does
// not say whether another phone of a group answered [? no public source shows such a field], so a
// ring that stops unanswered here is reported as missed either way.
import { sameCall, type Call, type CallDirection, type CallEnding, type CallState } from '../../core/call.ts';
import type { LineParty, LineSnapshot } from './lineInfo.ts';
import { digitsOf } from './target.ts';

/** A dial from Ringside is recognised in the line state for this long. */
export const DIAL_CLAIM_MS = 60_000;
const ENDED_MEMORY = 100;

interface Tracked {
  chain: string;
  digits: string;
  /** The line still showed it as an auto-call (hang up = pbxautocallabort). */
  autocall: boolean;
  /** The user's phone rings for it (incoming, or Oktell calling back for the user's own call). */
  ringing: boolean;
  answered: boolean;
  ending: CallEnding | undefined;
  call: Call;
}

export interface TrackerOptions {
  readonly now: () => number;
  /** Label for Call.line: the user's line number or login. */
  readonly line: () => string;
}

const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** "oktell:<chain>:<digits>"; without a chain the start time stands in for it. */
export function callIdFor(chain: string, digits: string, startedAt: number): string {
  return `oktell:${chain || `t${startedAt.toString(36)}`}:${digits || '0'}`;
}

export function chainOfCallId(id: string): string {
  const part = id.split(':')[1] ?? '';
  return GUID.test(part) ? part : '';
}


export class OktellCallTracker {
  private readonly live: Tracked[] = [];
  private readonly ended: string[] = [];
  private readonly dials: { digits: string; at: number }[] = [];

  /** `known`: live calls restored after a restart of the background; they are continued, not re-reported. */
  constructor(
    private readonly options: TrackerOptions,
    known: readonly Call[] = [],
  ) {
    for (const call of known) {
      if (call.state === 'ended' || !call.id.startsWith('oktell:')) continue;
      this.live.push({
        chain: chainOfCallId(call.id),
        digits: digitsOf(call.remote.number),
        autocall: false,
        ringing: call.state === 'ringing',
        answered: call.answeredAt !== undefined,
        ending: undefined,
        call,
      });
    }
  }

  /** Ringside asked Oktell to dial this number: its calls are outgoing, not a screen-pop. */
  expectDial(number: string): void {
    const digits = digitsOf(number);
    if (!digits) return;
    const now = this.options.now();
    this.dials.push({ digits, at: now });
    while (this.dials.length > 20 || (this.dials[0] && now - this.dials[0].at > DIAL_CLAIM_MS)) this.dials.shift();
  }

  /** How a call will have ended if the next snapshot no longer shows it (Ringside's own command). */
  expectEnding(callId: string, ending: CallEnding): void {
    const tracked = this.live.find((t) => t.call.id === callId);
    if (tracked && !tracked.answered) tracked.ending = ending;
  }

  find(callId: string): { readonly call: Call; readonly autocall: boolean; readonly ringing: boolean } | undefined {
    const tracked = this.live.find((t) => t.call.id === callId);
    return tracked ? { call: tracked.call, autocall: tracked.autocall, ringing: tracked.ringing } : undefined;
  }

  liveCalls(): Call[] {
    return this.live.map((t) => t.call);
  }

  /** Feeds one snapshot; returns the calls it created, changed or ended. */
  apply(snapshot: LineSnapshot): Call[] {
    const changes: Call[] = [];
    const seen = new Set<Tracked>();
    const current = snapshot.current ? this.follow(snapshot.current, snapshot.current.waiting ? 'held' : undefined, changes) : undefined;
    if (current) seen.add(current);
    const held = snapshot.held ? this.follow(snapshot.held, 'held', changes, current) : undefined;
    if (held) seen.add(held);
    for (const tracked of [...this.live]) {
      if (seen.has(tracked)) continue;
      this.finish(tracked, changes);
    }
    return changes;
  }

  /** Ends every live call (the line is gone: a new session found nothing, or the user logged out). */
  endAll(): Call[] {
    const changes: Call[] = [];
    for (const tracked of [...this.live]) this.finish(tracked, changes);
    return changes;
  }

  private match(party: LineParty, exclude?: Tracked): Tracked | undefined {
    const digits = digitsOf(party.number);
    const candidates = this.live.filter((t) => t !== exclude);
    return (
      candidates.find((t) => t.chain === party.chain && t.digits === digits) ??
      // The same chain, the number learnt only now (or not shown this time).
      (party.chain ? candidates.find((t) => t.chain === party.chain && (t.digits === '' || digits === '')) : undefined) ??
      // A party shown once with its chain and once without.
      (digits ? candidates.find((t) => t.digits === digits && (t.chain === '' || party.chain === '')) : undefined) ??
      // A party first shown with neither (an auto-call before Oktell names the number).
      candidates.find((t) => t.chain === '' && t.digits === '')
    );
  }

  private claimDial(digits: string): boolean {
    if (!digits) return false;
    const now = this.options.now();
    const index = this.dials.findIndex(
      (d) => now - d.at <= DIAL_CLAIM_MS && (d.digits === digits || (Math.min(d.digits.length, digits.length) >= 5 && (d.digits.endsWith(digits) || digits.endsWith(d.digits)))),
    );
    if (index < 0) return false;
    this.dials.splice(index, 1);
    return true;
  }

  private follow(party: LineParty, forced: CallState | undefined, changes: Call[], exclude?: Tracked): Tracked | undefined {
    const digits = digitsOf(party.number);
    let tracked = this.match(party, exclude);
    const now = this.options.now();
    const isNew = !tracked;
    if (!tracked) {
      const direction: CallDirection =
        party.autocall || party.callback || this.claimDial(digits) || (!party.ringing && !party.talking && !forced) ? 'out' : 'in';
      tracked = {
        chain: party.chain,
        digits,
        autocall: party.autocall,
        ringing: party.ringing,
        answered: false,
        ending: undefined,
        call: {
          id: this.unusedId(callIdFor(party.chain, digits, now)),
          direction,
          state: direction === 'in' ? 'ringing' : 'dialing',
          remote: { number: party.number, name: party.name },
          line: this.options.line(),
          startedAt: now,
        },
      };
      this.live.push(tracked);
    }
    if (party.chain && !tracked.chain) tracked.chain = party.chain;
    if (digits && !tracked.digits) tracked.digits = digits;
    tracked.autocall = party.autocall;
    tracked.ringing = party.ringing && !forced;
    const previous = tracked.call;
    const state: CallState =
      forced ?? (party.talking ? 'connected' : previous.direction === 'in' ? (party.ringing ? 'ringing' : previous.state) : 'dialing');
    const answering = (state === 'connected' || state === 'held') && !tracked.answered;
    if (answering) tracked.answered = true;
    const next: Call = {
      ...previous,
      state,
      remote: { number: party.number || previous.remote.number, name: party.name || previous.remote.name },
      ...(answering && previous.answeredAt === undefined ? { answeredAt: now } : {}),
    };
    if (isNew || !sameCall(previous, next)) {
      tracked.call = next;
      changes.push(next);
    }
    return tracked;
  }

  /**
   * A chain can show the same party again after its call ended (Oktell calling the user back
   * after an auto-call, a second attempt): that is a new call and needs an id of its own, or its
   * ring would count as already notified.
   */
  private unusedId(id: string): string {
    let candidate = id;
    for (let n = 2; n < 1000 && (this.ended.includes(candidate) || this.live.some((t) => t.call.id === candidate)); n++) candidate = `${id}:${n}`;
    return candidate;
  }

  private finish(tracked: Tracked, changes: Call[]): void {
    const index = this.live.indexOf(tracked);
    if (index >= 0) this.live.splice(index, 1);
    const ending: CallEnding = tracked.answered ? 'answered-here' : (tracked.ending ?? (tracked.call.direction === 'in' ? 'missed' : 'cancelled'));
    const ended: Call = { ...tracked.call, state: 'ended', endedAt: this.options.now(), ending };
    this.ended.push(ended.id);
    if (this.ended.length > ENDED_MEMORY) this.ended.shift();
    changes.push(ended);
  }
}
