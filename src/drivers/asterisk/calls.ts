// AMI events → Ringside calls of ONE user device (shared/reference/protocols.md §2.10–2.12,
// asterisk-ajam-transcripts.md §3 incoming call and §4 click-to-dial). Pure: no I/O, the clock
// is injected. Both vocabularies are understood: Asterisk 12+ (Newchannel, Newstate, NewCallerid,
// NewConnectedLine, DialBegin/DialState/DialEnd, BridgeEnter, Hold/Unhold, Hangup,
// OriginateResponse) and Asterisk 11 (Dial SubEvent Begin/End, Bridge Link, Hold Status On/Off).
//
// One Ringside call = one channel ("leg") of the user's device (see deviceChannel.ts), or, for an
// incoming call, every leg that rings for it: a PJSIP endpoint with several contacts (desk phone +
// softphone, max_contacts > 1) is dialled through PJSIP_DIAL_CONTACTS as `PJSIP/101/sip:…&PJSIP/101/sip:…`
// and app_dial makes one channel per contact (docs.asterisk.org "Dialing PJSIP Channels"). Every other
// channel (trunks, other phones, Local/ helper legs) only matters as the other party of such a call.
//
// - Incoming: the device channel is dialled BY another channel (DialBegin/Dial Begin with a source
//   Channel) or starts ringing (ChannelState 5) → in/ringing; the caller is the source's
//   CallerIDNum/Name, else the ringing channel's ConnectedLineNum/Name. A name that arrives later
//   (NewConnectedLine on the device, NewCallerid on the caller) fills in an empty one.
// - Several legs, one call: a device leg that starts ringing while an incoming call of the device
//   with the same Linkedid (12+: the caller's, shared by every leg of one call, §2.12) or the same
//   dialling channel (11 has no Linkedid: Dial Begin's UniqueID, §2.11) is still ringing joins that
//   call instead of popping a second one. The call is connected when any leg answers and then lives
//   on that leg (its channel is `line` and what a Hangup action names). When one leg answers,
//   app_dial sends the others DialEnd CANCEL and hangs them up with cause 26 (apps/app_dial.c
//   wait_for_answer, hanguptree); a contact that declines or is busy is hung up while the others
//   ring on. Neither ends the call: the Hangup of its last leg does, and the ending is judged from
//   all its legs (endings.ts endingOfLegs). The id stays the first leg's, so that a restart
//   continues the same call.
// - Click-to-dial: Originate rings the device with no dialling channel — its DialBegin has only
//   Dest* fields (transcripts §4 event 8). Such a leg is out/dialing, and its answer (Newstate Up,
//   DialEnd ANSWER, OriginateResponse Reason 4) is only the user picking up their own phone: it
//   becomes connected when the far end answers (DialEnd ANSWER with the device as source, a bridge
//   with a second party, 11: Bridge Link). Asterisk 11 emits no Dial event for an Originate, so
//   there the leg is recognised by expectOriginate() (claimed by the first device leg that rings
//   within ORIGINATE_CLAIM_MS, unless that Originate was refused — cancelOriginate() — or its
//   OriginateResponse already came: then its leg has come and gone, or never was).
// - A call placed from the handset: the phone's own channel appears in state 4 Ring, or dials out
//   → out/dialing with the dialled Exten; connected on answer.
// - Hold / Unhold (11: Hold Status On/Off) of the device channel → held / connected.
// - The Hangup of the call's last device channel ends it; how it ended is decided in endings.ts.
// Everything else (DeviceStateChange, ExtensionStatus, Cdr, QueueMemberStatus, security events…)
// is ignored, and a missing field never throws.
import { sameCall, nameUnlessNumber, type Call, type CallDirection } from '../../core/call.ts';
import { callIdFor, deviceChannelMatcher, uniqueidOfCallId, type DeviceIdentity } from './deviceChannel.ts';
import { endingOfLegs, parseCause } from './endings.ts';
import { eventName, readField, type AmiPacket } from './rawman.ts';
import {
  ChannelState,
  dialEventOf,
  dialledNumberIn,
  numberInDialString,
  snapshotOf,
  type ChannelSnapshot,
  type DialEvent,
} from './snapshot.ts';

export type { DeviceIdentity } from './deviceChannel.ts';

