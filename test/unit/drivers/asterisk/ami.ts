// Test helpers: the recorded replies of test/fixtures/asterisk, and builders for hand-written AMI
// events with every field in the order Asterisk emits them (12+: main/manager_channels.c channel
// snapshots, as in the transcripts; 11: protocols.md §2.11). Events are rendered as CRLF text and
// parsed by the real parser, so every test also runs parseRawmanPackets.
import { readFileSync } from 'node:fs';
import { parseRawmanPackets, type AmiPacket } from '../../../../src/drivers/asterisk/rawman.ts';

const FIXTURES = new URL('../../../fixtures/asterisk/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** The body of a recorded HTTP reply (what fetch().text() gives the driver). */
export function httpBody(reply: string): string {
  const at = reply.indexOf('\r\n\r\n');
  return at < 0 ? '' : reply.slice(at + 4);
}

export function fixtureBody(name: string): string {
  return httpBody(fixture(name));
}

function packet(lines: readonly string[]): AmiPacket {
  const [parsed] = parseRawmanPackets(`${lines.join('\r\n')}\r\n\r\n`);
  if (!parsed) throw new Error('no packet');
  return parsed;
}

// --- Asterisk 12+ ------------------------------------------------------------------------------

export interface Chan {
  readonly channel: string;
  readonly state: number;
  readonly callerNum?: string;
  readonly callerName?: string;
  readonly connectedNum?: string;
  readonly connectedName?: string;
  readonly context?: string;
  readonly exten?: string;
  readonly priority?: number;
  readonly uniqueid: string;
  readonly linkedid: string;
}

const STATE_DESC: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up', 7: 'Busy' };

function snapshot(c: Chan, prefix = ''): string[] {
  return [
    `${prefix}Channel: ${c.channel}`,
    `${prefix}ChannelState: ${c.state}`,
    `${prefix}ChannelStateDesc: ${STATE_DESC[c.state] ?? 'Unknown'}`,
    `${prefix}CallerIDNum: ${c.callerNum || '<unknown>'}`,
    `${prefix}CallerIDName: ${c.callerName || '<unknown>'}`,
    `${prefix}ConnectedLineNum: ${c.connectedNum || '<unknown>'}`,
    `${prefix}ConnectedLineName: ${c.connectedName || '<unknown>'}`,
    `${prefix}Language: en`,
    `${prefix}AccountCode: `,
    `${prefix}Context: ${c.context ?? 'from-internal'}`,
    `${prefix}Exten: ${c.exten ?? 's'}`,
    `${prefix}Priority: ${c.priority ?? 1}`,
    `${prefix}Uniqueid: ${c.uniqueid}`,
    `${prefix}Linkedid: ${c.linkedid}`,
  ];
}

function channelEvent(name: string, c: Chan, ...extra: string[]): AmiPacket {
  return packet([`Event: ${name}`, 'Privilege: call,all', ...snapshot(c), ...extra]);
}

export const ast12 = {
  newchannel: (c: Chan) => channelEvent('Newchannel', c),
  newstate: (c: Chan) => channelEvent('Newstate', c),
  newCallerid: (c: Chan) => channelEvent('NewCallerid', c, 'CID-CallingPres: 0 (Presentation Allowed, Not Screened)'),
  newConnectedLine: (c: Chan) => channelEvent('NewConnectedLine', c),
  dialBegin: (source: Chan | undefined, dest: Chan, dialString: string) =>
    packet(['Event: DialBegin', 'Privilege: call,all', ...(source ? snapshot(source) : []), ...snapshot(dest, 'Dest'), `DialString: ${dialString}`]),
  dialState: (source: Chan | undefined, dest: Chan, status: string) =>
    packet(['Event: DialState', 'Privilege: call,all', ...(source ? snapshot(source) : []), ...snapshot(dest, 'Dest'), `DialStatus: ${status}`]),
  dialEnd: (source: Chan | undefined, dest: Chan, status: string) =>
    packet(['Event: DialEnd', 'Privilege: call,all', ...(source ? snapshot(source) : []), ...snapshot(dest, 'Dest'), `DialStatus: ${status}`]),
  bridgeCreate: (bridge: string) => packet(['Event: BridgeCreate', 'Privilege: call,all', ...bridgeLines(bridge, 0)]),
  bridgeEnter: (bridge: string, parties: number, c: Chan) =>
    packet(['Event: BridgeEnter', 'Privilege: call,all', ...bridgeLines(bridge, parties), ...snapshot(c)]),
  bridgeLeave: (bridge: string, parties: number, c: Chan) =>
    packet(['Event: BridgeLeave', 'Privilege: call,all', ...bridgeLines(bridge, parties), ...snapshot(c)]),
  hold: (c: Chan) => channelEvent('Hold', c, 'MusicClass: default'),
  unhold: (c: Chan) => channelEvent('Unhold', c),
  hangup: (c: Chan, cause: number, text: string) => channelEvent('Hangup', c, `Cause: ${cause}`, `Cause-txt: ${text}`),
  originateResponse: (actionId: string, response: 'Success' | 'Failure', c: Chan | string, exten: string, reason: number) =>
    packet([
      'Event: OriginateResponse',
      'Privilege: call,all',
      `ActionID: ${actionId}`,
      `Response: ${response}`,
      `Channel: ${typeof c === 'string' ? c : c.channel}`,
      'Context: from-internal',
      `Exten: ${exten}`,
      `Reason: ${reason}`,
      `Uniqueid: ${typeof c === 'string' ? '<unknown>' : c.uniqueid}`,
      `CallerIDNum: ${typeof c === 'string' ? '<unknown>' : c.callerNum || '<unknown>'}`,
      `CallerIDName: ${typeof c === 'string' ? '<unknown>' : c.callerName || '<unknown>'}`,
    ]),
  coreShowChannel: (c: Chan, application: string, bridgeId = '') =>
    packet([
      'Event: CoreShowChannel',
      'ActionID: sync-1',
      ...snapshot(c),
      `BridgeId: ${bridgeId}`,
      `Application: ${application}`,
      'ApplicationData: ',
      'Duration: 00:00:12',
    ]),
};

function bridgeLines(bridge: string, parties: number): string[] {
  return [
    `BridgeUniqueid: ${bridge}`,
    'BridgeType: basic',
    'BridgeTechnology: simple_bridge',
    'BridgeCreator: <unknown>',
    'BridgeName: <unknown>',
    `BridgeNumChannels: ${parties}`,
    'BridgeVideoSourceMode: none',
  ];
}

// --- Asterisk 11 (empty strings instead of <unknown>, §2.11) ----------------------------------

export interface Chan11 {
  readonly channel: string;
  readonly state: number;
  readonly callerNum?: string;
  readonly callerName?: string;
  readonly connectedNum?: string;
  readonly connectedName?: string;
  readonly context?: string;
  readonly exten?: string;
  readonly uniqueid: string;
}

export const ast11 = {
  newchannel: (c: Chan11) =>
    packet([
      'Event: Newchannel',
      'Privilege: call,all',
      `Channel: ${c.channel}`,
      `ChannelState: ${c.state}`,
      `ChannelStateDesc: ${STATE_DESC[c.state] ?? 'Unknown'}`,
      `CallerIDNum: ${c.callerNum ?? ''}`,
      `CallerIDName: ${c.callerName ?? ''}`,
      'AccountCode: ',
      `Exten: ${c.exten ?? ''}`,
      `Context: ${c.context ?? 'from-internal'}`,
      `Uniqueid: ${c.uniqueid}`,
    ]),
  newstate: (c: Chan11) =>
    packet([
      'Event: Newstate',
      'Privilege: call,all',
      `Channel: ${c.channel}`,
      `ChannelState: ${c.state}`,
      `ChannelStateDesc: ${STATE_DESC[c.state] ?? 'Unknown'}`,
      `CallerIDNum: ${c.callerNum ?? ''}`,
      `CallerIDName: ${c.callerName ?? ''}`,
      `ConnectedLineNum: ${c.connectedNum ?? ''}`,
      `ConnectedLineName: ${c.connectedName ?? ''}`,
      `Uniqueid: ${c.uniqueid}`,
    ]),
  dialBegin: (source: Chan11, dest: Chan11, dialString: string) =>
    packet([
      'Event: Dial',
      'Privilege: call,all',
      'SubEvent: Begin',
      `Channel: ${source.channel}`,
      `Destination: ${dest.channel}`,
      `CallerIDNum: ${source.callerNum ?? ''}`,
      `CallerIDName: ${source.callerName ?? ''}`,
      `ConnectedLineNum: ${source.connectedNum ?? ''}`,
      `ConnectedLineName: ${source.connectedName ?? ''}`,
      `UniqueID: ${source.uniqueid}`,
      `DestUniqueID: ${dest.uniqueid}`,
      `Dialstring: ${dialString}`,
    ]),
  dialEnd: (source: Chan11, status: string) =>
    packet(['Event: Dial', 'Privilege: call,all', 'SubEvent: End', `Channel: ${source.channel}`, `UniqueID: ${source.uniqueid}`, `DialStatus: ${status}`]),
  bridge: (state: 'Link' | 'Unlink', one: Chan11, two: Chan11) =>
    packet([
      'Event: Bridge',
      'Privilege: call,all',
      `Bridgestate: ${state}`,
      'Bridgetype: core',
      `Channel1: ${one.channel}`,
      `Channel2: ${two.channel}`,
      `Uniqueid1: ${one.uniqueid}`,
      `Uniqueid2: ${two.uniqueid}`,
      `CallerID1: ${one.callerNum ?? ''}`,
      `CallerID2: ${two.callerNum ?? ''}`,
    ]),
  hold: (c: Chan11, on: boolean) =>
    packet(['Event: Hold', 'Privilege: call,all', `Status: ${on ? 'On' : 'Off'}`, `Channel: ${c.channel}`, `Uniqueid: ${c.uniqueid}`]),
  hangup: (c: Chan11, cause: number, text: string) =>
    packet([
      'Event: Hangup',
      'Privilege: call,all',
      `Channel: ${c.channel}`,
      `Uniqueid: ${c.uniqueid}`,
      `CallerIDNum: ${c.callerNum ?? ''}`,
      `CallerIDName: ${c.callerName ?? ''}`,
      `ConnectedLineNum: ${c.connectedNum ?? ''}`,
      `ConnectedLineName: ${c.connectedName ?? ''}`,
      'AccountCode: ',
      `Cause: ${cause}`,
      `Cause-txt: ${text}`,
    ]),
  originateResponse: (actionId: string, c: Chan11, exten: string) =>
    packet([
      'Event: OriginateResponse',
      'Privilege: call,all',
      `ActionID: ${actionId}`,
      'Response: Success',
      `Channel: ${c.channel}`,
      'Context: from-internal',
      `Exten: ${exten}`,
      'Reason: 4',
      `Uniqueid: ${c.uniqueid}`,
      `CallerIDNum: ${c.callerNum ?? ''}`,
      `CallerIDName: ${c.callerName ?? ''}`,
    ]),
  /**
   * A failed Originate as 11's main/manager.c fast_originate words it: Channel is the requested
   * `tech/data`, Uniqueid `<null>` (no channel), caller ID `<unknown>`.
   */
  originateFailure: (actionId: string, device: string, exten: string, reason: number) =>
    packet([
      'Event: OriginateResponse',
      'Privilege: call,all',
      `ActionID: ${actionId}`,
      'Response: Failure',
      `Channel: ${device}`,
      'Context: from-internal',
      `Exten: ${exten}`,
      `Reason: ${reason}`,
      'Uniqueid: <null>',
      'CallerIDNum: <unknown>',
      'CallerIDName: <unknown>',
    ]),
};

/** Other events a call produces that must change nothing (transcripts §3/§4 and common noise). */
export const noise = {
  deviceStateChange: (device: string, state: string) =>
    packet(['Event: DeviceStateChange', 'Privilege: call,all', `Device: ${device}`, `State: ${state}`]),
  extensionStatus: (exten: string, status: number, text: string) =>
    packet(['Event: ExtensionStatus', 'Privilege: call,all', `Exten: ${exten}`, 'Context: ext-local', `Hint: PJSIP/${exten}`, `Status: ${status}`, `StatusText: ${text}`]),
  invalidPassword: () =>
    packet([
      'Event: InvalidPassword',
      'Privilege: security,all',
      'EventTV: 2026-11-21T05:30:21.000+0000',
      'Severity: Error',
      'Service: PJSIP',
      'EventVersion: 2',
      'AccountID: 101',
      'SessionID: 4f2a-1',
      'LocalAddress: IPV4/UDP/192.168.1.2/5060',
      'RemoteAddress: IPV4/UDP/203.0.113.9/5060',
    ]),
  varSet: (c: Chan) => channelEvent('VarSet', c, 'Variable: DIALSTATUS', 'Value: ANSWER'),
  hangupRequest: (c: Chan) => channelEvent('HangupRequest', c, 'Cause: 16'),
};
