import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  eventName,
  eventsOf,
  parseRawmanPackets,
  readField,
  readFieldValues,
  readRawField,
  responseOf,
} from '../../../../src/drivers/asterisk/rawman.ts';
import { fixture, fixtureBody, httpBody } from './ami.ts';

const names = (body: string) => eventsOf(parseRawmanPackets(body)).map(eventName);

describe('recorded fixtures', () => {
  it('are the replies as they were on the wire: CRLF, and bodies as long as their Content-Length', () => {
    const files = readdirSync(new URL('../../../fixtures/asterisk/', import.meta.url)).filter((f) => /^s\d.*(?<!\.event)\.txt$/.test(f));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const reply = fixture(file);
      expect(reply.replace(/\r\n/g, ''), file).not.toMatch(/[\r\n]/);
      const length = Number(/\r\nContent-Length: (\d+)\r\n/.exec(reply)?.[1]);
      expect(Buffer.byteLength(httpBody(reply)), file).toBe(length);
    }
  });
});

describe('parseRawmanPackets on recorded replies (asterisk-ajam-transcripts.md)', () => {
  it('reads a successful Login (§1)', () => {
    const packets = parseRawmanPackets(fixtureBody('s1-login-success.txt'));
    expect(packets).toHaveLength(1);
    expect(responseOf(packets)).toMatchObject({ response: 'Success', actionId: 'login-1', message: 'Authentication accepted' });
    expect(packets[0]!.fields).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'login-1'],
      ['Message', 'Authentication accepted'],
    ]);
  });

  it('reads a rejected Login and a session that is gone (Permission denied) (§1)', () => {
    expect(responseOf(parseRawmanPackets(fixtureBody('s1-login-failure.txt')))).toMatchObject({
      response: 'Error',
      message: 'Authentication failed',
      actionId: '',
    });
    expect(responseOf(parseRawmanPackets(fixtureBody('s1-ping-without-login.txt')))).toMatchObject({
      response: 'Error',
      message: 'Permission denied',
    });
    expect(responseOf(parseRawmanPackets(fixtureBody('s1-command-not-permitted.txt')))?.message).toBe('Permission denied');
  });

  it('keeps a value that contains ": " whole (unknown action, §1)', () => {
    expect(responseOf(parseRawmanPackets(fixtureBody('s1-unknown-action.txt')))?.message).toBe(
      'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.',
    );
  });

  it('reads the other error and confirmation texts (§3 Hangup, §5 POST)', () => {
    const message = (file: string) => responseOf(parseRawmanPackets(fixtureBody(file)));
    expect(message('s3-hangup-action.txt')).toMatchObject({ response: 'Success', actionId: 'hangup-1', message: 'Channel Hungup' });
    expect(message('s3-hangup-no-such-channel.txt')).toMatchObject({ response: 'Error', actionId: 'hangup-2', message: 'No such channel' });
    expect(message('s5-post-missing-action.txt')).toMatchObject({ response: 'Error', message: 'Missing action in request' });
    expect(message('s2-logoff.txt')).toMatchObject({ response: 'Goodbye', message: 'Thanks for all the fish.' });
    expect(message('s2-waitevent-second.txt')?.actionId).toBe('second');
  });

  it('reads Ping with its Timestamp (§1) and Logoff (§6)', () => {
    const ping = parseRawmanPackets(fixtureBody('s1-ping.txt'));
    expect(readField(ping[0]!, 'Ping')).toBe('Pong');
    expect(readField(ping[0]!, 'timestamp')).toBe('1795239021.660412');
    expect(responseOf(parseRawmanPackets(fixtureBody('s6-logoff.txt')))).toMatchObject({
      response: 'Goodbye',
      actionId: 'bye-1',
      message: 'Thanks for all the fish.',
    });
  });

  it('reads a WaitEvent that timed out: the response and only WaitEventComplete (§2)', () => {
    const idle = parseRawmanPackets(fixtureBody('s2-waitevent-idle-timeout.txt'));
    expect(responseOf(idle)).toMatchObject({ response: 'Success', actionId: 'we-idle', message: 'Waiting for Event completed.' });
    expect(eventsOf(idle).map(eventName)).toEqual(['WaitEventComplete']);
    expect(readField(eventsOf(idle)[0]!, 'ActionID')).toBe('we-idle');
    expect(names(fixtureBody('s2-waitevent-first-after-login.txt'))).toEqual(['WaitEventComplete']);
  });

  it('reads a WaitEvent carrying an event with unknown fields (§2 UserEvent)', () => {
    const [event] = eventsOf(parseRawmanPackets(fixtureBody('s2-waitevent-userevent.txt')));
    expect(eventName(event!)).toBe('UserEvent');
    expect(readField(event!, 'UserEvent')).toBe('DriverTest');
    expect(readField(event!, 'Foo')).toBe('bar');
    expect(readField(event!, 'ActionID')).toBe('ue-1');
  });

  it('gives no packets for the empty body of a kicked WaitEvent (§2, Content-Length: 0)', () => {
    const body = fixtureBody('s2-waitevent-kicked.txt');
    expect(body).toBe('');
    expect(parseRawmanPackets(body)).toEqual([]);
    expect(responseOf([])).toBeUndefined();
    expect(parseRawmanPackets('\r\n\r\n  \r\n')).toEqual([]);
  });

  it('splits a body of many packets in order (§3: the response, 22 events and WaitEventComplete)', () => {
    const packets = parseRawmanPackets(fixtureBody('s3-incoming-wait-2.txt'));
    expect(packets).toHaveLength(24);
    expect(names(fixtureBody('s3-incoming-wait-2.txt'))).toEqual([
      'Newchannel', 'LocalBridge', 'DialBegin', 'NewCallerid', 'NewCallerid', 'Newchannel', 'Newchannel',
      'NewCallerid', 'NewConnectedLine', 'NewCallerid', 'NewConnectedLine', 'LocalBridge', 'DialBegin',
      'ExtensionStatus', 'DeviceStateChange', 'QueueMemberStatus', 'Newstate', 'Newstate',
      'DeviceStateChange', 'DeviceStateChange', 'DialState', 'DialState', 'WaitEventComplete',
    ]);
  });

  it('reads empty values, "<unknown>" placeholders and values with colons (§3 DialBegin, ExtensionStatus)', () => {
    const events = eventsOf(parseRawmanPackets(fixtureBody('s3-incoming-wait-2.txt')));
    const dial = events.filter((e) => eventName(e) === 'DialBegin')[1]!;
    expect(readField(dial, 'Channel')).toBe('Local/s@from-trunk-00000008;2');
    expect(readField(dial, 'CallerIDName')).toBe('ACME Ltd');
    expect(readRawField(dial, 'ConnectedLineNum')).toBe('<unknown>');
    expect(readField(dial, 'ConnectedLineNum')).toBe('');
    // Sent as "AccountCode: " with a trailing space.
    expect(readRawField(dial, 'AccountCode')).toBe('');
    expect(dial.fields).toContainEqual(['AccountCode', '']);
    expect(readField(dial, 'DestUniqueid')).toBe('1795239029.18');
    expect(readField(dial, 'nosuchfield')).toBe('');
    const hint = events.find((e) => eventName(e) === 'ExtensionStatus')!;
    expect(readField(hint, 'Hint')).toBe('Custom:101');
    const newCallerid = events.find((e) => eventName(e) === 'NewCallerid')!;
    expect(readField(newCallerid, 'CID-CallingPres')).toBe('0 (Presentation Allowed, Not Screened)');
  });

  it('reads Cdr events whose values hold quotes, angle brackets and colons (§3)', () => {
    const cdr = eventsOf(parseRawmanPackets(fixtureBody('s3-incoming-wait-5.txt'))).find((e) => eventName(e) === 'Cdr')!;
    expect(readField(cdr, 'CallerID')).toBe('"ACME Ltd" <74952294989>');
    expect(readField(cdr, 'StartTime')).toBe('2026-11-21 05:30:29');
    // Cdr spells it UniqueID; lookups are case-insensitive.
    expect(readField(cdr, 'Uniqueid')).toBe('1795239029.19');
  });

  it('reads the Originate reply and tells the OriginateResponse event apart from a response (§4)', () => {
    expect(responseOf(parseRawmanPackets(fixtureBody('s4-originate-queued.txt')))).toMatchObject({
      response: 'Success',
      actionId: 'c2d-1',
      message: 'Originate successfully queued',
    });
    const packets = parseRawmanPackets(fixtureBody('s4-click-to-dial-wait-3.txt'));
    const originate = eventsOf(packets)[0]!;
    expect(eventName(originate)).toBe('OriginateResponse');
    expect(readField(originate, 'Response')).toBe('Success');
    expect(readField(originate, 'Reason')).toBe('4');
    expect(readField(originate, 'Uniqueid')).toBe('1795239040.20');
    // The action's own reply comes first; the event's Response header must not be taken for it.
    expect(responseOf(packets)?.message).toBe('Waiting for Event completed.');
    expect(responseOf([originate])).toBeUndefined();
  });

  it('reads the failed OriginateResponse events (§4 failure cases)', () => {
    for (const [file, reason] of [
      ['s4-originate-response-busy.event.txt', '5'],
      ['s4-originate-response-noanswer.event.txt', '3'],
      ['s4-originate-response-nosuch.event.txt', '0'],
      ['s4-originate-response-badtech.event.txt', '0'],
    ] as const) {
      const [event] = parseRawmanPackets(fixture(file));
      expect(readField(event!, 'Response'), file).toBe('Failure');
      expect(readField(event!, 'Reason'), file).toBe(reason);
      expect(readField(event!, 'Uniqueid'), file).toBe('');
    }
    expect(responseOf(parseRawmanPackets(fixtureBody('s4-originate-sync-failed.txt')))?.message).toBe('Originate failed');
    expect(responseOf(parseRawmanPackets(fixtureBody('s4-originate-missing-exten.txt')))?.message).toBe('Extension does not exist.');
  });

  it('never takes an HTML error page for a reply (§5 wrong prefix → 404)', () => {
    const packets = parseRawmanPackets(fixtureBody('s5-wrong-prefix-404.txt'));
    expect(responseOf(packets)).toBeUndefined();
    expect(eventsOf(packets)).toEqual([]);
  });
});