/** An Originate's leg appears within a second or two (transcripts §4); older expectations are stale. */
export const ORIGINATE_CLAIM_MS = 30_000;
/** Outcomes stay readable well past the longest ring timeout (settings allow 120 s). */
const ORIGINATE_KEEP_MS = 10 * 60_000;
/** Ended channels remembered so that a late event cannot resurrect their call. */
const ENDED_MEMORY = 200;

export interface TrackerOptions {
  readonly now: () => number;
}

/** What OriginateResponse said about a click-to-dial (transcripts §4). */
export interface OriginateOutcome {
  readonly success: boolean;
  /** 0 failure/no such channel, 1 hung up, 3 no answer, 4 answered, 5 busy, 8 congestion (§2.9). */
  readonly reason: number | undefined;
  /** The call of the device leg, when Asterisk named it (Uniqueid is `<unknown>` on failure). */
  readonly callId: string | undefined;
}

interface PendingOriginate {
  readonly number: string;
  readonly expectedAt: number;
  claimedBy?: string;
  outcome?: OriginateOutcome;
}

/** What we know about one channel of the device. */
interface Leg {
  /** Re-keyed once when a restored leg turns out to be another channel of its call (legFor). */
  uniqueid: string;
  channel: string;
  linkedid: string;
  state: number | undefined;
  connectedNum: string;
  connectedName: string;
  /** Uniqueid of the channel that dialled this one (incoming). */
  dialler: string;
  /** Rung by an Originate: its own answer is the user picking up, not the far end. */
  originated: boolean;
  /** For outgoing calls: the number dialled, and whether it is certain or a caller-ID guess. */
  outNumber: string;
  numberKnown: boolean;
  /** Set when the leg dialled the far end: its connected name then (not the far end's name). */
  nameWhenDialledOut: string | undefined;
  bridge: string;
  readonly dialStatuses: Set<string>;
  answeredElsewhere: boolean;
  originateReason: number | undefined;
  /** The Ringside call this leg rings or carries; undefined until the leg means a call. */
  tracked: TrackedCall | undefined;
  /** Hung up (or gone from CoreShowChannels); the call may live on in a sibling leg. */
  ended: boolean;
  /** Cause of its Hangup; undefined when it vanished unseen. */
  cause: number | undefined;
  /**
   * Rebuilt from a `known` call after a restart: the uniqueid comes from the call id (its FIRST
   * leg) and the channel from `line` (the leg that answered, see connect()), which need not be the
   * same channel. Until an event confirms the uniqueid, the channel name also finds it.
   */
  restored: boolean;
}

/** One Ringside call and the device legs that rang for it (one, except for multi-contact rings). */
interface TrackedCall {
  call: Call;
  /** In the order they joined; the first one gave the call its id. Ended legs stay for the ending. */
  readonly legs: Leg[];
  /** The leg the call was answered on: its channel is the one to hang up. */
  answeredBy: Leg | undefined;
}

function newLeg(uniqueid: string, channel: string): Leg {
  return {
    uniqueid,
    channel,
    linkedid: '',
    state: undefined,
    connectedNum: '',
    connectedName: '',
    dialler: '',
    originated: false,
    outNumber: '',
    numberKnown: false,
    nameWhenDialledOut: undefined,
    bridge: '',
    dialStatuses: new Set(),
    answeredElsewhere: false,
    originateReason: undefined,
    tracked: undefined,
    ended: false,
    cause: undefined,
    restored: false,
  };
}



/**
 * Creation order of two channels: a Uniqueid is `[systemname-]<epoch seconds>.<sequence>`, the
 * sequence counting every channel since Asterisk started (11: main/channel.c
 * __ast_channel_alloc_ap; 12+: main/channel_internal_api.c, "historical {system-}time.# format").
 * An id set by the Originate's ChannelId can be anything: those compare as text.
 */
function uniqueidOrder(a: string, b: string): number {
  const pa = /(\d+)\.(\d+)$/.exec(a);
  const pb = /(\d+)\.(\d+)$/.exec(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2]) - Number(pb[2]);
}

export class AsteriskCallTracker {
  private readonly isDevice: (channel: string) => boolean;
  private readonly legs = new Map<string, Leg>();
  private readonly endedUniqueids = new Set<string>();
  private readonly originates = new Map<string, PendingOriginate>();
  private changes = new Map<string, Call>();

