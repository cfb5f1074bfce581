/**
 * How the simulated PBX's channel operations are rendered as AMI events, in two vocabularies:
 *
 * - `modern` (Asterisk 12+, Stasis): field sets, names and order exactly as the Asterisk 22.10.1
 *   recordings in reference/asterisk-ajam-transcripts.md §3–§4 (channel snapshots with `<unknown>`
 *   for empty caller/connected fields, DialBegin/DialState/DialEnd, Bridge*, Hangup with Cause-txt…);
 * - `v11` (Asterisk 11, pre-Stasis, reference/protocols.md §2.11): Newchannel without connected line
 *   and Linkedid, `Dial` with SubEvent Begin/End, `Bridge` Link/Unlink, `Hold` with Status On/Off,
 *   empty strings instead of `<unknown>`, no DialState/DeviceStateChange/(Soft)HangupRequest.
 *
 * The PBX model (pbx.ts) calls one method per thing that happens; each vocabulary decides what,
 * if anything, appears on the wire.
 */
import { CHANNEL_STATE_DESC, CLASS_BITS, causeText, type Field } from './ami.ts';

export interface Chan {
  name: string;
  uniqueid: string;
  linkedid: string;
  /** ChannelState number (0 Down, 4 Ring, 5 Ringing, 6 Up). */
  state: number;
  cidNum: string;
  cidName: string;
  conNum: string;
  conName: string;
  context: string;
  exten: string;
  priority: number;
  /** Current dialplan application and its data (CoreShowChannels). */
  app: string;
  appData: string;
  createdAt: number;
  answeredAt: number | null;
  bridge: Bridge | null;
  callId: string;
  hungUp: boolean;
}

export interface Bridge {
  id: string;
  members: Chan[];
  /** Channels in the order they entered: Asterisk 11's Bridge event names the later one Channel1. */
  entered: Chan[];
  linked: boolean;
}

/** The static part of a QueueMemberStatus event (a queue member in the recorded lab). */
export interface QueueMember {
  queue: string;
  memberName: string;
  iface: string;
  stateIface: string;
}

export interface CdrRecord {
  source: string;
  destination: string;
  destinationContext: string;
  callerId: string;
  channel: string;
  destinationChannel: string;
  lastApplication: string;
  lastData: string;
  start: number;
  answer: number | null;
  end: number;
  disposition: 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED';
  uniqueid: string;
}

export interface OriginateResult {
  actionId: string;
  success: boolean;
  channel: string;
  context: string;
  exten: string;
  application: string;
  data: string;
  reason: number;
  uniqueid: string;
  cidNum: string;
  cidName: string;
}

export type Publish = (name: string, category: number, fields: Field[]) => void;

export interface Vocabulary {
  newchannel(c: Chan): void;
  newCallerid(c: Chan): void;
  newConnectedLine(c: Chan): void;
  localBridge(one: Chan, two: Chan): void;
  dialBegin(caller: Chan | null, dest: Chan, dialString: string): void;
  dialState(caller: Chan | null, dest: Chan, status: string): void;
  dialEnd(caller: Chan | null, dest: Chan, status: string): void;
  newstate(c: Chan): void;
  /** A dialplan step nobody with read=call sees (class dialplan) — the kind that wakes WaitEvent. */
  dialplanStep(c: Chan, app: string, data: string): void;
  bridgeCreate(b: Bridge): void;
  bridgeEnter(b: Bridge, c: Chan): void;
  bridgeLeave(b: Bridge, c: Chan): void;
  bridgeDestroy(b: Bridge): void;
  hold(c: Chan): void;
  unhold(c: Chan): void;
  mohStart(c: Chan): void;
  mohStop(c: Chan): void;
  softHangupRequest(c: Chan, cause: number): void;
  hangupRequest(c: Chan, cause: number): void;
  hangup(c: Chan, cause: number): void;
  cdr(r: CdrRecord): void;
  deviceStateChange(device: string, state: string): void;
  extensionStatus(exten: string, context: string, hint: string, status: number): void;
  queueMemberStatus(m: QueueMember, status: number): void;
  originateResponse(r: OriginateResult): void;
  userEvent(fields: Field[]): void;
  security(name: string, fields: Field[]): void;
}

