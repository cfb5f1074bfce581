/**
 * The simulated PBX: channels, bridges and calls, and the scenarios that move them — no HTTP and
 * no sessions here. Every change is reported through a Vocabulary (events.ts), which renders it in
 * Asterisk 12+ or Asterisk 11 terms; time comes from an injected clock so the server can scale it.
 *
 * The call shapes replay the recordings in reference/asterisk-ajam-transcripts.md:
 * - §3 incoming call: the trunk is a Local pair `Local/s@from-trunk-XXXXXXXX;1/;2` whose `;2`
 *   side sets the caller ID and Dials the user's device; the device leg is either a real-phone
 *   channel (`PJSIP/101-0000000a`) or, like the lab, a Local pair `Local/101@phones-XXXXXXXX;1/;2`
 *   (`;1` dialled and bridged, `;2` the "handset" side running the [desk] dialplan).
 * - §4 click-to-dial: Originate rings the device leg (a DialBegin without a calling channel),
 *   OriginateResponse when it answers, then `[outbound]` sets the phone's caller ID (sub-phone-cid)
 *   and Dials the far end `Local/<number>@pstn-XXXXXXXX;1/;2`.
 * Shapes the recordings do not show are built from the same pieces, following the Asterisk sources
 * (app_dial, main/dial.c, chan_pjsip) — inferred, not recorded:
 * - missed: DialEnd CANCEL, device leg Hangup cause 16 (hanguptree with the caller's cause);
 * - answered elsewhere: DialEnd CANCEL, Hangup cause 26 (hanguptree AST_CAUSE_ANSWERED_ELSEWHERE);
 * - busy: DialEnd BUSY, Hangup cause 17; rejected (603): Hangup cause 21 and DialEnd NOANSWER
 *   (ast_hangup_cause_to_dial_status has no mapping for 21);
 * - Originate no answer: DialEnd NOANSWER, Hangup cause 0 (dial.c hangs up without a cause);
 * - a real-phone device leg (`PJSIP/101-…`) takes the place of the lab's `Local/101@phones` pair,
 *   with HangupRequest (BYE) where the lab shows its `;2` side's SoftHangupRequest;
 * - hold: Hold/Unhold on the device leg, MusicOnHoldStart/Stop on its peer, hint state ONHOLD;
 * - each timed step begins with a `NewExten` (class dialplan) that a read=call user never sees but
 *   that wakes a pending WaitEvent — the empty early returns of the recordings.
 */
import { parseCallerId } from './ami.ts';
import type { Bridge, Chan, QueueMember, Vocabulary } from './events.ts';

export type IncomingOutcome = 'answer' | 'missed' | 'answeredElsewhere' | 'busy' | 'rejected';
export type OriginateOutcome = 'answer' | 'busy' | 'noanswer' | 'nosuch' | 'manual';
/** `caller`/`remote` = the other party (the caller of an incoming call, the far end of an outgoing one). */
export type HangupSide = 'caller' | 'remote' | 'device';
export type CallState = 'ringing' | 'dialing' | 'connected' | 'held' | 'elsewhere' | 'ended';
export type CallResult = 'answered' | 'missed' | 'answered-elsewhere' | 'busy' | 'rejected' | 'noanswer' | 'failed';

export const INCOMING_OUTCOMES: readonly IncomingOutcome[] = ['answer', 'missed', 'answeredElsewhere', 'busy', 'rejected'];
export const ORIGINATE_OUTCOMES: readonly OriginateOutcome[] = ['answer', 'busy', 'noanswer', 'nosuch', 'manual'];

/** What tests and the page see of a call. */
export interface SimCall {
  id: string;
  direction: 'in' | 'out';
  /** The other party: the caller of an incoming call, the dialled Exten of an Originate. */
  number: string;
  name: string;
  state: CallState;
  result: CallResult | null;
  endedBy: 'caller' | 'remote' | 'device' | null;
  linkedid: string;
  /** The user's device leg (`PJSIP/101-0000000a`, `Local/101@phones-00000009;1`), once created. */
  deviceChannel: string | null;
  /** Every channel of the call in creation order, including Local helper legs. */
  channels: string[];
  outcome: string;
  actionId: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
}

export interface OriginateRequest {
  channel: string;
  context: string;
  exten: string;
  priority: string;
  application: string;
  data: string;
  callerId: string;
  timeoutMs: number;
  async: boolean;
  actionId: string;
  variables: string[];
  channelId: string;
}

export interface DeviceSpec {
  device: string;
  tech: string;
  exten: string;
  /** Set for a lab-style `Local/101@phones` device. */
  localContext: string | null;
  hint: string;
  hintContext: string;
  dialString: string;
  queueMember: QueueMember;
}

export interface PbxOptions {
  device: string;
  /** Caller ID name the outbound dialplan gives the device ("Phone 101" in the recordings). */
  deviceName: string;
  /** Ring-group member that answers when a call is "answered elsewhere". */
  otherPhone: string;
  /** Context of a real phone's channel (PJSIP endpoint context). */
  deviceContext: string;
  /** How long the device rings before an automatic outcome (PBX milliseconds). */
  ringMs: number;
  /** How long the far end rings before it answers a click-to-dial call. */
  farRingMs: number;
  /** Automatic hang-up this long after a call connects; 0 = stay connected until told. */
  talkMs: number;
}

export interface PbxClock {
  now(): number;
  /** Runs `fn` after `ms` PBX milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** Thrown for control requests that do not fit the current state; the control API answers 400. */
export class PbxStateError extends Error {
  override name = 'PbxStateError';
}

interface Leg {
  spec: DeviceSpec;
  main: Chan;
  handset: Chan | null;
  alive: boolean;
}

interface CallBase {
  pub: SimCall;
  cancels: Set<() => void>;
  bridge: Bridge | null;
}

interface InCall extends CallBase {
  kind: 'in';
  t1: Chan;
  t2: Chan;
  legs: Leg[];
  dev: Leg;
  winner: Leg | null;
}

interface OutCall extends CallBase {
  kind: 'out';
  req: OriginateRequest;
  spec: DeviceSpec | null;
  dev: Leg | null;
  f1: Chan | null;
  f2: Chan | null;
  syncDone: ((ok: boolean) => void) | null;
  /** The first leg's result is known (OriginateResponse sent / sync reply released). */
  settled: boolean;
}

type Call = InCall | OutCall;

type Role = 'trunk1' | 'trunk2' | 'main' | 'handset' | 'far1' | 'far2';

/**
 * Parses `PJSIP/101`, `SIP/101`, `IAX2/101` or a lab-style `Local/101@phones` into what the
 * scenarios need. Returns null for anything else.
 */
export function parseDevice(device: string, deviceContext = 'from-internal'): DeviceSpec | null {
  const slash = device.indexOf('/');
  if (slash <= 0) return null;
  const tech = device.slice(0, slash);
  const resource = device.slice(slash + 1);
  if (resource === '') return null;
  if (tech.toLowerCase() === 'local') {
    const m = /^([^@/]+)@([^/]+)(?:\/n)?$/.exec(resource);
    if (!m) return null;
    const exten = m[1] ?? '';
    const context = m[2] ?? '';
    const base = `Local/${exten}@${context}`;
    return {
      device: base,
      tech: 'Local',
      exten,
      localContext: context,
      hint: `Custom:${exten}`,
      hintContext: context,
      dialString: `${exten}@${context}`,
      queueMember: { queue: 'support', memberName: `Phone ${exten}`, iface: base, stateIface: `Custom:${exten}` },
    };
  }
  if (!/^[A-Za-z0-9_.+-]+$/.test(resource)) return null;
  return {
    device: `${tech}/${resource}`,
    tech,
    exten: resource,
    localContext: null,
    hint: `${tech}/${resource}`,
    hintContext: deviceContext === 'from-internal' ? 'ext-local' : deviceContext,
    dialString: resource,
    queueMember: { queue: 'support', memberName: `Phone ${resource}`, iface: `${tech}/${resource}`, stateIface: `${tech}/${resource}` },
  };
}

/** main/dial.c ast_hangup_cause_to_dial_status. */
function dialStatusForCause(cause: number): string {
  if (cause === 17) return 'BUSY';
  if (cause === 34) return 'CONGESTION';
  if (cause === 3 || cause === 20) return 'CHANUNAVAIL';
  return 'NOANSWER';
}

const TRUNK_DEVICE = 'Local/s@from-trunk';

export class Pbx {
  private readonly device: DeviceSpec;
  private readonly other: DeviceSpec;
  private readonly calls: Call[] = [];
  private readonly byChannel = new Map<string, { call: Call; role: Role; leg: Leg | null }>();
  private readonly live = new Map<string, Chan>();
  private chanSeq = 0;
  private uidSeq = 0;
  private callSeq = 0;
  private bridgeSeq = 0;
  private originateQueue: OriginateOutcome[] = [];
  private readonly originateByNumber = new Map<string, OriginateOutcome>();
  private defaultOriginate: OriginateOutcome = 'answer';

