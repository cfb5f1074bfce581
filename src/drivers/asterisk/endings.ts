// How a call of the user's device ended, from what Asterisk said about the device's channel.
//
// Sources: hangup causes from include/asterisk/causes.h (protocols.md §2.10); DialStatus values
// from DialEnd / Dial SubEvent End (§2.10, §2.11); OriginateResponse Reason (§2.9 and the
// transcripts §4 "Originate failure cases": 5 busy, 3 no answer, 0 no such extension/technology).
// app_dial hangs up the other phones of a ring group with cause 26 "answered elsewhere" after
// announcing DialEnd CANCEL to them (apps/app_dial.c: publish_dial_end_event(…, "CANCEL") then
// hanguptree(…, AST_CAUSE_ANSWERED_ELSEWHERE)); a caller who gives up also yields CANCEL, with an
// ordinary cause. A phone's reject key sends 486 (→ BUSY, cause 17) or 603 (→ cause 21).
//
// | the call                     | evidence (first match wins)                                        | ending              |
// |------------------------------|--------------------------------------------------------------------|---------------------|
// | answered (connected at least once) | —                                                            | answered-here       |
// | incoming, never answered     | Hangup Cause 26, or another phone of the same call answered while  | answered-elsewhere  |
// |                              | this one rang (DialEnd ANSWER to a sibling; 11: Dial End ANSWER)   |                     |
// |                              | Hangup Cause 21                                                    | rejected            |
// |                              | Hangup Cause 17, or DialStatus BUSY                                | busy                |
// |                              | anything else: CANCEL, NOANSWER, causes 0/16/19, lost channel      | missed              |
// | outgoing, never connected    | Cause 17, DialStatus BUSY, or OriginateResponse Reason 5           | busy                |
// |                              | DialStatus CHANUNAVAIL/CONGESTION, Cause 1/3/20/27/28/34/38, or    | failed              |
// |                              | OriginateResponse Reason 0/8                                       |                     |
// |                              | anything else (the user hung up, nobody answered: Reason 1/3)      | cancelled           |
//
// An incoming call that rang several channels of the device (one per contact of a PJSIP endpoint,
// see calls.ts) is judged leg by leg with the table above, and takes the most telling ending
// (endingOfLegs): answered-here (any leg answered) > answered-elsewhere (another phone took the
// call) > rejected (the user declined on one of their phones: 603 is a person's decision, and app_dial
// lets the other contacts ring on) > missed (a phone rang until the caller gave up or Dial timed
// out) > busy (EVERY leg busy: a 486 is often automatic — do-not-disturb on the softphone, or a
// phone already in a call — so one busy contact does not make busy a call that rang on the desk).
import type { CallDirection, CallEnding } from '../../core/call.ts';

export const HangupCause = {
  unallocatedNumber: 1,
  noRouteToDestination: 3,
  normalClearing: 16,
  userBusy: 17,
  noAnswer: 19,
  subscriberAbsent: 20,
  callRejected: 21,
  answeredElsewhere: 26,
  destinationOutOfOrder: 27,
  invalidNumberFormat: 28,
  congestion: 34,
  networkOutOfOrder: 38,
} as const;

const FAILURE_CAUSES: ReadonlySet<number> = new Set([
  HangupCause.unallocatedNumber,
  HangupCause.noRouteToDestination,
  HangupCause.subscriberAbsent,
  HangupCause.destinationOutOfOrder,
  HangupCause.invalidNumberFormat,
  HangupCause.congestion,
  HangupCause.networkOutOfOrder,
]);

/** OriginateResponse Reason: the last control frame of the first leg (§2.9). */
export const OriginateReason = { failure: 0, hungUp: 1, noAnswer: 3, answered: 4, busy: 5, congestion: 8 } as const;

export interface EndingFacts {
  readonly direction: CallDirection;
  /** The call was connected at least once. */
  readonly answered: boolean;
  /** Cause of the device channel's Hangup; undefined when the channel vanished unseen. */
  readonly cause: number | undefined;
  /** Every DialStatus reported for the device channel, as dialled or as dialler. */
  readonly dialStatuses: ReadonlySet<string>;
  /** Another phone of the same call answered while this one rang. */
  readonly answeredElsewhere: boolean;
  readonly originateReason: number | undefined;
}

export function endingOf(facts: EndingFacts): CallEnding {
  if (facts.answered) return 'answered-here';
  const { cause, dialStatuses: statuses } = facts;
  if (facts.direction === 'in') {
    if (cause === HangupCause.answeredElsewhere || facts.answeredElsewhere) return 'answered-elsewhere';
    if (cause === HangupCause.callRejected) return 'rejected';
    if (cause === HangupCause.userBusy || statuses.has('BUSY')) return 'busy';
    return 'missed';
  }
  const reason = facts.originateReason;
  if (cause === HangupCause.userBusy || statuses.has('BUSY') || reason === OriginateReason.busy) return 'busy';
  if (
    statuses.has('CHANUNAVAIL') ||
    statuses.has('CONGESTION') ||
    (cause !== undefined && FAILURE_CAUSES.has(cause)) ||
    reason === OriginateReason.failure ||
    reason === OriginateReason.congestion
  ) {
    return 'failed';
  }
  return 'cancelled';
}

/** Most telling first (see the header). */
const LEG_PRECEDENCE: readonly CallEnding[] = [
  'answered-here',
  'answered-elsewhere',
  'rejected',
  'missed',
  'busy',
  'failed',
  'cancelled',
];

/**
 * How a call that rang on one or more channels of the device ended: each leg by endingOf, the call
 * by the most telling of them. One leg (every outgoing call) is endingOf itself.
 */
export function endingOfLegs(legs: readonly EndingFacts[]): CallEnding {
  let best: CallEnding | undefined;
  for (const leg of legs) {
    const ending = endingOf(leg);
    if (best === undefined || LEG_PRECEDENCE.indexOf(ending) < LEG_PRECEDENCE.indexOf(best)) best = ending;
  }
  // No leg at all cannot happen (a call starts with one); say nothing more than that it was not taken.
  return best ?? 'missed';
}

/** Hangup `Cause:` as a number; undefined when absent or not a number. */
export function parseCause(value: string): number | undefined {
  const cause = Number.parseInt(value, 10);
  return Number.isNaN(cause) ? undefined : cause;
}