  /** `known`: live calls restored after a restart of the background; they are continued, not re-reported. */
  constructor(
    private readonly identity: DeviceIdentity,
    private readonly options: TrackerOptions,
    known: readonly Call[] = [],
  ) {
    this.isDevice = deviceChannelMatcher(identity.device);
    for (const call of known) {
      const uniqueid = uniqueidOfCallId(call.id);
      if (!uniqueid || call.state === 'ended') continue;
      const leg = newLeg(uniqueid, call.line);
      leg.restored = true;
      const answered = call.state === 'connected' || call.state === 'held';
      leg.tracked = { call, legs: [leg], answeredBy: answered ? leg : undefined };
      leg.state = call.state === 'ringing' ? ChannelState.ringing : call.state === 'dialing' ? undefined : ChannelState.up;
      if (call.direction === 'out') {
        // Most outgoing calls are click-to-dial; assuming so keeps a restarted tracker from
        // taking the user's own pick-up for the far end's answer.
        leg.originated = true;
        leg.outNumber = call.remote.number;
        leg.numberKnown = call.remote.number !== '';
      }
      this.legs.set(uniqueid, leg);
    }
  }

  /** Feeds one event; returns the calls it created, changed or ended. */
  apply(event: AmiPacket): Call[] {
    this.changes = new Map();
    this.dispatch(event);
    return [...this.changes.values()];
  }

  /**
   * Resynchronises with a CoreShowChannels list (the CoreShowChannel events of its reply) after a
   * new AMI session: events queued for the old one are lost (§2.7). Device channels in the list are
   * taken up; live calls whose channel is gone are ended.
   */
  reconcile(channels: readonly AmiPacket[]): Call[] {
    this.changes = new Map();
    // The list comes in no useful order (a hashed channel container). Channels we already follow go
    // first, so that a restored call has learnt its Linkedid before another leg of it is taken up;
    // new ones oldest first, so that a call ringing on several legs gets its first leg's id, as the
    // live events would have given it.
    const listed = channels
      .filter((packet) => eventName(packet).toLowerCase() === 'coreshowchannel')
      .map((packet) => ({ packet, snapshot: snapshotOf(packet) }))
      .map((entry) => ({ ...entry, followed: this.follows(entry.snapshot) }))
      .sort((a, b) => Number(b.followed) - Number(a.followed) || uniqueidOrder(a.snapshot.uniqueid, b.snapshot.uniqueid));
    const present = new Set<Leg>();
    for (const { packet } of listed) {
      const leg = this.onListedChannel(packet);
      if (leg) present.add(leg);
    }
    for (const leg of [...this.legs.values()]) {
      if (!present.has(leg)) this.endLeg(leg, undefined);
    }
    return [...this.changes.values()];
  }

  liveCalls(): Call[] {
    const calls: Call[] = [];
    for (const tracked of this.liveTracked()) calls.push(tracked.call);
    return calls;
  }

  /**
   * The device's channel of a live call, for a Hangup action (the `;1` half for a Local device):
   * the leg it was answered on, or while it rings its first leg still ringing.
   */
  channelOf(callId: string): string | undefined {
    for (const tracked of this.liveTracked()) {
      if (tracked.call.id !== callId) continue;
      return (tracked.answeredBy ?? tracked.legs.find((leg) => !leg.ended))?.channel;
    }
    return undefined;
  }

  /** A click-to-dial we are about to send: its leg must become an outgoing call to `number`. */
  expectOriginate(actionId: string, number: string): void {
    const now = this.options.now();
    for (const [id, pending] of this.originates) {
      if (now - pending.expectedAt > ORIGINATE_KEEP_MS) this.originates.delete(id);
    }
    this.originates.set(actionId, { number, expectedAt: now });
  }

  /**
   * The Originate action of an expected click-to-dial was refused (`Response: Error`, or it never
   * reached Asterisk): no leg and no OriginateResponse will come, so it must not claim the next
   * ringing leg — that is an incoming call.
   */
  cancelOriginate(actionId: string): void {
    this.originates.delete(actionId);
  }

  /** The OriginateResponse of an expected click-to-dial, once it arrived. */
  originateResult(actionId: string): OriginateOutcome | undefined {
    return this.originates.get(actionId)?.outcome;
  }