  constructor(
    private readonly opts: PbxOptions,
    private readonly v: Vocabulary,
    private readonly clock: PbxClock,
    private readonly changed: () => void,
  ) {
    const spec = parseDevice(opts.device, opts.deviceContext);
    if (!spec) throw new RangeError(`device must look like PJSIP/101, SIP/101 or Local/101@phones, got "${opts.device}"`);
    this.device = spec;
    const other = parseDevice(
      spec.localContext ? `Local/${opts.otherPhone}@${spec.localContext}` : `${spec.tech}/${opts.otherPhone}`,
      opts.deviceContext,
    );
    if (!other) throw new RangeError(`otherPhone must be an extension like 102, got "${opts.otherPhone}"`);
    this.other = other;
  }

  get deviceSpec(): DeviceSpec {
    return this.device;
  }

  // ---- readers -------------------------------------------------------------------------------

  /** Every call so far (ended ones too), oldest first. */
  listCalls(): SimCall[] {
    return this.calls.map((c) => ({ ...c.pub, channels: [...c.pub.channels] }));
  }

  call(id: string): SimCall | undefined {
    const c = this.calls.find((x) => x.pub.id === id);
    return c ? { ...c.pub, channels: [...c.pub.channels] } : undefined;
  }

  /** Live channels in creation order (CoreShowChannels / Status). */
  channels(): Chan[] {
    return [...this.live.values()];
  }

  // ---- incoming calls ------------------------------------------------------------------------

