// What the background remembers about calls between restarts of the worker, and the decisions
// that follow from each call update: which notification to show or clear. Pure, so the
// never-miss / never-repeat rules are unit-tested without a browser.
import { z } from 'zod';
import type { Call, ConnectionStatus } from './call.ts';
import { localTextSchema } from './text.ts';

const callSchema = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  state: z.enum(['ringing', 'dialing', 'connected', 'held', 'ended']),
  remote: z.object({ number: z.string(), name: z.string() }),
  line: z.string(),
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  ending: z
    .enum(['answered-here', 'answered-elsewhere', 'missed', 'rejected', 'busy', 'failed', 'cancelled'])
    .optional(),
});

const statusSchema = z.object({
  state: z.enum(['disabled', 'connecting', 'online', 'unreachable', 'auth-failed', 'misconfigured', 'no-permission']),
  reason: localTextSchema.optional(),
  since: z.number(),
});

export const callBookSchema = z.object({
  live: z.array(callSchema),
  recent: z.array(callSchema),
  /** Calls that already had their ring notification: never shown twice. */
  notified: z.array(z.string()),
  status: statusSchema,
  capabilities: z.array(z.string()),
  notice: localTextSchema.optional(),
  /** Fingerprint of the address + password the device rejected; see Monitor.restart. */
  authFailedFor: z.string().optional(),
  /** Which backend and address the live calls came from ("grandstream|http://…"). */
  profile: z.string().optional(),
});
export type CallBook = z.infer<typeof callBookSchema>;

export const RECENT_LIMIT = 20;
const NOTIFIED_LIMIT = 100;

export function emptyCallBook(status: ConnectionStatus): CallBook {
  return { live: [], recent: [], notified: [], status, capabilities: [] };
}

export type PopEffect =
  | { readonly type: 'show-ring'; readonly call: Call }
  | { readonly type: 'clear-ring'; readonly call: Call };

export function recordCall(book: CallBook, call: Call): { book: CallBook; effects: PopEffect[] } {
  const effects: PopEffect[] = [];
  const previous = book.live.find((c) => c.id === call.id);
  const notified = book.notified.includes(call.id);
  let live = book.live.filter((c) => c.id !== call.id);
  let recent = book.recent;
  let notifiedList = book.notified;

  if (call.state === 'ended') {
    recent = [call, ...recent.filter((c) => c.id !== call.id)].slice(0, RECENT_LIMIT);
    if (notified) effects.push({ type: 'clear-ring', call });
  } else {
    live = [...live, call];
    const ringingIn = call.state === 'ringing' && call.direction === 'in';
    if (ringingIn && !notified) {
      effects.push({ type: 'show-ring', call });
      notifiedList = [...notifiedList, call.id].slice(-NOTIFIED_LIMIT);
    } else if (ringingIn && previous && (previous.remote.name !== call.remote.name || previous.remote.number !== call.remote.number)) {
      // The caller's name arrived after the first snapshot: update the same notification.
      effects.push({ type: 'show-ring', call });
    } else if (!ringingIn && notified && previous?.state === 'ringing') {
      // Answered here (on the handset or with our button): the ring notification has done its job.
      effects.push({ type: 'clear-ring', call });
    }
  }
  return { book: { ...book, live, recent, notified: notifiedList }, effects };
}

/** The call the UI puts first: ringing before connected before held before dialling. */
export function currentCall(book: Pick<CallBook, 'live'>): Call | undefined {
  const rank = { ringing: 0, connected: 1, held: 2, dialing: 3, ended: 4 } as const;
  return [...book.live].sort((a, b) => rank[a.state] - rank[b.state] || b.startedAt - a.startedAt)[0];
}