  private dispatch(event: AmiPacket): void {
    const name = eventName(event).toLowerCase();
    switch (name) {
      case 'newchannel':
      case 'newstate':
      case 'newcallerid':
      case 'newconnectedline':
        return this.onChannelSnapshot(event, name);
      case 'coreshowchannel':
        this.onListedChannel(event);
        return;
      case 'dialbegin':
      case 'dialstate':
      case 'dialend':
      case 'dial':
        return this.onDial(dialEventOf(event));
      case 'bridgeenter':
        return this.onBridgeEnter(event);
      case 'bridge': // Asterisk 11
      case 'link': // Asterisk 1.8 [?]
        return this.onLink(event, name);
      case 'hold':
        // 12+: Hold/Unhold; 11: Hold with Status On/Off (chan_sip callevents=yes).
        return this.onHold(event, readField(event, 'Status').toLowerCase() !== 'off');
      case 'unhold':
        return this.onHold(event, false);
      case 'hangup':
        return this.onHangup(event);
      case 'originateresponse':
        return this.onOriginateResponse(event);
      default:
        return;
    }
  }

  // --- channel facts ---------------------------------------------------------------------------

  private onChannelSnapshot(event: AmiPacket, name: string): void {
    const snapshot = snapshotOf(event);
    const leg = this.legFor(snapshot.channel, snapshot.uniqueid, true);
    if (!leg) {
      if (name === 'newcallerid') this.onCallerOfLegChanged(snapshot);
      return;
    }
    this.absorb(leg, snapshot);
    this.followState(leg, snapshot.exten);
    this.refreshRemote(leg, name === 'newconnectedline');
  }

  /** CoreShowChannel: like a snapshot, plus what the running application says about direction. */
  private onListedChannel(event: AmiPacket): Leg | undefined {
    const snapshot = snapshotOf(event);
    const leg = this.legFor(snapshot.channel, snapshot.uniqueid, true);
    if (!leg) return undefined;
    this.absorb(leg, snapshot);
    const app = readField(event, 'Application');
    if (!leg.tracked) {
      // main/dial.c marks the channels it rings for an Originate "AppDial2"; once the user has
      // picked up, the leg runs the dialplan's Dial towards the far end.
      if (app === 'AppDial2' || (app === 'Dial' && leg.state === ChannelState.up)) leg.originated = true;
      if (leg.originated) this.startOriginated(leg);
      else if (app === 'Dial' || leg.state === ChannelState.ring) this.startOutgoing(leg, snapshot.exten);
    }
    this.followState(leg, snapshot.exten);
    // 12+ BridgeId, 11 BridgedChannel: talking to someone.
    if (readField(event, 'BridgeId') || readField(event, 'BridgedChannel')) this.connect(leg);
    return leg;
  }

  private followState(leg: Leg, exten: string): void {
    switch (leg.state) {
      case ChannelState.ring:
        // The phone opened this channel itself: it is placing a call (PJSIP creates it in Ring).
        if (!leg.tracked) this.startOutgoing(leg, exten);
        return;
      case ChannelState.ringing:
        if (!leg.tracked) this.startRinging(leg);
        return;
      case ChannelState.up:
        if (!leg.tracked) {
          // First seen already up (auto-answer, or events lost): it is talking to someone.
          this.startRinging(leg);
          if (!leg.originated) this.connect(leg);
        } else if (!leg.originated) {
          this.connect(leg);
        }
        return;
      default:
        return;
    }
  }

  private startRinging(leg: Leg): void {
    // Another ring of a call already ringing here is neither a new call nor our click-to-dial.
    if (!leg.originated && this.joinSiblings(leg)) return;
    if (leg.originated || this.claimOriginate(leg)) this.startOriginated(leg);
    else this.startIncoming(leg, leg.connectedNum, leg.connectedName);
  }

  // --- dialling --------------------------------------------------------------------------------

  private onDial(dial: DialEvent | undefined): void {
    if (!dial) return;
    if (dial.phase === 'end') return this.onDialEnd(dial);
    const dest = dial.dest ? this.legFor(dial.dest.channel, dial.dest.uniqueid, true) : undefined;
    if (dest && dial.dest) {
      this.absorb(dest, dial.dest);
      if (!dial.source) {
        // Nobody dials the device: an Originate rings it (transcripts §4, DialBegin event 8).
        dest.originated = true;
        if (!dest.tracked) {
          this.claimOriginate(dest);
          this.startOriginated(dest);
        }
      } else {
        if (!dest.dialler) dest.dialler = dial.source.uniqueid;
        if (!dest.linkedid) dest.linkedid = dial.source.linkedid;
        if (!dest.tracked) {
          this.startIncoming(
            dest,
            dial.source.callerNum || dest.connectedNum,
            dial.source.callerName || dest.connectedName,
          );
        }
      }
      this.refreshRemote(dest, false);
    }
    const source = dial.source ? this.legFor(dial.source.channel, dial.source.uniqueid, true) : undefined;
    if (source && dial.source) {
      this.absorb(source, dial.source);
      if (source.nameWhenDialledOut === undefined) source.nameWhenDialledOut = source.connectedName;
      if (!source.numberKnown) {
        // The dialplan's Exten is the number dialled (transcripts §4 event 28: Exten 74950000000).
        const number = dialledNumberIn(dial.source.exten) || numberInDialString(dial.dialString);
        if (number && number !== this.identity.extension) {
          source.outNumber = number;
          source.numberKnown = true;
        }
      }
      if (!source.tracked) this.startOutgoing(source, '');
      else this.refreshRemote(source, false);
    }
  }