  /**
   * A call from `from` rings the user's device. With an outcome the scenario runs by itself after
   * `ringMs`; without one ('manual') it rings until answer()/hangup()/missed()/… is called.
   */
  incoming(input: { from: string; name?: string; outcome?: IncomingOutcome | 'manual'; ringGroup?: boolean }): SimCall {
    const from = input.from.trim();
    if (from === '') throw new PbxStateError('incoming call needs a caller number');
    const name = (input.name ?? '').trim();
    const outcome = input.outcome ?? 'manual';
    const id = `call-${++this.callSeq}`;
    const now = this.clock.now();
    const pub: SimCall = {
      id,
      direction: 'in',
      number: from,
      name,
      state: 'ringing',
      result: null,
      endedBy: null,
      linkedid: '',
      deviceChannel: null,
      channels: [],
      outcome,
      actionId: null,
      startedAt: now,
      answeredAt: null,
      endedAt: null,
    };
    const partial = { pub, cancels: new Set<() => void>(), bridge: null } as CallBase;
    const [t1, t2] = this.localPair(partial, 's@from-trunk', 'from-trunk', 's', null);
    pub.linkedid = t1.linkedid;
    t1.app = 'AppDial2';
    t1.appData = '(Outgoing Line)';
    const v = this.v;
    v.newchannel(t1);
    v.newchannel(t2);
    v.localBridge(t1, t2);
    v.dialBegin(null, t1, 's@from-trunk');
    t2.cidNum = from;
    v.newCallerid(t2);
    if (name !== '') {
      t2.priority = 2;
      t2.cidName = name;
      v.newCallerid(t2);
    }
    const dev = this.createLeg(partial, this.device, t1.linkedid, {
      mainCid: { num: this.device.exten, name: '' },
      mainCon: { num: from, name },
      handsetCid: { num: from, name },
      handsetCon: { num: this.device.exten, name: '' },
    });
    const call: InCall = { ...partial, kind: 'in', t1, t2, legs: [dev], dev, winner: null };
    this.calls.push(call);
    this.rebindChannels(call);
    pub.deviceChannel = dev.main.name;
    if (input.ringGroup || outcome === 'answeredElsewhere') {
      call.legs.push(
        this.createLeg(call, this.other, t1.linkedid, {
          mainCid: { num: this.other.exten, name: '' },
          mainCon: { num: from, name },
          handsetCid: { num: from, name },
          handsetCon: { num: this.other.exten, name: '' },
        }),
      );
      this.rebindChannels(call);
    }
    t2.context = 'ext-local';
    t2.exten = this.device.exten;
    t2.priority = 4;
    t2.app = 'Dial';
    t2.appData = `${call.legs.map((l) => l.spec.device).join('&')},30`;
    for (const leg of call.legs) v.dialBegin(t2, leg.main, leg.spec.dialString);
    if (outcome === 'busy') {
      this.incomingDeviceBusy(call);
      return this.finish();
    }
    for (const leg of call.legs) this.ringLeg(leg, 'dsc-first');
    t1.state = 5;
    v.newstate(t1);
    for (const leg of call.legs) if (leg.spec.localContext) v.deviceStateChange(leg.spec.device, 'INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'INUSE');
    v.dialState(null, t1, 'RINGING');
    for (const leg of call.legs) v.dialState(t2, leg.main, 'RINGING');
    if (outcome !== 'manual') {
      this.later(call, this.opts.ringMs, () => {
        if (call.pub.state !== 'ringing') return;
        if (outcome === 'answer') this.answerIncoming(call, call.dev);
        else if (outcome === 'missed') this.incomingMissed(call);
        else if (outcome === 'answeredElsewhere') this.answerElsewhere(call);
        else if (outcome === 'rejected') this.incomingRejected(call, false);
        this.changed();
      });
    }
    this.changed();
    return { ...pub, channels: [...pub.channels] };
  }

  // ---- control of an existing call -----------------------------------------------------------

  /** The device answers: a ringing incoming call is bridged; a ringing Originate leg answers. */
  answer(id?: string): SimCall {
    const call = this.pick(id, (c) => c.pub.state === 'ringing', 'ringing');
    if (call.kind === 'in') this.answerIncoming(call, call.dev);
    else this.answerOriginate(call);
    return this.finish(call);
  }

  /** Hang-up by the device or by the other party, in whatever state the call is. */
  hangup(id: string | undefined, side: HangupSide): SimCall {
    const call = this.pick(id, (c) => c.pub.state !== 'ended', 'active');
    const remote = side !== 'device';
    if (call.kind === 'in') {
      if (call.pub.state === 'ringing') {
        if (remote) this.incomingMissed(call);
        else this.incomingRejected(call, false);
      } else if (call.pub.state === 'elsewhere' || remote) {
        this.callerHangsUpConnected(call);
      } else {
        this.deviceHangsUpConnected(call, 'physical');
      }
    } else {
      this.outHangup(call, remote ? 'far' : 'device', false);
    }
    return this.finish(call);
  }

  /** The caller gives up while the device rings. */
  missed(id?: string): SimCall {
    const call = this.pickIncoming(id, 'ringing');
    this.incomingMissed(call);
    return this.finish(call);
  }

  /** Another ring-group member answers; the device leg ends with cause 26. */
  answeredElsewhere(id?: string): SimCall {
    const call = this.pickIncoming(id, 'ringing');
    this.answerElsewhere(call);
    return this.finish(call);
  }

  /** The device answers 486 Busy Here while ringing (DND, busy line). */
  busy(id?: string): SimCall {
    const call = this.pickIncoming(id, 'ringing');
    this.incomingDeviceBusy(call);
    return this.finish(call);
  }

  /** The user presses Reject on the ringing phone (603 Decline → cause 21). */
  reject(id?: string): SimCall {
    const call = this.pick(id, (c) => c.pub.state === 'ringing', 'ringing');
    if (call.kind === 'in') this.incomingRejected(call, false);
    else this.outHangup(call, 'device', false);
    return this.finish(call);
  }

  /** The phone puts the connected call on hold / takes it off hold. */
  hold(id?: string): SimCall {
    const call = this.pick(id, (c) => c.pub.state === 'connected', 'connected');
    const dev = call.dev;
    const peer = this.peerOf(call);
    if (!dev || !peer) throw new PbxStateError(`call ${call.pub.id} has no bridged device leg`);
    const spec = dev.spec;
    this.v.hold(dev.main);
    this.v.mohStart(peer);
    this.v.extensionStatus(spec.exten, spec.hintContext, spec.hint, 16);
    this.v.deviceStateChange(spec.hint, 'ONHOLD');
    call.pub.state = 'held';
    return this.finish(call);
  }

  unhold(id?: string): SimCall {
    const call = this.pick(id, (c) => c.pub.state === 'held', 'held');
    const dev = call.dev;
    const peer = this.peerOf(call);
    if (!dev || !peer) throw new PbxStateError(`call ${call.pub.id} has no bridged device leg`);
    const spec = dev.spec;
    this.v.unhold(dev.main);
    this.v.mohStop(peer);
    this.v.extensionStatus(spec.exten, spec.hintContext, spec.hint, 1);
    this.v.deviceStateChange(spec.hint, 'INUSE');
    call.pub.state = 'connected';
    return this.finish(call);
  }

  /**
   * The AMI Hangup action on a channel by name. Returns false for an unknown channel ("No such
   * channel"). `cause` is the action's Cause header (0 = none, as in the §3 recording).
   */
  hangupChannel(name: string, cause: number): boolean {
    const hit = this.byChannel.get(name);
    if (!hit || !this.live.has(name)) return false;
    const { call, role, leg } = hit;
    const c0 = cause;
    if (call.kind === 'in') {
      const isDevice = leg === call.dev && (role === 'main' || role === 'handset');
      if (role === 'trunk1' || role === 'trunk2') {
        if (call.pub.state === 'ringing') this.incomingMissed(call);
        else this.callerHangsUpConnected(call);
      } else if (isDevice) {
        if (call.pub.state === 'ringing') this.incomingRejected(call, true, c0);
        else if (call.pub.state === 'connected' || call.pub.state === 'held') this.deviceHangsUpConnected(call, role === 'handset' ? 'ami-handset' : 'ami-main', c0);
      } else if (leg) {
        if (call.winner === leg) this.callerHangsUpConnected(call);
        else if (leg.alive) this.dropRingingLeg(call, leg, c0, 'NOANSWER');
      }
    } else {
      if (role === 'far1' || role === 'far2') this.outHangup(call, 'far', true, c0);
      else this.outHangup(call, 'device', true, c0);
    }
    this.finish(call);
    return true;
  }

  // ---- click-to-dial -------------------------------------------------------------------------

  /** The outcome of the next Originate (queued: each call to this adds one). */
  queueOriginateOutcome(outcome: OriginateOutcome): void {
    this.originateQueue.push(outcome);
  }

  /** A standing outcome for Originates to `number` (their Exten); null removes it. */
  setOriginateOutcomeFor(number: string, outcome: OriginateOutcome | null): void {
    if (outcome === null) this.originateByNumber.delete(number);
    else this.originateByNumber.set(number, outcome);
  }

  /** The outcome when nothing else applies. Default 'answer'. */
  setDefaultOriginateOutcome(outcome: OriginateOutcome): void {
    this.defaultOriginate = outcome;
  }

  originateSettings(): { queue: OriginateOutcome[]; byNumber: Record<string, OriginateOutcome>; default: OriginateOutcome } {
    return { queue: [...this.originateQueue], byNumber: Object.fromEntries(this.originateByNumber), default: this.defaultOriginate };
  }

  /**
   * Starts an Originate that passed the manager's checks. The scenario begins on the next tick so
   * the "Originate successfully queued" reply goes out first. `syncDone` is set for a blocking
   * (non-Async) Originate: it is told whether the first leg answered, and no OriginateResponse is sent.
   */
  originate(req: OriginateRequest, syncDone: ((ok: boolean) => void) | null = null): SimCall {
    const outcome = this.originateByNumber.get(req.exten) ?? this.originateQueue.shift() ?? this.defaultOriginate;
    const spec = this.originateDevice(req.channel);
    const id = `call-${++this.callSeq}`;
    const pub: SimCall = {
      id,
      direction: 'out',
      number: req.application !== '' ? req.application : req.exten,
      name: '',
      state: 'ringing',
      result: null,
      endedBy: null,
      linkedid: '',
      deviceChannel: null,
      channels: [],
      outcome: spec ? outcome : 'nosuch',
      actionId: req.actionId === '' ? null : req.actionId,
      startedAt: this.clock.now(),
      answeredAt: null,
      endedAt: null,
    };
    const call: OutCall = {
      kind: 'out',
      pub,
      cancels: new Set(),
      bridge: null,
      req,
      spec,
      dev: null,
      f1: null,
      f2: null,
      syncDone,
      settled: false,
    };
    this.calls.push(call);
    this.later(call, 0, () => {
      this.startOriginate(call);
      this.changed();
    });
    this.changed();
    return { ...pub, channels: [] };
  }

  /** Cancels every pending timer (the simulator is closing). */
  dispose(): void {
    for (const call of this.calls) {
      for (const cancel of call.cancels) cancel();
      call.cancels.clear();
    }
  }

  // ---- incoming scenarios --------------------------------------------------------------------

  private answerIncoming(call: InCall, winner: Leg): void {
    const v = this.v;
    const { t1, t2 } = call;
    v.dialplanStep(t2, 'Dial', t2.appData);
    const now = this.clock.now();
    if (winner.handset) {
      winner.handset.state = 6;
      winner.handset.context = 'desk';
      winner.handset.priority = 6;
      winner.handset.answeredAt = now;
      winner.handset.app = 'Wait';
      winner.handset.appData = '60';
      v.newstate(winner.handset);
    }
    winner.main.state = 6;
    winner.main.answeredAt = now;
    v.newstate(winner.main);
    if (winner.spec.localContext) {
      v.deviceStateChange(winner.spec.device, 'INUSE');
      v.deviceStateChange(winner.spec.device, 'INUSE');
    }
    winner.main.exten = '';
    v.dialEnd(t2, winner.main, 'ANSWER');
    for (const leg of call.legs) {
      if (leg !== winner && leg.alive) {
        v.dialEnd(t2, leg.main, 'CANCEL');
        this.endLeg(leg, 26, 'dropped');
      }
    }
    t1.state = 6;
    t1.answeredAt = now;
    v.newstate(t1);
    v.dialEnd(null, t1, 'ANSWER');
    t2.state = 6;
    t2.answeredAt = now;
    v.newstate(t2);
    const bridge = this.newBridge();
    call.bridge = bridge;
    v.bridgeCreate(bridge);
    v.deviceStateChange(TRUNK_DEVICE, 'INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'INUSE');
    this.enter(bridge, winner.main);
    this.enter(bridge, t2);
    this.deviceInUse(winner.spec);
    call.winner = winner;
    call.pub.answeredAt = now;
    if (winner === call.dev) {
      call.pub.state = 'connected';
      call.pub.result = 'answered';
    } else {
      call.pub.state = 'elsewhere';
      call.pub.result = 'answered-elsewhere';
    }
    if (this.opts.talkMs > 0) {
      this.later(call, this.opts.talkMs, () => {
        if (call.pub.state === 'ended') return;
        this.callerHangsUpConnected(call);
        this.finish(call);
      });
    }
  }

  private answerElsewhere(call: InCall): void {
    let other = call.legs.find((l) => l !== call.dev && l.alive);
    if (!other) {
      // Nobody else was ringing: the ring group's next member starts ringing now and answers.
      const { t2 } = call;
      other = this.createLeg(call, this.other, call.t1.linkedid, {
        mainCid: { num: this.other.exten, name: '' },
        mainCon: { num: t2.cidNum, name: t2.cidName },
        handsetCid: { num: t2.cidNum, name: t2.cidName },
        handsetCon: { num: this.other.exten, name: '' },
      });
      call.legs.push(other);
      this.rebindChannels(call);
      this.v.dialBegin(t2, other.main, other.spec.dialString);
      this.ringLeg(other, 'dsc-first');
      this.v.dialState(t2, other.main, 'RINGING');
    }
    this.answerIncoming(call, other);
  }

  private incomingMissed(call: InCall): void {
    const v = this.v;
    const { t1, t2 } = call;
    v.hangupRequest(t1, 16);
    v.dialEnd(null, t1, 'CANCEL');
    this.hangupChan(t1, 16);
    v.hangupRequest(t2, 16);
    for (const leg of call.legs) if (leg.alive) v.dialEnd(t2, leg.main, 'CANCEL');
    for (const leg of call.legs) if (leg.alive) this.endLeg(leg, 16, 'dropped');
    this.hangupChan(t2, 16);
    this.trunkCdrs(call, 'NO ANSWER');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    this.ended(call, 'missed', 'caller');
  }

  private incomingDeviceBusy(call: InCall): void {
    const dev = call.dev;
    this.v.dialEnd(call.t2, dev.main, 'BUSY');
    this.endLeg(dev, 17, 'self');
    this.afterDialFailed(call, 17, 'busy');
  }

  private incomingRejected(call: InCall, viaAmi: boolean, amiCause = 0): void {
    const dev = call.dev;
    const cause = viaAmi ? amiCause : 21;
    const v = this.v;
    // A reject travels as a hang-up of the dialled leg (603 Decline / the handset side ending).
    if (viaAmi) v.softHangupRequest(dev.main, 16);
    else v.hangupRequest(dev.main, cause);
    v.dialEnd(call.t2, dev.main, dialStatusForCause(cause));
    this.endLeg(dev, cause, 'self');
    this.afterDialFailed(call, cause, 'rejected');
  }

  /** A ringing leg that is not the user's device drops out (AMI Hangup on it). */
  private dropRingingLeg(call: InCall, leg: Leg, cause: number, status: string): void {
    this.v.softHangupRequest(leg.main, 16);
    this.v.dialEnd(call.t2, leg.main, status);
    this.endLeg(leg, cause, 'self');
    if (!call.legs.some((l) => l.alive)) this.afterDialFailed(call, cause, 'rejected');
  }

  /** Dial returned without an answer (busy, rejected): the caller's side of the call ends. */
  private afterDialFailed(call: InCall, cause: number, result: CallResult): void {
    if (call.legs.some((l) => l.alive)) {
      // Other ring-group members still ring: the call goes on without the device.
      call.pub.state = 'ended';
      call.pub.result = result;
      call.pub.endedBy = 'device';
      call.pub.endedAt = this.clock.now();
      return;
    }
    const v = this.v;
    const { t1, t2 } = call;
    const callerCause = cause === 17 ? 17 : 16;
    v.hangupRequest(t1, callerCause);
    this.hangupChan(t2, callerCause);
    v.dialEnd(null, t1, dialStatusForCause(callerCause));
    this.hangupChan(t1, callerCause);
    this.trunkCdrs(call, cause === 17 ? 'BUSY' : 'NO ANSWER');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    this.ended(call, result, 'device');
  }

  /** §3 "Hangup action (desk phone 101 hangs up)", or the phone's own BYE. */
  private deviceHangsUpConnected(call: InCall, how: 'physical' | 'ami-handset' | 'ami-main', amiCause = 0): void {
    const v = this.v;
    const dev = call.dev;
    const bridge = call.bridge;
    const { t1, t2 } = call;
    const c0 = how === 'physical' ? 16 : amiCause;
    v.dialplanStep(dev.handset ?? t2, 'Hangup', '');
    if (dev.handset && how !== 'ami-main') {
      const hs = dev.handset;
      // The lab's [desk] dialplan: Wait at priority 8, Hangup() at 9.
      hs.priority = how === 'physical' ? 9 : 8;
      if (how === 'physical') {
        hs.app = 'Hangup';
        hs.appData = '';
      }
      v.softHangupRequest(hs, 16);
      this.deviceIdle(dev.spec, 'exten-first');
      v.hangupRequest(dev.main, c0);
      this.hangupChan(hs, c0);
      this.handsetCdr(dev, 'ANSWERED');
      v.deviceStateChange(dev.spec.device, 'NOT_INUSE');
      if (bridge) this.leave(bridge, dev.main);
      this.hangupChan(dev.main, 16);
    } else if (dev.handset) {
      v.softHangupRequest(dev.main, 16);
      this.deviceIdle(dev.spec, 'exten-first');
      if (bridge) this.leave(bridge, dev.main);
      this.hangupChan(dev.main, c0);
      v.hangupRequest(dev.handset, 16);
      this.hangupChan(dev.handset, 16);
      this.handsetCdr(dev, 'ANSWERED');
      v.deviceStateChange(dev.spec.device, 'NOT_INUSE');
    } else {
      if (how === 'physical') v.hangupRequest(dev.main, 16);
      else v.softHangupRequest(dev.main, 16);
      this.deviceIdle(dev.spec, 'exten-first');
      if (bridge) this.leave(bridge, dev.main);
      this.hangupChan(dev.main, c0);
    }
    dev.alive = false;
    if (bridge) {
      this.leave(bridge, t2);
      v.bridgeDestroy(bridge);
      call.bridge = null;
    }
    if (dev.handset) v.deviceStateChange(dev.spec.device, 'NOT_INUSE');
    v.softHangupRequest(t2, 16);
    v.hangupRequest(t1, 16);
    this.hangupChan(t1, 16);
    this.hangupChan(t2, 16);
    this.trunkCdrs(call, 'ANSWERED');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    this.ended(call, call.pub.result ?? 'answered', 'device');
  }

  /** The caller hangs up a connected call (also ends a call answered elsewhere). */
  private callerHangsUpConnected(call: InCall): void {
    const v = this.v;
    const { t1, t2 } = call;
    const winner = call.winner;
    const bridge = call.bridge;
    v.dialplanStep(t1, 'Wait', '60');
    v.hangupRequest(t1, 16);
    this.hangupChan(t1, 16);
    v.hangupRequest(t2, 16);
    if (bridge) this.leave(bridge, t2);
    if (winner && winner.alive) {
      if (bridge) this.leave(bridge, winner.main);
      if (bridge) {
        v.bridgeDestroy(bridge);
        call.bridge = null;
      }
      this.endLeg(winner, 16, 'peer');
    } else if (bridge) {
      v.bridgeDestroy(bridge);
      call.bridge = null;
    }
    this.hangupChan(t2, 16);
    this.trunkCdrs(call, 'ANSWERED');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    v.deviceStateChange(TRUNK_DEVICE, 'NOT_INUSE');
    if (call.pub.state === 'elsewhere') {
      call.pub.state = 'ended';
      call.pub.endedAt = this.clock.now();
      this.stopTimers(call);
    } else {
      this.ended(call, call.pub.result ?? 'answered', 'caller');
    }
  }

  // ---- click-to-dial scenarios ---------------------------------------------------------------

  private originateDevice(channel: string): DeviceSpec | null {
    const spec = parseDevice(channel, this.opts.deviceContext);
    if (!spec) return null;
    if (spec.localContext) return spec.exten === this.device.exten ? spec : null;
    const same = spec.tech.toLowerCase() === this.device.tech.toLowerCase() && spec.exten === this.device.exten;
    return same ? this.device : null;
  }

  private startOriginate(call: OutCall): void {
    const { req, spec } = call;
    if (!spec || call.pub.outcome === 'nosuch') {
      // Local/199@phones (no such extension) or SIP/101 without chan_sip: no channel is ever
      // created, the OriginateResponse says Failure with Reason 0 (§4 "c2d-nosuch", "c2d-badtech").
      this.settleOriginate(call, false, 0, null);
      this.ended(call, 'failed', null);
      return;
    }
    const cid = req.callerId !== '' ? parseCallerId(req.callerId) : null;
    const dev = this.createLeg(call, spec, null, {
      mainCid: cid,
      mainCon: cid,
      handsetCid: cid,
      handsetCon: cid,
      connectedLate: true,
    });
    call.dev = dev;
    call.pub.deviceChannel = dev.main.name;
    call.pub.linkedid = dev.main.linkedid;
    dev.main.app = 'AppDial2';
    dev.main.appData = '(Outgoing Line)';
    this.rebindChannels(call);
    const v = this.v;
    v.dialBegin(null, dev.main, spec.dialString);
    if (call.pub.outcome === 'busy') {
      v.dialEnd(null, dev.main, 'BUSY');
      this.endLeg(dev, 17, 'self');
      this.settleOriginate(call, false, 5, null);
      this.ended(call, 'busy', 'device');
      return;
    }
    this.ringLeg(dev, 'qms-first');
    v.dialState(null, dev.main, 'RINGING');
    if (call.pub.outcome === 'answer') {
      this.later(call, this.opts.ringMs, () => {
        if (call.pub.state !== 'ringing') return;
        this.answerOriginate(call);
        this.finish(call);
      });
    } else if (call.pub.outcome === 'noanswer') {
      this.later(call, req.timeoutMs, () => {
        if (call.pub.state !== 'ringing' || !call.dev) return;
        v.dialEnd(null, call.dev.main, 'NOANSWER');
        // main/dial.c hangs the leg up on timeout without setting a cause.
        this.endLeg(call.dev, 0, 'dropped');
        this.settleOriginate(call, false, 3, null);
        this.ended(call, 'noanswer', null);
        this.finish(call);
      });
    }
  }

  /** §4: the phone answers → OriginateResponse Success Reason 4 → [outbound] dials the number. */
  private answerOriginate(call: OutCall): void {
    const dev = call.dev;
    if (!dev) return;
    const v = this.v;
    const main = dev.main;
    const now = this.clock.now();
    v.dialplanStep(main, 'AppDial2', '(Outgoing Line)');
    if (dev.handset) {
      dev.handset.state = 6;
      dev.handset.context = 'desk';
      dev.handset.priority = 6;
      dev.handset.answeredAt = now;
      dev.handset.app = 'Wait';
      dev.handset.appData = '60';
      v.newstate(dev.handset);
    }
    main.state = 6;
    main.answeredAt = now;
    v.newstate(main);
    v.dialEnd(null, main, 'ANSWER');
    call.pub.answeredAt = now;
    this.settleOriginate(call, true, 4, main);
    if (call.req.application !== '') {
      main.app = call.req.application;
      main.appData = call.req.data;
      this.deviceInUse(dev.spec);
      call.pub.state = 'connected';
      call.pub.result = 'answered';
      return;
    }
    const number = call.req.exten;
    // The recorded [outbound] context first gives the phone its own caller ID (sub-phone-cid).
    main.context = 'sub-phone-cid';
    main.exten = 's';
    main.priority = 5;
    main.cidNum = dev.spec.exten;
    v.newCallerid(main);
    main.priority = 6;
    main.cidName = this.opts.deviceName;
    v.newCallerid(main);
    const [f1, f2] = this.localPair(call, `${number}@pstn`, 'pstn', number, main.linkedid);
    call.f1 = f1;
    call.f2 = f2;
    this.rebindChannels(call);
    v.newchannel(f1);
    v.newchannel(f2);
    f1.cidNum = number;
    f1.cidName = number;
    f1.conNum = main.cidNum;
    f1.conName = main.cidName;
    v.newCallerid(f1);
    v.newConnectedLine(f1);
    f2.cidNum = main.cidNum;
    f2.cidName = main.cidName;
    f2.conNum = number;
    f2.conName = number;
    v.newCallerid(f2);
    v.newConnectedLine(f2);
    v.localBridge(f1, f2);
    main.context = call.req.context;
    main.exten = number;
    main.priority = 4;
    main.app = 'Dial';
    main.appData = `Local/${number}@pstn,60`;
    v.dialBegin(main, f1, `${number}@pstn`);
    f1.state = 5;
    v.newstate(f1);
    if (dev.spec.localContext) {
      v.deviceStateChange(dev.spec.device, 'INUSE');
      v.deviceStateChange(dev.spec.device, 'INUSE');
    }
    v.deviceStateChange(`Local/${number}@pstn`, 'INUSE');
    v.dialState(main, f1, 'RINGING');
    this.deviceInUse(dev.spec);
    call.pub.state = 'dialing';
    this.later(call, this.opts.farRingMs, () => {
      if (call.pub.state !== 'dialing') return;
      this.farAnswers(call);
      this.finish(call);
    });
  }

  private farAnswers(call: OutCall): void {
    const { dev, f1, f2 } = call;
    if (!dev || !f1 || !f2) return;
    const v = this.v;
    const main = dev.main;
    const number = call.req.exten;
    const now = this.clock.now();
    v.dialplanStep(f2, 'Answer', '');
    f1.state = 6;
    f1.answeredAt = now;
    v.newstate(f1);
    f1.exten = '';
    if (main.conNum !== number && call.req.callerId === '') {
      main.conNum = number;
      main.conName = '';
      v.newConnectedLine(main);
    }
    v.dialEnd(main, f1, 'ANSWER');
    v.deviceStateChange(`Local/${number}@pstn`, 'INUSE');
    const bridge = this.newBridge();
    call.bridge = bridge;
    v.bridgeCreate(bridge);
    this.enter(bridge, f1);
    f2.state = 6;
    f2.answeredAt = now;
    f2.priority = 4;
    v.newstate(f2);
    // The recorded [pstn] context answers, then Waits (TALK_SECONDS when the Originate set it).
    f2.priority = 5;
    f2.app = 'Wait';
    f2.appData = /^TALK_SECONDS=(\d+)$/.exec(call.req.variables.find((x) => x.startsWith('TALK_SECONDS=')) ?? '')?.[1] ?? '60';
    this.enter(bridge, main);
    v.deviceStateChange(`Local/${number}@pstn`, 'INUSE');
    call.pub.state = 'connected';
    call.pub.result = 'answered';
    if (this.opts.talkMs > 0) {
      // Like TALK_SECONDS in the recording: the phone hangs up after talking.
      this.later(call, this.opts.talkMs, () => {
        if (call.pub.state !== 'connected' && call.pub.state !== 'held') return;
        this.outHangup(call, 'device', false);
        this.finish(call);
      });
    }
  }

  /** Any hang-up of an outgoing call, by the device or the far end, in any state. */
  private outHangup(call: OutCall, who: 'device' | 'far', viaAmi: boolean, amiCause = 0): void {
    const dev = call.dev;
    if (!dev) {
      throw new PbxStateError(`call ${call.pub.id} has no channel yet`);
    }
    const v = this.v;
    const state = call.pub.state;
    if (state === 'ringing') {
      // The phone rejects (or an AMI Hangup hits the ringing leg): Reason 1, "hung up".
      if (who === 'far') throw new PbxStateError(`call ${call.pub.id}: the far end is not dialled yet`);
      const cause = viaAmi ? amiCause : 21;
      if (viaAmi) v.softHangupRequest(dev.main, 16);
      else v.hangupRequest(dev.main, cause);
      v.dialEnd(null, dev.main, dialStatusForCause(cause));
      this.endLeg(dev, cause, 'self');
      this.settleOriginate(call, false, 1, null);
      this.ended(call, 'rejected', 'device');
      return;
    }
    const { f1, f2 } = call;
    const number = call.req.exten;
    const farDevice = `Local/${number}@pstn`;
    if (state === 'dialing' && f1 && f2) {
      // Hang-up while the far end still rings: the device gave up (or the far end refused).
      const cause = who === 'far' ? 21 : 16;
      v.dialplanStep(dev.main, 'Dial', dev.main.appData);
      if (who === 'device') {
        if (dev.handset) v.softHangupRequest(dev.handset, 16);
        v.hangupRequest(dev.main, viaAmi ? amiCause : 16);
      }
      v.dialEnd(dev.main, f1, who === 'far' ? dialStatusForCause(cause) : 'CANCEL');
      v.hangupRequest(f2, 16);
      this.hangupChan(f1, cause);
      this.hangupChan(f2, cause);
      v.deviceStateChange(farDevice, 'NOT_INUSE');
      v.deviceStateChange(farDevice, 'NOT_INUSE');
      this.endLeg(dev, viaAmi ? amiCause : 16, 'self');
      this.outCdr(call, 'NO ANSWER');
      this.ended(call, 'answered', who === 'far' ? 'remote' : 'device');
      return;
    }
    // Connected (or held).
    const bridge = call.bridge;
    if (!f1 || !f2) {
      // Application originate: nobody else on the call.
      this.endLeg(dev, viaAmi ? amiCause : 16, 'self');
      this.ended(call, 'answered', 'device');
      return;
    }
    if (who === 'device') {
      const c0 = viaAmi ? amiCause : 16;
      v.dialplanStep(dev.handset ?? dev.main, 'Hangup', '');
      if (dev.handset) {
        // §4 events 45–66: TALK_SECONDS made the handset side hang up.
        this.deviceIdle(dev.spec, 'exten-soft-first', dev.handset, viaAmi ? 8 : 9);
        v.hangupRequest(dev.main, c0);
        this.hangupChan(dev.handset, c0);
        if (bridge) this.leave(bridge, dev.main);
        this.handsetCdr(dev, 'ANSWERED');
        this.farCdr(call);
        this.outCdr(call, 'ANSWERED');
        v.deviceStateChange(dev.spec.device, 'NOT_INUSE');
      } else {
        if (viaAmi) v.softHangupRequest(dev.main, 16);
        else v.hangupRequest(dev.main, 16);
        this.deviceIdle(dev.spec, 'exten-first');
        if (bridge) this.leave(bridge, dev.main);
        this.farCdr(call);
      }
      if (bridge) {
        this.leave(bridge, f1);
        v.bridgeDestroy(bridge);
        call.bridge = null;
      }
      v.hangupRequest(f2, 16);
      this.hangupChan(f1, 16);
      v.softHangupRequest(f2, 16);
      this.hangupChan(f2, 16);
      if (dev.handset) {
        v.softHangupRequest(dev.main, 16);
        this.hangupChan(dev.main, 16);
      } else {
        this.hangupChan(dev.main, c0);
        this.outCdr(call, 'ANSWERED');
      }
      dev.alive = false;
      v.deviceStateChange(farDevice, 'NOT_INUSE');
      v.deviceStateChange(farDevice, 'NOT_INUSE');
      if (dev.handset) v.deviceStateChange(dev.spec.device, 'NOT_INUSE');
      this.ended(call, 'answered', 'device');
      return;
    }
    // The far end hangs up.
    v.dialplanStep(f2, 'Hangup', '');
    v.softHangupRequest(f2, 16);
    v.hangupRequest(f1, viaAmi ? amiCause : 16);
    this.hangupChan(f2, 16);
    if (bridge) this.leave(bridge, f1);
    this.hangupChan(f1, viaAmi ? amiCause : 16);
    this.farCdr(call);
    if (bridge) {
      this.leave(bridge, dev.main);
      v.bridgeDestroy(bridge);
      call.bridge = null;
    }
    v.deviceStateChange(farDevice, 'NOT_INUSE');
    v.deviceStateChange(farDevice, 'NOT_INUSE');
    this.endLeg(dev, 16, 'peer');
    this.outCdr(call, 'ANSWERED');
    this.ended(call, 'answered', 'remote');
  }

  private settleOriginate(call: OutCall, success: boolean, reason: number, chan: Chan | null): void {
    if (call.settled) return;
    call.settled = true;
    const { req } = call;
    if (call.syncDone) {
      call.syncDone(success);
      return;
    }
    const cid = req.callerId !== '' ? parseCallerId(req.callerId) : { num: '', name: '' };
    this.v.originateResponse({
      actionId: req.actionId,
      success,
      channel: chan ? chan.name : req.channel,
      context: req.context,
      exten: req.exten,
      application: req.application,
      data: req.data,
      reason,
      uniqueid: chan ? chan.uniqueid : req.channelId !== '' ? req.channelId : '<unknown>',
      cidNum: cid.num,
      cidName: cid.name,
    });
  }

  // ---- building blocks -----------------------------------------------------------------------

  private createLeg(
    call: CallBase,
    spec: DeviceSpec,
    linkedid: string | null,
    ids: {
      mainCid: { num: string; name: string } | null;
      mainCon: { num: string; name: string } | null;
      handsetCid: { num: string; name: string } | null;
      handsetCon: { num: string; name: string } | null;
      /** Originate sets the caller ID first and the connected line after it (§4 #3–#4). */
      connectedLate?: boolean;
    },
  ): Leg {
    const v = this.v;
    const apply = (c: Chan, cid: { num: string; name: string } | null, con: { num: string; name: string } | null): void => {
      if (cid) {
        c.cidNum = cid.num;
        c.cidName = cid.name;
      }
      if (con) {
        c.conNum = con.num;
        c.conName = con.name;
      }
    };
    if (spec.localContext) {
      const [main, handset] = this.localPair(call, spec.dialString, spec.localContext, spec.exten, linkedid);
      main.app = 'AppDial';
      main.appData = '(Outgoing Line)';
      v.newchannel(main);
      v.newchannel(handset);
      if (ids.mainCid || ids.mainCon) {
        apply(main, ids.mainCid, ids.connectedLate ? null : ids.mainCon);
        v.newCallerid(main);
        apply(main, null, ids.mainCon);
        v.newConnectedLine(main);
      }
      if (ids.handsetCid || ids.handsetCon) {
        apply(handset, ids.handsetCid, ids.handsetCon);
        v.newCallerid(handset);
        v.newConnectedLine(handset);
      }
      v.localBridge(main, handset);
      return { spec, main, handset, alive: true };
    }
    const main = this.newChan(call, `${spec.device}-${this.nextSuffix()}`, {
      state: 0,
      context: this.opts.deviceContext,
      exten: 's',
      linkedid,
    });
    main.app = 'AppDial';
    main.appData = '(Outgoing Line)';
    v.newchannel(main);
    if (ids.mainCid || ids.mainCon) {
      apply(main, ids.mainCid, ids.connectedLate ? null : ids.mainCon);
      v.newCallerid(main);
      apply(main, null, ids.mainCon);
      v.newConnectedLine(main);
    }
    return { spec, main, handset: null, alive: true };
  }

  /** The device leg starts ringing: hint state, queue member state, Newstate Ringing. */
  private ringLeg(leg: Leg, order: 'dsc-first' | 'qms-first'): void {
    const v = this.v;
    const s = leg.spec;
    v.extensionStatus(s.exten, s.hintContext, s.hint, 8);
    if (order === 'dsc-first') {
      v.deviceStateChange(s.hint, 'RINGING');
      v.queueMemberStatus(s.queueMember, 6);
    } else {
      v.queueMemberStatus(s.queueMember, 6);
      v.deviceStateChange(s.hint, 'RINGING');
    }
    leg.main.state = 5;
    v.newstate(leg.main);
    if (order === 'qms-first' && s.localContext) v.deviceStateChange(s.device, 'INUSE');
  }

  private deviceInUse(s: DeviceSpec): void {
    this.v.extensionStatus(s.exten, s.hintContext, s.hint, 1);
    this.v.queueMemberStatus(s.queueMember, 2);
    this.v.deviceStateChange(s.hint, 'INUSE');
  }

  private deviceIdle(s: DeviceSpec, order: 'exten-first' | 'exten-soft-first', soft?: Chan, softPriority = 9): void {
    this.v.extensionStatus(s.exten, s.hintContext, s.hint, 0);
    if (order === 'exten-soft-first' && soft) {
      soft.priority = softPriority;
      if (softPriority === 9) {
        soft.app = 'Hangup';
        soft.appData = '';
      }
      this.v.softHangupRequest(soft, 16);
    }
    this.v.queueMemberStatus(s.queueMember, 1);
    this.v.deviceStateChange(s.hint, 'NOT_INUSE');
  }

  /**
   * Ends a device leg. `dropped`: Dial hung it up (answered elsewhere, caller gone, timeout);
   * `self`: the phone itself ended it (busy, reject); `peer`: its bridge peer went away.
   */
  private endLeg(leg: Leg, cause: number, how: 'dropped' | 'self' | 'peer'): void {
    if (!leg.alive) return;
    leg.alive = false;
    const v = this.v;
    if (leg.handset) {
      if (how === 'peer') v.softHangupRequest(leg.main, 16);
      v.hangupRequest(leg.handset, cause);
      this.hangupChan(leg.main, cause);
      this.hangupChan(leg.handset, cause);
    } else {
      if (how === 'peer') v.softHangupRequest(leg.main, 16);
      this.hangupChan(leg.main, cause);
    }
    // A leg that never rang (busy at once) never changed the hint state.
    if (how !== 'self' || leg.main.state !== 0) {
      this.deviceIdle(leg.spec, 'exten-first');
      if (leg.spec.localContext) v.deviceStateChange(leg.spec.device, 'NOT_INUSE');
    }
  }

  private hangupChan(c: Chan, cause: number): void {
    if (c.hungUp) return;
    c.hungUp = true;
    this.v.hangup(c, cause);
    this.live.delete(c.name);
  }

  private trunkCdrs(call: InCall, disposition: 'ANSWERED' | 'NO ANSWER' | 'BUSY'): void {
    const { t1, t2 } = call;
    const now = this.clock.now();
    const dest = call.winner?.main.name ?? call.dev.main.name;
    this.v.cdr({
      source: '',
      destination: 's',
      destinationContext: 'from-trunk',
      callerId: '"" <>',
      channel: t1.name,
      destinationChannel: '',
      lastApplication: 'Wait',
      lastData: '60',
      start: t1.createdAt,
      answer: t1.answeredAt,
      end: now,
      disposition,
      uniqueid: t1.uniqueid,
    });
    this.v.cdr({
      source: t2.cidNum,
      destination: this.device.exten,
      destinationContext: 'ext-local',
      callerId: `"${t2.cidName}" <${t2.cidNum}>`,
      channel: t2.name,
      destinationChannel: dest,
      lastApplication: 'Dial',
      lastData: t2.appData,
      start: t2.createdAt,
      answer: t2.answeredAt,
      end: now,
      disposition,
      uniqueid: t2.uniqueid,
    });
  }

  private handsetCdr(dev: Leg, disposition: 'ANSWERED' | 'NO ANSWER'): void {
    const hs = dev.handset;
    if (!hs) return;
    this.v.cdr({
      source: hs.cidNum,
      destination: dev.spec.exten,
      destinationContext: 'desk',
      callerId: `"${hs.cidName}" <${hs.cidNum}>`,
      channel: hs.name,
      destinationChannel: '',
      lastApplication: hs.app,
      lastData: hs.appData,
      start: hs.createdAt,
      answer: hs.answeredAt,
      end: this.clock.now(),
      disposition,
      uniqueid: hs.uniqueid,
    });
  }

  private farCdr(call: OutCall): void {
    const f2 = call.f2;
    if (!f2) return;
    this.v.cdr({
      source: f2.cidNum,
      destination: call.req.exten,
      destinationContext: 'pstn',
      callerId: `"${f2.cidName}" <${f2.cidNum}>`,
      channel: f2.name,
      destinationChannel: '',
      lastApplication: f2.app,
      lastData: f2.appData,
      start: f2.createdAt,
      answer: f2.answeredAt,
      end: this.clock.now(),
      disposition: f2.answeredAt === null ? 'NO ANSWER' : 'ANSWERED',
      uniqueid: f2.uniqueid,
    });
  }

  private outCdr(call: OutCall, disposition: 'ANSWERED' | 'NO ANSWER'): void {
    const dev = call.dev;
    if (!dev) return;
    const main = dev.main;
    this.v.cdr({
      source: main.cidNum,
      destination: call.req.exten,
      destinationContext: call.req.context,
      callerId: `"${main.cidName}" <${main.cidNum}>`,
      channel: main.name,
      destinationChannel: call.f1?.name ?? '',
      lastApplication: 'Dial',
      lastData: `Local/${call.req.exten}@pstn,60`,
      start: main.createdAt,
      answer: main.answeredAt,
      end: this.clock.now(),
      disposition,
      uniqueid: main.uniqueid,
    });
  }

  private newBridge(): Bridge {
    this.bridgeSeq++;
    return { id: bridgeUuid(this.bridgeSeq), members: [], entered: [], linked: false };
  }

  private enter(b: Bridge, c: Chan): void {
    b.members.push(c);
    b.entered.push(c);
    c.bridge = b;
    this.v.bridgeEnter(b, c);
  }

  private leave(b: Bridge, c: Chan): void {
    const i = b.members.indexOf(c);
    if (i < 0) return;
    b.members.splice(i, 1);
    c.bridge = null;
    this.v.bridgeLeave(b, c);
  }

  private localPair(call: CallBase, base: string, context: string, exten: string, linkedid: string | null): [Chan, Chan] {
    const suffix = this.nextSuffix();
    const one = this.newChan(call, `Local/${base}-${suffix};1`, { state: 0, context, exten, linkedid });
    const two = this.newChan(call, `Local/${base}-${suffix};2`, { state: 4, context, exten, linkedid: one.linkedid });
    return [one, two];
  }

  private newChan(call: CallBase, name: string, init: { state: number; context: string; exten: string; linkedid: string | null }): Chan {
    const now = this.clock.now();
    const uniqueid = `${Math.floor(now / 1000)}.${this.uidSeq++}`;
    const chan: Chan = {
      name,
      uniqueid,
      linkedid: init.linkedid ?? uniqueid,
      state: init.state,
      cidNum: '',
      cidName: '',
      conNum: '',
      conName: '',
      context: init.context,
      exten: init.exten,
      priority: 1,
      app: '',
      appData: '',
      createdAt: now,
      answeredAt: null,
      bridge: null,
      callId: call.pub.id,
      hungUp: false,
    };
    this.live.set(name, chan);
    call.pub.channels.push(name);
    return chan;
  }

  private nextSuffix(): string {
    return (this.chanSeq++).toString(16).padStart(8, '0');
  }

  /** Records which role each channel of a call plays, for the AMI Hangup action. */
  private rebindChannels(call: Call): void {
    const bind = (c: Chan | null, role: Role, leg: Leg | null): void => {
      if (c) this.byChannel.set(c.name, { call, role, leg });
    };
    if (call.kind === 'in') {
      bind(call.t1, 'trunk1', null);
      bind(call.t2, 'trunk2', null);
      for (const leg of call.legs) {
        bind(leg.main, 'main', leg);
        bind(leg.handset, 'handset', leg);
      }
    } else {
      if (call.dev) {
        bind(call.dev.main, 'main', call.dev);
        bind(call.dev.handset, 'handset', call.dev);
      }
      bind(call.f1, 'far1', null);
      bind(call.f2, 'far2', null);
    }
  }

  private peerOf(call: Call): Chan | null {
    return call.kind === 'in' ? call.t2 : call.f1;
  }

  private later(call: CallBase, ms: number, fn: () => void): void {
    const cancel = this.clock.after(ms, () => {
      call.cancels.delete(cancel);
      fn();
    });
    call.cancels.add(cancel);
  }

  private stopTimers(call: CallBase): void {
    for (const cancel of call.cancels) cancel();
    call.cancels.clear();
  }

  private ended(call: Call, result: CallResult, by: SimCall['endedBy']): void {
    call.pub.state = 'ended';
    call.pub.result = result;
    call.pub.endedBy = by;
    call.pub.endedAt = this.clock.now();
    this.stopTimers(call);
  }

  private pick(id: string | undefined, ok: (c: Call) => boolean, what: string): Call {
    if (id !== undefined && id !== '') {
      const call = this.calls.find((c) => c.pub.id === id);
      if (!call) throw new PbxStateError(`no call ${id}`);
      if (!ok(call)) throw new PbxStateError(`call ${id} is ${call.pub.state}, not ${what}`);
      return call;
    }
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i];
      if (call && ok(call)) return call;
    }
    throw new PbxStateError(`no ${what} call`);
  }

  private pickIncoming(id: string | undefined, what: CallState): InCall {
    const call = this.pick(id, (c) => c.kind === 'in' && c.pub.state === what, `${what} incoming`);
    if (call.kind !== 'in') throw new PbxStateError(`call ${call.pub.id} is not incoming`);
    return call;
  }

  private finish(call?: Call): SimCall {
    this.changed();
    const c = call ?? this.calls[this.calls.length - 1];
    if (!c) throw new PbxStateError('no call');
    return { ...c.pub, channels: [...c.pub.channels] };
  }
}

/** A stable, UUID-shaped bridge id (the recordings show UUIDs). */
function bridgeUuid(seq: number): string {
  const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0').slice(-len);
  const a = (0x65854a12 + seq * 0x9e3779b1) >>> 0;
  return `${hex(a, 8)}-${hex(seq * 0x4b08, 4)}-4${hex(seq * 0x0fe, 3)}-8${hex(seq * 0x2d, 3)}-${hex(0xf4c352ad9f37 + seq, 12)}`;
}