const CALL = CLASS_BITS.call;
const UNKNOWN = '<unknown>';
const CID_PRES: Field = ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'];

const EXTENSION_STATUS_TEXT: Readonly<Record<number, string>> = {
  [-2]: 'Removed',
  [-1]: 'Unknown',
  0: 'Idle',
  1: 'InUse',
  2: 'Busy',
  4: 'Unavailable',
  8: 'Ringing',
  9: 'InUse&Ringing',
  16: 'Hold',
  17: 'InUse&Hold',
};

/** CDR time format (UTC, like the recorded VM). */
function cdrTime(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function cdrFields(r: CdrRecord): Field[] {
  const duration = Math.max(0, Math.round((r.end - r.start) / 1000));
  const billable = r.answer === null ? 0 : Math.max(0, Math.round((r.end - r.answer) / 1000));
  return [
    ['AccountCode', ''],
    ['Source', r.source],
    ['Destination', r.destination],
    ['DestinationContext', r.destinationContext],
    ['CallerID', r.callerId],
    ['Channel', r.channel],
    ['DestinationChannel', r.destinationChannel],
    ['LastApplication', r.lastApplication],
    ['LastData', r.lastData],
    ['StartTime', cdrTime(r.start)],
    ['AnswerTime', cdrTime(r.answer)],
    ['EndTime', cdrTime(r.end)],
    ['Duration', String(duration)],
    ['BillableSeconds', String(billable)],
    ['Disposition', r.disposition],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', r.uniqueid],
    ['UserField', ''],
  ];
}

function originateFields(r: OriginateResult): Field[] {
  const fields: Field[] = [];
  if (r.actionId !== '') fields.push(['ActionID', r.actionId]);
  fields.push(['Response', r.success ? 'Success' : 'Failure'], ['Channel', r.channel]);
  if (r.application !== '') fields.push(['Application', r.application], ['Data', r.data]);
  else fields.push(['Context', r.context], ['Exten', r.exten]);
  fields.push(
    ['Reason', String(r.reason)],
    ['Uniqueid', r.uniqueid],
    ['CallerIDNum', r.cidNum === '' ? UNKNOWN : r.cidNum],
    ['CallerIDName', r.cidName === '' ? UNKNOWN : r.cidName],
  );
  return fields;
}

// ---- Asterisk 12+ --------------------------------------------------------------------------------

/** `ast_manager_build_channel_state_string_prefix`. */
export function snapshot(c: Chan, prefix = ''): Field[] {
  return [
    [`${prefix}Channel`, c.name],
    [`${prefix}ChannelState`, String(c.state)],
    [`${prefix}ChannelStateDesc`, CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, c.cidNum || UNKNOWN],
    [`${prefix}CallerIDName`, c.cidName || UNKNOWN],
    [`${prefix}ConnectedLineNum`, c.conNum || UNKNOWN],
    [`${prefix}ConnectedLineName`, c.conName || UNKNOWN],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, c.context],
    [`${prefix}Exten`, c.exten],
    [`${prefix}Priority`, String(c.priority)],
    [`${prefix}Uniqueid`, c.uniqueid],
    [`${prefix}Linkedid`, c.linkedid],
  ];
}

function bridgeSnapshot(b: Bridge): Field[] {
  return [
    ['BridgeUniqueid', b.id],
    ['BridgeType', 'basic'],
    ['BridgeTechnology', 'simple_bridge'],
    ['BridgeCreator', UNKNOWN],
    ['BridgeName', UNKNOWN],
    ['BridgeNumChannels', String(b.members.length)],
    ['BridgeVideoSourceMode', 'none'],
  ];
}