  private onDialEnd(dial: DialEvent): void {
    const { status } = dial;
    if (dial.dest) {
      const dest = this.legFor(dial.dest.channel, dial.dest.uniqueid, false);
      if (dest) {
        dest.dialStatuses.add(status);
        this.absorb(dest, dial.dest);
        // For an originated leg this ANSWER is the user picking up: not yet connected.
        if (status === 'ANSWER' && dest.tracked?.call.direction === 'in') this.connect(dest);
      } else if (status === 'ANSWER' && dial.source && !this.isDevice(dial.dest.channel)) {
        this.noteAnsweredElsewhere(dial.source.uniqueid, dial.source.linkedid || dial.dest.linkedid);
      }
    } else if (dial.source) {
      // Asterisk 11 Dial End names only the caller; its status is that of the whole Dial().
      for (const leg of this.legs.values()) {
        if (!leg.dialler || leg.dialler !== dial.source.uniqueid) continue;
        leg.dialStatuses.add(status);
        if (status !== 'ANSWER') continue;
        if (leg.state === ChannelState.up) this.connect(leg);
        else leg.answeredElsewhere = true;
      }
    }
    const source = dial.source ? this.legFor(dial.source.channel, dial.source.uniqueid, false) : undefined;
    if (source) {
      source.dialStatuses.add(status);
      if (status === 'ANSWER' && source.tracked?.call.direction === 'out') this.connect(source);
    }
  }

  /** Another phone dialled for the same call answered: our ringing phone was answered elsewhere. */
  private noteAnsweredElsewhere(dialler: string, linkedid: string): void {
    for (const leg of this.legs.values()) {
      const call = leg.tracked?.call;
      if (!call || call.direction !== 'in' || call.state !== 'ringing') continue;
      if ((dialler && leg.dialler === dialler) || (linkedid && leg.linkedid === linkedid)) leg.answeredElsewhere = true;
    }
  }

  // --- answer, bridges, hold -------------------------------------------------------------------

  private onBridgeEnter(event: AmiPacket): void {
    const snapshot = snapshotOf(event);
    const bridge = readField(event, 'BridgeUniqueid');
    const parties = Number.parseInt(readField(event, 'BridgeNumChannels'), 10) || 0;
    const leg = this.legFor(snapshot.channel, snapshot.uniqueid, true);
    if (leg) {
      this.absorb(leg, snapshot);
      leg.bridge = bridge;
      if (!leg.tracked) this.startRinging(leg);
      // An originated leg alone in its bridge still waits for the far end (transcripts §4 enters
      // second; §3's incoming leg enters first, already answered).
      if (parties >= 2 || !leg.originated) this.connect(leg);
      return;
    }
    if (parties >= 2 && bridge) {
      for (const other of this.legs.values()) if (other.bridge === bridge) this.connect(other);
    }
  }

  /** Asterisk 11 `Bridge` (Bridgestate Link/Unlink), 1.8 `Link`: both parties are talking. */
  private onLink(event: AmiPacket, name: string): void {
    if (name === 'bridge' && readField(event, 'Bridgestate').toLowerCase() !== 'link') return;
    for (const n of ['1', '2']) {
      const leg = this.legFor(readField(event, `Channel${n}`), readField(event, `Uniqueid${n}`), true);
      if (!leg) continue;
      if (!leg.tracked) this.startRinging(leg);
      this.connect(leg);
    }
  }