describe('parseRawmanPackets on hand-written input', () => {
  it('reads a CoreShowChannels list: ack, one event per channel, Complete (hand-written, see README)', () => {
    const packets = parseRawmanPackets(fixture('coreshowchannels.handwritten.txt'));
    expect(responseOf(packets)).toMatchObject({ response: 'Success', message: 'Channels will follow' });
    expect(readField(responseOf(packets)!.packet, 'EventList')).toBe('start');
    const events = eventsOf(packets);
    expect(events.map(eventName)).toEqual(['CoreShowChannel', 'CoreShowChannel', 'CoreShowChannel', 'CoreShowChannelsComplete']);
    expect(readField(events[3]!, 'ListItems')).toBe('3');
    expect(readField(events[0]!, 'Duration')).toBe('00:00:41');
  });

  it('accepts LF-only line ends, lone CRs and trailing whitespace', () => {
    const lf = 'Response: Success\nMessage: Waiting for Event completed.\n\nEvent: Hangup   \nCause: 16\t\n\n';
    const packets = parseRawmanPackets(lf);
    expect(packets.map((p) => p.headers)).toEqual([
      { response: 'Success', message: 'Waiting for Event completed.' },
      { event: 'Hangup', cause: '16' },
    ]);
    expect(parseRawmanPackets('Event: A\rX: 1\r\rEvent: B\r')).toHaveLength(2);
    // The last packet may lack its blank line.
    expect(parseRawmanPackets('Event: Hangup\r\nCause: 16')[0]!.headers).toEqual({ event: 'Hangup', cause: '16' });
  });

  it('keeps repeated headers in order and lets the first value win', () => {
    const [p] = parseRawmanPackets('Event: Newchannel\r\nChanVariable: A=1\r\nchanvariable: B=2\r\n\r\n');
    expect(readField(p!, 'ChanVariable')).toBe('A=1');
    expect(readFieldValues(p!, 'chanvariable')).toEqual(['A=1', 'B=2']);
  });

  it('keeps a line without a colon as a nameless field (old Command output) and never as a header', () => {
    const body = 'Response: Follows\r\nPrivilege: Command\r\nSystem uptime: 3 hours\r\n  1 active call\r\n--END COMMAND--\r\n\r\n';
    const [p] = parseRawmanPackets(body);
    expect(p!.fields).toEqual([
      ['Response', 'Follows'],
      ['Privilege', 'Command'],
      ['System uptime', '3 hours'],
      ['', '  1 active call'],
      ['', '--END COMMAND--'],
    ]);
    expect(Object.keys(p!.headers)).toEqual(['response', 'privilege', 'system uptime']);
    expect(responseOf([p!])?.response).toBe('Follows');
  });

  it('splits on the first ": ", else the first ":"', () => {
    const [p] = parseRawmanPackets('Foo:bar\r\nHint: Custom:101\r\nEmpty:\r\nA: b: c\r\n:odd\r\n\r\n');
    expect(p!.fields).toEqual([
      ['Foo', 'bar'],
      ['Hint', 'Custom:101'],
      ['Empty', ''],
      ['A', 'b: c'],
      ['', ':odd'],
    ]);
  });

  it('treats header names like __proto__ as plain headers', () => {
    const [p] = parseRawmanPackets('Event: X\r\n__proto__: 1\r\nconstructor: 2\r\n\r\n');
    expect(readField(p!, '__proto__')).toBe('1');
    expect(readField(p!, 'constructor')).toBe('2');
    expect(readField(p!, 'toString')).toBe('');
  });
});