export class ModernVocabulary implements Vocabulary {
  constructor(private readonly publish: Publish) {}

  private call(name: string, fields: Field[]): void {
    this.publish(name, CALL, fields);
  }

  newchannel(c: Chan): void {
    this.call('Newchannel', snapshot(c));
  }
  newCallerid(c: Chan): void {
    this.call('NewCallerid', [...snapshot(c), CID_PRES]);
  }
  newConnectedLine(c: Chan): void {
    this.call('NewConnectedLine', snapshot(c));
  }
  localBridge(one: Chan, two: Chan): void {
    this.call('LocalBridge', [
      ...snapshot(one, 'LocalOne'),
      ...snapshot(two, 'LocalTwo'),
      ['Context', one.context],
      ['Exten', one.exten],
      ['LocalOptimization', 'Yes'],
    ]);
  }
  dialBegin(caller: Chan | null, dest: Chan, dialString: string): void {
    this.call('DialBegin', [...(caller ? snapshot(caller) : []), ...snapshot(dest, 'Dest'), ['DialString', dialString]]);
  }
  dialState(caller: Chan | null, dest: Chan, status: string): void {
    this.call('DialState', [...(caller ? snapshot(caller) : []), ...snapshot(dest, 'Dest'), ['DialStatus', status]]);
  }
  dialEnd(caller: Chan | null, dest: Chan, status: string): void {
    this.call('DialEnd', [...(caller ? snapshot(caller) : []), ...snapshot(dest, 'Dest'), ['DialStatus', status]]);
  }
  newstate(c: Chan): void {
    this.call('Newstate', snapshot(c));
  }
  dialplanStep(c: Chan, app: string, data: string): void {
    this.publish('NewExten', CLASS_BITS.dialplan, [
      ...snapshot(c),
      ['Extension', c.exten],
      ['Application', app],
      ['AppData', data],
    ]);
  }
  bridgeCreate(b: Bridge): void {
    this.call('BridgeCreate', bridgeSnapshot(b));
  }
  bridgeEnter(b: Bridge, c: Chan): void {
    this.call('BridgeEnter', [...bridgeSnapshot(b), ...snapshot(c)]);
  }
  bridgeLeave(b: Bridge, c: Chan): void {
    this.call('BridgeLeave', [...bridgeSnapshot(b), ...snapshot(c)]);
  }
  bridgeDestroy(b: Bridge): void {
    this.call('BridgeDestroy', bridgeSnapshot(b));
  }
  hold(c: Chan): void {
    this.call('Hold', snapshot(c));
  }
  unhold(c: Chan): void {
    this.call('Unhold', snapshot(c));
  }
  mohStart(c: Chan): void {
    this.call('MusicOnHoldStart', [...snapshot(c), ['Class', 'default']]);
  }
  mohStop(c: Chan): void {
    this.call('MusicOnHoldStop', snapshot(c));
  }
  softHangupRequest(c: Chan, cause: number): void {
    this.call('SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
  }
  hangupRequest(c: Chan, cause: number): void {
    this.call('HangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
  }
  hangup(c: Chan, cause: number): void {
    this.call('Hangup', [...snapshot(c), ['Cause', String(cause)], ['Cause-txt', causeText(cause)]]);
  }
  cdr(r: CdrRecord): void {
    this.publish('Cdr', CLASS_BITS.cdr, cdrFields(r));
  }
  deviceStateChange(device: string, state: string): void {
    this.call('DeviceStateChange', [
      ['Device', device],
      ['State', state],
    ]);
  }
  extensionStatus(exten: string, context: string, hint: string, status: number): void {
    this.call('ExtensionStatus', [
      ['Exten', exten],
      ['Context', context],
      ['Hint', hint],
      ['Status', String(status)],
      ['StatusText', EXTENSION_STATUS_TEXT[status] ?? 'Unknown'],
    ]);
  }
  queueMemberStatus(m: QueueMember, status: number): void {
    this.publish('QueueMemberStatus', CLASS_BITS.agent, [
      ['Queue', m.queue],
      ['MemberName', m.memberName],
      ['Interface', m.iface],
      ['StateInterface', m.stateIface],
      ['Membership', 'static'],
      ['Penalty', '0'],
      ['CallsTaken', '0'],
      ['LastCall', '0'],
      ['LastPause', '0'],
      ['LoginTime', '1795238823'],
      ['InCall', '0'],
      ['Status', String(status)],
      ['Paused', '0'],
      ['PausedReason', ''],
      ['Ringinuse', '0'],
      ['Wrapuptime', '0'],
    ]);
  }
  originateResponse(r: OriginateResult): void {
    this.call('OriginateResponse', originateFields(r));
  }
  userEvent(fields: Field[]): void {
    this.publish('UserEvent', CLASS_BITS.user, fields);
  }
  security(name: string, fields: Field[]): void {
    this.publish(name, CLASS_BITS.security, fields);
  }
}

// ---- Asterisk 11 ---------------------------------------------------------------------------------

export class V11Vocabulary implements Vocabulary {
  constructor(private readonly publish: Publish) {}

  private call(name: string, fields: Field[]): void {
    this.publish(name, CALL, fields);
  }

  newchannel(c: Chan): void {
    this.call('Newchannel', [
      ['Channel', c.name],
      ['ChannelState', String(c.state)],
      ['ChannelStateDesc', CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
      ['CallerIDNum', c.cidNum],
      ['CallerIDName', c.cidName],
      ['AccountCode', ''],
      ['Exten', c.exten],
      ['Context', c.context],
      ['Uniqueid', c.uniqueid],
    ]);
  }
  newCallerid(c: Chan): void {
    this.call('NewCallerid', [
      ['Channel', c.name],
      ['CallerIDNum', c.cidNum],
      ['CallerIDName', c.cidName],
      ['Uniqueid', c.uniqueid],
      CID_PRES,
    ]);
  }
  newConnectedLine(): void {
    // NewConnectedLine appeared in 13.13/14.2; Asterisk 11 only shows it inside Newstate/Dial.
  }
  localBridge(one: Chan, two: Chan): void {
    this.call('LocalBridge', [
      ['Channel1', one.name],
      ['Channel2', two.name],
      ['Uniqueid1', one.uniqueid],
      ['Uniqueid2', two.uniqueid],
      ['CallerID1', one.cidNum],
      ['CallerID2', two.cidNum],
      ['Context', one.context],
      ['Exten', one.exten],
      ['LocalOptimization', 'Yes'],
    ]);
  }
  dialBegin(caller: Chan | null, dest: Chan, dialString: string): void {
    // An Originate's first leg has no calling channel: Asterisk 11 reports no Dial for it.
    if (!caller) return;
    this.call('Dial', [
      ['SubEvent', 'Begin'],
      ['Channel', caller.name],
      ['Destination', dest.name],
      ['CallerIDNum', caller.cidNum],
      ['CallerIDName', caller.cidName],
      ['ConnectedLineNum', caller.conNum],
      ['ConnectedLineName', caller.conName],
      ['UniqueID', caller.uniqueid],
      ['DestUniqueID', dest.uniqueid],
      ['Dialstring', dialString],
    ]);
  }
  dialState(): void {
    // DialState is new in Asterisk 14.
  }
  dialEnd(caller: Chan | null, _dest: Chan, status: string): void {
    if (!caller) return;
    this.call('Dial', [
      ['SubEvent', 'End'],
      ['Channel', caller.name],
      ['UniqueID', caller.uniqueid],
      ['DialStatus', status],
    ]);
  }
  newstate(c: Chan): void {
    this.call('Newstate', [
      ['Channel', c.name],
      ['ChannelState', String(c.state)],
      ['ChannelStateDesc', CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
      ['CallerIDNum', c.cidNum],
      ['CallerIDName', c.cidName],
      ['ConnectedLineNum', c.conNum],
      ['ConnectedLineName', c.conName],
      ['Uniqueid', c.uniqueid],
    ]);
  }
  dialplanStep(c: Chan, app: string, data: string): void {
    this.publish('Newexten', CLASS_BITS.dialplan, [
      ['Channel', c.name],
      ['Context', c.context],
      ['Extension', c.exten],
      ['Priority', String(c.priority)],
      ['Application', app],
      ['AppData', data],
      ['Uniqueid', c.uniqueid],
    ]);
  }
  bridgeCreate(): void {}
  bridgeEnter(b: Bridge): void {
    if (b.members.length === 2 && !b.linked) {
      b.linked = true;
      this.bridgeEvent(b, 'Link');
    }
  }
  bridgeLeave(b: Bridge): void {
    if (b.linked) {
      b.linked = false;
      this.bridgeEvent(b, 'Unlink');
    }
  }
  bridgeDestroy(): void {}
  private bridgeEvent(b: Bridge, state: 'Link' | 'Unlink'): void {
    const [first, second] = b.entered;
    if (!first || !second) return;
    // Channel1 is the calling side: in every recorded call the callee enters the bridge first.
    this.call('Bridge', [
      ['Bridgestate', state],
      ['Bridgetype', 'core'],
      ['Channel1', second.name],
      ['Channel2', first.name],
      ['Uniqueid1', second.uniqueid],
      ['Uniqueid2', first.uniqueid],
      ['CallerID1', second.cidNum],
      ['CallerID2', first.cidNum],
    ]);
  }
  hold(c: Chan): void {
    this.call('Hold', [
      ['Status', 'On'],
      ['Channel', c.name],
      ['Uniqueid', c.uniqueid],
    ]);
  }
  unhold(c: Chan): void {
    this.call('Hold', [
      ['Status', 'Off'],
      ['Channel', c.name],
      ['Uniqueid', c.uniqueid],
    ]);
  }
  mohStart(): void {}
  mohStop(): void {}
  softHangupRequest(): void {}
  hangupRequest(): void {}
  hangup(c: Chan, cause: number): void {
    this.call('Hangup', [
      ['Channel', c.name],
      ['Uniqueid', c.uniqueid],
      ['CallerIDNum', c.cidNum],
      ['CallerIDName', c.cidName],
      ['ConnectedLineNum', c.conNum],
      ['ConnectedLineName', c.conName],
      ['AccountCode', ''],
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
    ]);
  }
  cdr(r: CdrRecord): void {
    this.publish('Cdr', CLASS_BITS.cdr, cdrFields(r));
  }
  deviceStateChange(): void {
    // DeviceStateChange is an Asterisk 12 event.
  }
  extensionStatus(exten: string, context: string, hint: string, status: number): void {
    this.call('ExtensionStatus', [
      ['Exten', exten],
      ['Context', context],
      ['Hint', hint],
      ['Status', String(status)],
    ]);
  }
  queueMemberStatus(m: QueueMember, status: number): void {
    this.publish('QueueMemberStatus', CLASS_BITS.agent, [
      ['Queue', m.queue],
      ['Location', m.iface],
      ['MemberName', m.memberName],
      ['StateInterface', m.stateIface],
      ['Membership', 'static'],
      ['Penalty', '0'],
      ['CallsTaken', '0'],
      ['LastCall', '0'],
      ['Status', String(status)],
      ['Paused', '0'],
    ]);
  }
  originateResponse(r: OriginateResult): void {
    this.call('OriginateResponse', originateFields(r));
  }
  userEvent(fields: Field[]): void {
    this.publish('UserEvent', CLASS_BITS.user, fields);
  }
  security(name: string, fields: Field[]): void {
    this.publish(name, CLASS_BITS.security, fields);
  }
}