  private onHold(event: AmiPacket, on: boolean): void {
    const snapshot = snapshotOf(event);
    const tracked = this.legFor(snapshot.channel, snapshot.uniqueid, false)?.tracked;
    if (!tracked) return;
    const call = tracked.call;
    if (on && call.state === 'connected') this.update(tracked, { ...call, state: 'held' });
    if (!on && call.state === 'held') this.update(tracked, { ...call, state: 'connected' });
  }

  // --- the end ---------------------------------------------------------------------------------

  private onHangup(event: AmiPacket): void {
    const snapshot = snapshotOf(event);
    const leg = this.legFor(snapshot.channel, snapshot.uniqueid, false);
    if (!leg) return;
    this.endLeg(leg, parseCause(readField(event, 'Cause')));
  }

  /** A device channel is gone (Hangup, or missing from CoreShowChannels: cause undefined). */
  private endLeg(leg: Leg, cause: number | undefined): void {
    this.forget(leg);
    leg.ended = true;
    leg.cause = cause;
    const tracked = leg.tracked;
    if (!tracked || tracked.call.state === 'ended') return;
    const rest = tracked.legs.filter((other) => !other.ended);
    if (rest.length > 0) {
      // Another leg of the call lives on: this one was cancelled because its sibling answered
      // (DialEnd CANCEL, cause 26), or declined or was busy while the sibling still rings.
      if (tracked.answeredBy === leg) this.handOver(tracked, rest);
      return;
    }
    this.finish(tracked);
  }

  /**
   * The leg the call was answered on is gone but another is not: two contacts answered at once and
   * app_dial kept the other (it takes the first it sees Up, apps/app_dial.c wait_for_answer). The
   * call continues on a leg that is up, if any.
   */
  private handOver(tracked: TrackedCall, rest: readonly Leg[]): void {
    const next = rest.find((other) => other.state === ChannelState.up);
    tracked.answeredBy = next;
    if (next) this.update(tracked, { ...tracked.call, line: next.channel });
  }

  private finish(tracked: TrackedCall): void {
    const call = tracked.call;
    if (call.state === 'ended') return;
    const answered = call.answeredAt !== undefined;
    const ending = endingOfLegs(
      tracked.legs.map((leg) => ({
        direction: call.direction,
        answered,
        cause: leg.cause,
        dialStatuses: leg.dialStatuses,
        answeredElsewhere: leg.answeredElsewhere,
        originateReason: leg.originateReason,
      })),
    );
    this.update(tracked, { ...call, state: 'ended', endedAt: this.options.now(), ending });
  }

  private forget(leg: Leg): void {
    this.legs.delete(leg.uniqueid);
    this.endedUniqueids.add(leg.uniqueid);
    if (this.endedUniqueids.size > ENDED_MEMORY) {
      const oldest = this.endedUniqueids.values().next().value;
      if (oldest !== undefined) this.endedUniqueids.delete(oldest);
    }
  }

  // --- click-to-dial ---------------------------------------------------------------------------

  private onOriginateResponse(event: AmiPacket): void {
    const pending = this.originates.get(readField(event, 'ActionID'));
    // No channel: 12+ says `<unknown>` (read as ''), 11 says `<null>` (main/manager.c fast_originate).
    const rawUniqueid = readField(event, 'Uniqueid');
    const uniqueid = rawUniqueid === '<null>' ? '' : rawUniqueid;
    const reason = parseCause(readField(event, 'Reason'));
    if (pending) {
      pending.outcome = {
        success: readField(event, 'Response').toLowerCase() === 'success',
        reason,
        callId: uniqueid ? callIdFor(uniqueid) : undefined,
      };
    }
    // On failure Channel is the requested `Local/103@phones` and Uniqueid `<unknown>` (§4): no leg.
    const leg = this.legFor(readField(event, 'Channel'), uniqueid, pending !== undefined);
    if (!leg) return;
    leg.originated = true;
    leg.originateReason = reason;
    if (pending && !pending.claimedBy) pending.claimedBy = leg.uniqueid;
    const exten = dialledNumberIn(readField(event, 'Exten'));
    if (exten && !leg.numberKnown) {
      leg.outNumber = exten;
      leg.numberKnown = true;
    }
    this.refreshRemote(leg, false);
  }

