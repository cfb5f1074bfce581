// The channel facts an AMI event carries, read the same way for both vocabularies:
// Asterisk 12+ channel snapshots (optionally `Dest`-prefixed, protocols.md §2.10) and the flatter
// Asterisk 11 events (§2.11). Header lookup is case-insensitive, so 11's `UniqueID` and
// CoreShowChannel's `CallerIDnum` need no special case.
import { eventName, readField, type AmiPacket } from './rawman.ts';

/** ChannelState numbers (main/channel.c ast_state2str, §2.10). */
export const ChannelState = {
  down: 0,
  /** A channel the phone itself opened: it is placing a call. */
  ring: 4,
  /** This device is ringing. */
  ringing: 5,
  up: 6,
} as const;

export interface ChannelSnapshot {
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly state: number | undefined;
  readonly callerNum: string;
  readonly callerName: string;
  readonly connectedNum: string;
  readonly connectedName: string;
  readonly exten: string;
}

export function snapshotOf(packet: AmiPacket, prefix = ''): ChannelSnapshot {
  const get = (name: string) => readField(packet, `${prefix}${name}`);
  const state = Number.parseInt(get('ChannelState'), 10);
  return {
    channel: get('Channel'),
    uniqueid: get('Uniqueid'),
    linkedid: get('Linkedid'),
    state: Number.isNaN(state) ? undefined : state,
    callerNum: get('CallerIDNum'),
    callerName: get('CallerIDName'),
    connectedNum: get('ConnectedLineNum'),
    connectedName: get('ConnectedLineName'),
    // CoreShowChannel in Asterisk 11 says Extension.
    exten: get('Exten') || get('Extension'),
  };
}

const EMPTY_SNAPSHOT: Omit<ChannelSnapshot, 'channel' | 'uniqueid'> = {
  linkedid: '',
  state: undefined,
  callerNum: '',
  callerName: '',
  connectedNum: '',
  connectedName: '',
  exten: '',
};

export interface DialEvent {
  readonly phase: 'begin' | 'progress' | 'end';
  /** The dialling channel; absent when an Originate rings the device (transcripts §4: no `Channel`). */
  readonly source: ChannelSnapshot | undefined;
  /** The dialled channel; absent in Asterisk 11's Dial End, which names only the caller. */
  readonly dest: ChannelSnapshot | undefined;
  /** DialStatus, upper-cased ('' while dialling). */
  readonly status: string;
  readonly dialString: string;
}

/** DialBegin / DialState / DialEnd (12+) and Dial with SubEvent Begin/End (11), alike. */
export function dialEventOf(packet: AmiPacket): DialEvent | undefined {
  const name = eventName(packet).toLowerCase();
  const status = readField(packet, 'DialStatus').toUpperCase();
  const dialString = readField(packet, 'DialString');
  if (name === 'dialbegin' || name === 'dialstate' || name === 'dialend') {
    const phase = name === 'dialbegin' ? 'begin' : name === 'dialstate' ? 'progress' : 'end';
    const source = readField(packet, 'Channel') ? snapshotOf(packet) : undefined;
    const dest = readField(packet, 'DestChannel') ? snapshotOf(packet, 'Dest') : undefined;
    return { phase, source, dest, status, dialString };
  }
  if (name === 'dial') {
    const subEvent = readField(packet, 'SubEvent').toLowerCase();
    const source = readField(packet, 'Channel') ? snapshotOf(packet) : undefined;
    if (subEvent === 'begin') {
      const channel = readField(packet, 'Destination');
      const dest = channel ? { ...EMPTY_SNAPSHOT, channel, uniqueid: readField(packet, 'DestUniqueID') } : undefined;
      return { phase: 'begin', source, dest, status, dialString };
    }
    if (subEvent === 'end') return { phase: 'end', source, dest: undefined, status, dialString };
  }
  return undefined;
}

/** An Exten that is a number someone dialled (not 's', 'h' or a pattern). */
export function dialledNumberIn(exten: string): string {
  return /^\+?[0-9*#]+$/.test(exten) ? exten : '';
}

/**
 * The number inside a DialString when the dialplan left no usable Exten (FreePBX runs outbound
 * routes in subroutines at extension 's'): `74950000000@pstn`, `trunk/74950000000`,
 * `74950000000@trunk`, `trunk/sip:74950000000@host`.
 */
export function numberInDialString(dialString: string): string {
  for (const part of dialString.split(/[@/]/)) {
    const number = dialledNumberIn(part.replace(/^sips?:/i, ''));
    if (number) return number;
  }
  return '';
}
