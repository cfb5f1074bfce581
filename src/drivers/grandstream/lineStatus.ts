// api-get_line_status snapshots → Ringside calls (shared/reference/protocols.md §1.7).
// Polling only shows states, so calls are inferred from how each line's state changes between
// two snapshots. Every line is read, not only line 1 (prior extensions missed calls on line 2+).
import { z } from 'zod';
import type { Call, CallEnding, CallState } from '../../core/call.ts';

const looseString = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? '' : String(v).trim()));

export const lineEntrySchema = z.object({
  line: z.union([z.number(), z.string().regex(/^\d+$/)]).transform((v) => Number(v)),
  state: z.string().transform((s) => s.trim().toLowerCase()),
  remotenumber: looseString.optional().transform((v) => v ?? ''),
  remotename: looseString.optional().transform((v) => v ?? ''),
  active: z.unknown().optional(),
  acct: z.unknown().optional(),
});
export type LineEntry = z.infer<typeof lineEntrySchema>;

export const lineStatusBodySchema = z.array(lineEntrySchema);

/** The wire states we understand, and what they mean for a call (§1.7 table). */
type WireMeaning =
  | { readonly kind: 'idle' }
  | { readonly kind: 'call'; readonly direction: 'in' | 'out' | 'either'; readonly state: CallState }
  | { readonly kind: 'failed' }
  | { readonly kind: 'unknown' };

export function meaningOf(state: string): WireMeaning {
  switch (state) {
    case 'idle':
      return { kind: 'idle' };
    case 'ringing':
      return { kind: 'call', direction: 'in', state: 'ringing' };
    case 'dialing':
    case 'calling':
      return { kind: 'call', direction: 'out', state: 'dialing' };
    case 'connected':
      return { kind: 'call', direction: 'either', state: 'connected' };
    case 'onhold':
      return { kind: 'call', direction: 'either', state: 'held' };
    case 'failed':
      return { kind: 'failed' };
    default:
      return { kind: 'unknown' };
  }
}

export interface TrackerOptions {
  readonly now: () => number;
  readonly newId: () => string;
  /** Calls the user rejected through Ringside: their end is "rejected", not "missed". */
  readonly rejected: ReadonlySet<string>;
}

export interface SnapshotResult {
  /** Calls whose state changed (new, updated or ended), in line order. */
  readonly changed: Call[];
  /** Wire states this snapshot had that we do not know. */
  readonly unknownStates: string[];
}

function endingFor(call: Call, failed: boolean, rejected: ReadonlySet<string>): CallEnding {
  if (failed) return 'failed';
  if (rejected.has(call.id)) return 'rejected';
  if (call.answeredAt !== undefined) return 'answered-here';
  // A ringing call that stops ringing unanswered. The CTI API does not say whether the caller
  // gave up or another phone of a ring group took it; both look like "idle" (§1.7).
  if (call.direction === 'in') return 'missed';
  return 'cancelled';
}

/** Keeps the live call of each line between snapshots. */
export class LineCallTracker {
  private readonly byLine = new Map<number, Call>();

  constructor(private readonly options: TrackerOptions, known: readonly Call[] = []) {
    for (const call of known) {
      const line = Number(call.line);
      if (call.state !== 'ended' && Number.isInteger(line)) this.byLine.set(line, call);
    }
  }

  liveCalls(): Call[] {
    return [...this.byLine.values()];
  }

  find(callId: string): Call | undefined {
    return this.liveCalls().find((c) => c.id === callId);
  }

  apply(entries: readonly LineEntry[]): SnapshotResult {
    const now = this.options.now();
    const changed: Call[] = [];
    const unknownStates: string[] = [];
    const seen = new Set<number>();
    for (const entry of [...entries].sort((a, b) => a.line - b.line)) {
      seen.add(entry.line);
      const meaning = meaningOf(entry.state);
      if (meaning.kind === 'unknown') {
        // Treated as "busy": the line is in use in a way we cannot name; keep its call as it is.
        unknownStates.push(entry.state);
        continue;
      }
      const previous = this.byLine.get(entry.line);
      if (meaning.kind === 'idle' || meaning.kind === 'failed') {
        if (previous) changed.push(this.end(entry.line, previous, meaning.kind === 'failed', now));
        continue;
      }
      const remote = { number: entry.remotenumber, name: entry.remotename };
      if (previous && this.isSameCall(previous, meaning.state, remote.number)) {
        const next = this.advance(previous, meaning.state, remote, now);
        if (next !== previous) {
          this.byLine.set(entry.line, next);
          changed.push(next);
        }
        continue;
      }
      if (previous) changed.push(this.end(entry.line, previous, false, now));
      const direction = meaning.direction === 'either' ? 'in' : meaning.direction;
      const call: Call = {
        id: this.options.newId(),
        direction: meaning.direction === 'either' ? guessDirection(entry) : direction,
        state: meaning.state,
        remote,
        line: String(entry.line),
        startedAt: now,
        ...(meaning.state === 'connected' || meaning.state === 'held' ? { answeredAt: now } : {}),
      };
      this.byLine.set(entry.line, call);
      changed.push(call);
    }
    // A line that vanished from the reply (account removed, phone reconfigured) ends its call.
    for (const [line, call] of this.byLine) {
      if (!seen.has(line)) changed.push(this.end(line, call, false, now));
    }
    return { changed, unknownStates };
  }

  private isSameCall(previous: Call, state: CallState, number: string): boolean {
    // A new ring on a line whose call was already past ringing is a new call.
    if (state === 'ringing' && previous.state !== 'ringing') return false;
    if (state === 'dialing' && previous.state !== 'dialing') return false;
    // The far end's number can fill in while dialling, or the phone may drop it while on hold;
    // only two different non-empty numbers mean a different call.
    return !(previous.remote.number && number && previous.remote.number !== number);
  }

  private advance(previous: Call, state: CallState, remote: { number: string; name: string }, now: number): Call {
    const number = remote.number || previous.remote.number;
    const name = remote.name || previous.remote.name;
    if (previous.state === state && number === previous.remote.number && name === previous.remote.name) {
      return previous;
    }
    const answeredAt =
      previous.answeredAt ?? (state === 'connected' || state === 'held' ? now : undefined);
    return { ...previous, state, remote: { number, name }, ...(answeredAt !== undefined ? { answeredAt } : {}) };
  }

  private end(line: number, call: Call, failed: boolean, now: number): Call {
    this.byLine.delete(line);
    return { ...call, state: 'ended', endedAt: now, ending: endingFor(call, failed, this.options.rejected) };
  }
}

/** A call first seen already connected (Ringside started mid-call): the phone does not say who called whom. */
function guessDirection(entry: LineEntry): 'in' | 'out' {
  void entry;
  return 'in';
}