  private claimOriginate(leg: Leg): boolean {
    const now = this.options.now();
    for (const pending of this.originates.values()) {
      if (pending.claimedBy || now - pending.expectedAt > ORIGINATE_CLAIM_MS) continue;
      // Its OriginateResponse came already, which Asterisk sends only once the device leg answered
      // or failed (§2.9; a failure such as Reason 0 names no leg at all): a leg ringing now is not
      // that Originate's but an incoming call (11 queue without a Dial event, a leg first seen
      // through CoreShowChannels).
      if (pending.outcome) continue;
      pending.claimedBy = leg.uniqueid;
      leg.originated = true;
      leg.outNumber = pending.number;
      leg.numberKnown = true;
      return true;
    }
    return false;
  }

  // --- calls -----------------------------------------------------------------------------------

  private startIncoming(leg: Leg, number: string, name: string): void {
    if (leg.tracked || this.joinSiblings(leg)) return;
    this.start(leg, 'in', 'ringing', { number, name: nameUnlessNumber(name, number) });
  }

  /**
   * Joins `leg` to the incoming call it is another ring of, if any: a call of the device still
   * ringing with the same Linkedid (12+) or dialled by the same channel (11, which has no Linkedid).
   * Only a RINGING call: a leg with the Linkedid of a call already answered here is a new ring
   * (the caller transferred back to this extension), and must pop.
   */
  private joinSiblings(leg: Leg): boolean {
    if (leg.tracked || leg.originated || (!leg.linkedid && !leg.dialler)) return false;
    for (const other of this.legs.values()) {
      const tracked = other.tracked;
      if (other === leg || !tracked || tracked.call.direction !== 'in' || tracked.call.state !== 'ringing') continue;
      const sameCall = (leg.linkedid !== '' && other.linkedid === leg.linkedid) || (leg.dialler !== '' && other.dialler === leg.dialler);
      if (!sameCall) continue;
      leg.tracked = tracked;
      tracked.legs.push(leg);
      this.refreshRemote(leg, false);
      return true;
    }
    return false;
  }

  private startOutgoing(leg: Leg, exten: string): void {
    const number = dialledNumberIn(exten);
    if (number && !leg.numberKnown) {
      leg.outNumber = number;
      leg.numberKnown = true;
    }
    this.start(leg, 'out', 'dialing', { number: this.outNumberOf(leg), name: '' });
  }

  private startOriginated(leg: Leg): void {
    leg.originated = true;
    this.start(leg, 'out', 'dialing', { number: this.outNumberOf(leg), name: '' });
  }

  private start(leg: Leg, direction: CallDirection, state: 'ringing' | 'dialing', remote: Call['remote']): void {
    if (leg.tracked) return;
    const call: Call = {
      id: callIdFor(leg.uniqueid),
      direction,
      state,
      remote,
      line: leg.channel,
      startedAt: this.options.now(),
    };
    leg.tracked = { call, legs: [leg], answeredBy: undefined };
    this.changes.set(call.id, call);
  }

  /**
   * The call is talking on `leg`. From now on it lives on that leg: `line` names its channel, so
   * that a Hangup action reaches it and a restarted tracker (constructor, legFor) finds the call
   * by it even when the id comes from a sibling leg that is long gone.
   */
  private connect(leg: Leg): void {
    const tracked = leg.tracked;
    const call = tracked?.call;
    if (!tracked || !call || (call.state !== 'ringing' && call.state !== 'dialing')) return;
    tracked.answeredBy = leg;
    this.update(tracked, { ...call, state: 'connected', answeredAt: call.answeredAt ?? this.options.now(), line: leg.channel });
  }

  /**
   * The far end as currently known. Incoming: an empty number or name is filled from the device
   * channel's connected line. Outgoing: the dialled number; the name only from a connected-line
   * update after dialling out — before that the connected line is the CallerID our own Originate
   * set for the user's phone (transcripts §4 events 3–4), not the far end.
   */
  private refreshRemote(leg: Leg, connectedLineUpdate: boolean): void {
    const tracked = leg.tracked;
    const call = tracked?.call;
    if (!tracked || !call || call.state === 'ended') return;
    if (call.direction === 'in') {
      const number = call.remote.number || leg.connectedNum;
      const name = call.remote.name || nameUnlessNumber(leg.connectedName, number);
      this.update(tracked, { ...call, remote: { number, name } });
      return;
    }
    const number = this.outNumberOf(leg) || call.remote.number;
    let name = call.remote.name;
    if (
      connectedLineUpdate &&
      leg.nameWhenDialledOut !== undefined &&
      leg.connectedName !== leg.nameWhenDialledOut &&
      leg.connectedName !== ''
    ) {
      name = nameUnlessNumber(leg.connectedName, number);
    }
    this.update(tracked, { ...call, remote: { number, name } });
  }

  private outNumberOf(leg: Leg): string {
    if (leg.numberKnown || !leg.originated) return leg.outNumber;
    // Last resort for an Originate we did not send: the CallerID it set is often the number.
    const guess = dialledNumberIn(leg.connectedNum);
    return guess && guess !== this.identity.extension ? guess : '';
  }

  /** NewCallerid on the caller's channel (a late CNAM lookup): fills an incoming call's blanks. */
  private onCallerOfLegChanged(snapshot: ChannelSnapshot): void {
    if (!snapshot.uniqueid) return;
    for (const leg of this.legs.values()) {
      const tracked = leg.tracked;
      const call = tracked?.call;
      if (!tracked || !call || call.direction !== 'in' || call.state === 'ended' || leg.dialler !== snapshot.uniqueid) continue;
      const number = call.remote.number || snapshot.callerNum;
      const name = call.remote.name || nameUnlessNumber(snapshot.callerName, number);
      this.update(tracked, { ...call, remote: { number, name } });
    }
  }

  private update(tracked: TrackedCall, next: Call): void {
    if (sameCall(tracked.call, next)) return;
    tracked.call = next;
    this.changes.set(next.id, next);
  }

  /** Every call not yet ended, once each, in the order their legs were first seen. */
  private liveTracked(): TrackedCall[] {
    const seen = new Set<TrackedCall>();
    for (const leg of this.legs.values()) {
      if (leg.tracked && leg.tracked.call.state !== 'ended') seen.add(leg.tracked);
    }
    return [...seen];
  }

  // --- legs ------------------------------------------------------------------------------------

  /** The device leg of a channel, created on first sight when `create`; undefined for other channels. */
  private legFor(channel: string, uniqueid: string, create: boolean): Leg | undefined {
    const known = uniqueid ? (this.legs.get(uniqueid) ?? this.adoptRestored(channel, uniqueid)) : this.legByChannel(channel);
    if (known) {
      if (uniqueid) known.restored = false;
      // Asterisk 11 renames channels on masquerade; keep the name a Hangup action can use.
      if (channel && this.isDevice(channel)) known.channel = channel;
      return known;
    }
    if (!create || !uniqueid || this.endedUniqueids.has(uniqueid) || !this.isDevice(channel)) return undefined;
    const leg = newLeg(uniqueid, channel);
    this.legs.set(uniqueid, leg);
    return leg;
  }

  /**
   * A restored leg named by its channel (`line`) under another uniqueid: the call was answered on a
   * sibling of the leg its id comes from (connect()). No two channels share a name while Asterisk
   * runs (chan_pjsip names them `PJSIP/<endpoint>-%08x` from an ever-growing counter,
   * channels/chan_pjsip.c chan_pjsip_new; chan_sip likewise), so this is that leg: it takes the
   * real uniqueid.
   */
  private adoptRestored(channel: string, uniqueid: string): Leg | undefined {
    if (!channel || this.endedUniqueids.has(uniqueid) || !this.isDevice(channel)) return undefined;
    for (const leg of this.legs.values()) {
      if (!leg.restored || leg.channel !== channel) continue;
      this.legs.delete(leg.uniqueid);
      leg.uniqueid = uniqueid;
      this.legs.set(uniqueid, leg);
      return leg;
    }
    return undefined;
  }

  /** Whether a listed channel is one we already follow (by uniqueid, or a restored leg by channel). */
  private follows(snapshot: ChannelSnapshot): boolean {
    if (this.legs.has(snapshot.uniqueid)) return true;
    for (const leg of this.legs.values()) if (leg.restored && snapshot.channel !== '' && leg.channel === snapshot.channel) return true;
    return false;
  }

  private legByChannel(channel: string): Leg | undefined {
    if (!channel) return undefined;
    for (const leg of this.legs.values()) if (leg.channel === channel) return leg;
    return undefined;
  }

  private absorb(leg: Leg, snapshot: ChannelSnapshot): void {
    if (snapshot.state !== undefined) leg.state = snapshot.state;
    if (snapshot.linkedid) leg.linkedid = snapshot.linkedid;
    // Only non-empty values: Asterisk 11's Newchannel has no connected line at all.
    if (snapshot.connectedNum) leg.connectedNum = snapshot.connectedNum;
    if (snapshot.connectedName) leg.connectedName = snapshot.connectedName;
  }
}
