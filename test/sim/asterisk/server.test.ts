/**
 * The Asterisk AJAM simulator over real HTTP (global fetch, and a raw socket where header order
 * matters), checked against reference/asterisk-ajam-transcripts.md: what a driver sees from a real
 * Asterisk 22.10.1, and the Asterisk 11 vocabulary of reference/protocols.md §2.11.
 *
 * `secondMs: 20` runs Asterisk time 50× faster: httptimeout 60 s lasts 1.2 s, WaitEvent Timeout=1
 * lasts 20 ms, the device rings 3 "seconds" = 60 ms.
 */
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startAsteriskSim, type AsteriskSim, type AsteriskSimOptions } from './server.ts';

const open: AsteriskSim[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sim(opts: AsteriskSimOptions = {}): Promise<AsteriskSim> {
  const s = await startAsteriskSim({ loginFailDelayMs: 0, secondMs: 20, ...opts });
  open.push(s);
  return s;
}

type Packet = Array<[string, string]>;

function packets(body: string): Packet[] {
  return body
    .split('\r\n\r\n')
    .filter((b) => b !== '')
    .map((b) => b.split('\r\n').map((line): [string, string] => {
      const i = line.indexOf(': ');
      return i < 0 ? [line.replace(/:$/, ''), ''] : [line.slice(0, i), line.slice(i + 2)];
    }));
}

const field = (p: Packet | undefined, key: string): string | undefined => p?.find(([k]) => k === key)?.[1];

/** A driver-like AJAM client that keeps the mansession_id cookie like a browser would. */
class Ami {
  cookie = '';
  constructor(private readonly s: AsteriskSim) {}

  async get(params: Record<string, string> | Array<[string, string]>, endpoint = 'rawman'): Promise<{ res: Response; text: string }> {
    const res = await fetch(`${this.s.baseUrl}/${endpoint}?${new URLSearchParams(params)}`, {
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    return this.take(res);
  }

  async post(body: string, contentType = 'application/x-www-form-urlencoded', query = ''): Promise<{ res: Response; text: string }> {
    const res = await fetch(`${this.s.rawmanUrl}${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body,
    });
    return this.take(res);
  }

  async login(extra: Record<string, string> = {}): Promise<string> {
    const { text } = await this.get({ action: 'Login', username: 'ext', secret: 'ext-secret', ...extra });
    expect(text).toContain('Message: Authentication accepted');
    return text;
  }

  /** Polls WaitEvent (Timeout=1) until `done` holds for the events received so far. */
  async collect(done: (events: Packet[]) => boolean, maxPolls = 60): Promise<Packet[]> {
    const events: Packet[] = [];
    for (let i = 0; i < maxPolls && !done(events); i++) {
      const { text } = await this.get({ action: 'WaitEvent', Timeout: '1' });
      events.push(...packets(text).filter((p) => p[0]?.[0] === 'Event' && p[0][1] !== 'WaitEventComplete'));
    }
    if (!done(events)) throw new Error(`condition not met; got ${events.map((e) => e[0]?.[1]).join(', ')}`);
    return events;
  }

  private async take(res: Response): Promise<{ res: Response; text: string }> {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    return { res, text: await res.text() };
  }
}

/** One raw HTTP exchange, to see the status line and header order exactly as sent. */
function rawExchange(port: number, request: string): Promise<{ head: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const length = Number(/^content-length: (\d+)$/im.exec(head.join('\n'))?.[1] ?? '0');
      if (buf.length - end - 4 >= length) {
        socket.destroy();
        resolve({ head, body: buf.subarray(end + 4, end + 4 + length).toString('utf8') });
      }
    });
    socket.on('error', reject);
  });
}

const COOKIE_RE = /^mansession_id="([0-9a-f]{8})"; Version=1; Max-Age=60$/;

describe('login, sessions and the mansession_id cookie', () => {
  it('answers Login with the recorded status line, headers in order, and CRLF body', async () => {
    const s = await sim();
    const { head, body } = await rawExchange(
      s.port,
      'GET /asterisk/rawman?action=Login&username=ext&secret=ext-secret&ActionID=login-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    );
    expect(head[0]).toBe('HTTP/1.1 200 OK');
    expect(head.map((h) => h.split(':')[0])).toEqual([
      'HTTP/1.1 200 OK',
      'Server',
      'Date',
      'Cache-Control',
      'Content-type',
      'Set-Cookie',
      'Pragma',
      'Content-Length',
    ]);
    expect(head).toContain('Server: Asterisk');
    expect(head).toContain('Cache-Control: no-cache, no-store');
    expect(head).toContain('Content-type: text/plain');
    expect(head).toContain('Pragma: SuppressEvents');
    expect(head).toContain('Content-Length: 74');
    expect(head.find((h) => h.startsWith('Date: '))).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(head.find((h) => h.startsWith('Set-Cookie: '))?.slice('Set-Cookie: '.length)).toMatch(COOKIE_RE);
    expect(body).toBe('Response: Success\r\nActionID: login-1\r\nMessage: Authentication accepted\r\n\r\n');
  });

  it('fails a wrong secret after the configured delay, destroys the session, still sets a cookie', async () => {
    const s = await sim({ loginFailDelayMs: 150 });
    const ami = new Ami(s);
    const started = Date.now();
    const { res, text } = await ami.get({ action: 'Login', username: 'ext', secret: 'wrong-secret' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(COOKIE_RE);
    expect(text).toBe('Response: Error\r\nMessage: Authentication failed\r\n\r\n');
    const failedCookie = ami.cookie;
    const ping = await ami.get({ action: 'Ping' });
    expect(ping.text).toBe('Response: Error\r\nMessage: Permission denied\r\n\r\n');
    expect(ami.cookie).not.toBe(failedCookie);
  });

  it('accepts the cookie quoted or unquoted and answers a second Login with Already authenticated', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    const id = /"([0-9a-f]{8})"/.exec(ami.cookie)?.[1] ?? '';
    for (const cookie of [`mansession_id="${id}"`, `mansession_id=${id}`, `other=1; mansession_id=${id}`]) {
      const res = await fetch(`${s.rawmanUrl}?action=Ping&ActionID=ping-1`, { headers: { cookie } });
      expect(res.headers.get('set-cookie')).toBe(`mansession_id="${id}"; Version=1; Max-Age=60`);
      expect(await res.text()).toMatch(/^Response: Success\r\nActionID: ping-1\r\nPing: Pong\r\nTimestamp: \d{10}\.\d{6}\r\n\r\n$/);
    }
    const again = await ami.get({ action: 'Login', username: 'ext', secret: 'whatever' });
    expect(again.text).toBe('Response: Success\r\nMessage: Already authenticated\r\n\r\n');
  });

  it('says Permission denied without a session, with an unknown cookie, and gives a new cookie each time', async () => {
    const s = await sim();
    const a = await fetch(`${s.rawmanUrl}?action=CoreShowChannels`);
    const b = await fetch(`${s.rawmanUrl}?action=Ping`, { headers: { cookie: 'mansession_id="0badc0de"' } });
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('Response: Error\r\nMessage: Permission denied\r\n\r\n');
    }
    expect(a.headers.get('set-cookie')).toMatch(COOKIE_RE);
    expect(b.headers.get('set-cookie')).not.toContain('0badc0de');
  });

  it('expires an idle session after httptimeout, and on demand; Logoff invalidates the cookie', async () => {
    const s = await sim({ secondMs: 5, httpTimeoutSec: 40 }); // 200 ms of idleness
    const ami = new Ami(s);
    await ami.login();
    expect((await ami.get({ action: 'Ping' })).text).toContain('Ping: Pong');
    await new Promise((r) => setTimeout(r, 300));
    const expired = await ami.get({ action: 'Ping' });
    expect(expired.text).toBe('Response: Error\r\nMessage: Permission denied\r\n\r\n');

    await ami.login();
    expect(s.expireSessions()).toBeGreaterThan(0);
    expect((await ami.get({ action: 'Ping' })).text).toContain('Permission denied');

    await ami.login();
    const bye = await ami.get({ action: 'Logoff', ActionID: 'bye-1' });
    expect(bye.text).toBe('Response: Goodbye\r\nActionID: bye-1\r\nMessage: Thanks for all the fish.\r\n\r\n');
    expect((await ami.get({ action: 'Ping' })).text).toContain('Permission denied');
  });

  it('refuses unknown actions and actions outside the write classes, in the recorded words', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    expect((await ami.get({ action: 'NoSuchAction' })).text).toBe(
      'Response: Error\r\nMessage: Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.\r\n\r\n',
    );
    expect((await ami.get({ action: 'Command', Command: 'core show uptime' })).text).toBe('Response: Error\r\nMessage: Permission denied\r\n\r\n');
    expect((await ami.get({ action: 'Hangup', Channel: 'Local/999@phones-00000000;1', ActionID: 'hangup-2' })).text).toBe(
      'Response: Error\r\nActionID: hangup-2\r\nMessage: No such channel\r\n\r\n',
    );
    const settings = packets((await ami.get({ action: 'CoreSettings' })).text)[0];
    expect(field(settings, 'AsteriskVersion')).toBe('22.10.1');
  });
});

describe('WaitEvent', () => {
  it('returns at once after Login (an invisible event is queued) and after Timeout when idle, ActionID in both', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    const first = await ami.get({ action: 'WaitEvent', Timeout: '5' });
    expect(first.text).toBe('Response: Success\r\nMessage: Waiting for Event completed.\r\n\r\nEvent: WaitEventComplete\r\n\r\n');
    expect(first.res.headers.get('content-length')).toBe('88');
    const started = Date.now();
    const idle = await ami.get({ action: 'WaitEvent', Timeout: '5', ActionID: 'we-idle' }); // 5 × 20 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(idle.text).toBe(
      'Response: Success\r\nActionID: we-idle\r\nMessage: Waiting for Event completed.\r\n\r\nEvent: WaitEventComplete\r\nActionID: we-idle\r\n\r\n',
    );
  });

  it('caps Timeout at httptimeout − 10 seconds', async () => {
    const s = await sim({ secondMs: 5 }); // cap 50 s = 250 ms; Timeout=400 would be 2 s
    const ami = new Ami(s);
    await ami.login();
    await ami.get({ action: 'WaitEvent', Timeout: '0' });
    const started = Date.now();
    await ami.get({ action: 'WaitEvent', Timeout: '400' });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(200);
    expect(took).toBeLessThan(1000);
  });

  it('delivers events queued between polls, and a second WaitEvent kicks the first with an empty body', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    await ami.get({ action: 'WaitEvent', Timeout: '0' });
    expect((await ami.get({ action: 'UserEvent', UserEvent: 'DriverTest', Foo: 'bar', ActionID: 'ue-1' })).text).toBe(
      'Response: Success\r\nActionID: ue-1\r\nMessage: Event Sent\r\n\r\n',
    );
    const got = await ami.get({ action: 'WaitEvent', Timeout: '5', ActionID: 'we-ue' });
    expect(got.text).toBe(
      'Response: Success\r\nActionID: we-ue\r\nMessage: Waiting for Event completed.\r\n\r\n' +
        'Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: DriverTest\r\nFoo: bar\r\nActionID: ue-1\r\n\r\n' +
        'Event: WaitEventComplete\r\nActionID: we-ue\r\n\r\n',
    );

    const first = ami.get({ action: 'WaitEvent', Timeout: '30', ActionID: 'first' });
    await s.waitFor(() => s.sessions().some((x) => x.waiting));
    const second = await ami.get({ action: 'WaitEvent', Timeout: '1', ActionID: 'second' });
    const kicked = await first;
    expect(kicked.res.status).toBe(200);
    expect(kicked.res.headers.get('content-length')).toBe('0');
    expect(kicked.res.headers.get('set-cookie')).toMatch(COOKIE_RE);
    expect(kicked.text).toBe('');
    expect(second.text).toContain('ActionID: second');
  });

  it('returns right after the first event of a burst; the rest comes with the next poll', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    await ami.get({ action: 'WaitEvent', Timeout: '0' });
    const pending = ami.get({ action: 'WaitEvent', Timeout: '20', ActionID: 'we-in-1' });
    await s.waitFor(() => s.sessions().some((x) => x.waiting));
    s.incoming({ from: '74952294989', name: 'ACME Ltd' });
    const first = packets((await pending).text);
    expect(first.map((p) => p[0]?.[1])).toEqual(['Success', 'Newchannel', 'WaitEventComplete']);
    expect(field(first[1], 'Channel')).toMatch(/^Local\/s@from-trunk-[0-9a-f]{8};1$/);
    const rest = packets((await ami.get({ action: 'WaitEvent', Timeout: '1' })).text);
    expect(rest[1]?.[0]).toEqual(['Event', 'Newchannel']);
    expect(rest.some((p) => field(p, 'Event') === 'DialBegin' && field(p, 'DestChannel')?.startsWith('PJSIP/101-'))).toBe(true);
  });

  it('filters by Login Events=call, and re-enables delivery after Events=off', async () => {
    const s = await sim();
    const call = new Ami(s);
    await call.login({ Events: 'call' });
    await call.get({ action: 'WaitEvent', Timeout: '0' });
    const off = new Ami(s);
    await off.login({ Events: 'off' });
    await off.get({ action: 'WaitEvent', Timeout: '0' });
    await call.get({ action: 'UserEvent', UserEvent: 'EvTest' });
    expect((await call.get({ action: 'WaitEvent', Timeout: '1' })).text).not.toContain('UserEvent');
    expect((await off.get({ action: 'WaitEvent', Timeout: '1' })).text).toContain('UserEvent: EvTest');
  });
});

describe('Originate (click-to-dial)', () => {
  async function originate(ami: Ami, actionId: string, extra: Array<[string, string]> = []): Promise<string> {
    const { text } = await ami.get([
      ['action', 'Originate'],
      ['Channel', 'PJSIP/101'],
      ['Context', 'from-internal'],
      ['Exten', '74950000000'],
      ['Priority', '1'],
      ['Timeout', '5000'],
      ['Async', 'true'],
      ['ActionID', actionId],
      ...extra,
    ]);
    return text;
  }

  it('records every field, answers at once and reports each outcome with the ActionID and Reason', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    expect(
      await originate(ami, 'c2d-1', [
        ['CallerID', '"Phone 101" <101>'],
        ['Variable', 'TALK_SECONDS=8'],
        ['Variable', 'CRM_ID=42'],
      ]),
    ).toBe('Response: Success\r\nActionID: c2d-1\r\nMessage: Originate successfully queued\r\n\r\n');
    expect(s.originates[0]).toMatchObject({
      channel: 'PJSIP/101',
      context: 'from-internal',
      exten: '74950000000',
      priority: '1',
      callerId: '"Phone 101" <101>',
      timeout: '5000',
      async: 'true',
      actionId: 'c2d-1',
      variables: ['TALK_SECONDS=8', 'CRM_ID=42'],
      reply: 'Originate successfully queued',
    });
    s.nextOriginate('busy');
    await originate(ami, 'c2d-busy');
    s.nextOriginate('noanswer');
    await originate(ami, 'c2d-noanswer');
    s.nextOriginate('nosuch');
    await originate(ami, 'c2d-nosuch');
    const events = await ami.collect((evs) => evs.filter((e) => field(e, 'Event') === 'OriginateResponse').length === 4);
    const responses = new Map(events.filter((e) => field(e, 'Event') === 'OriginateResponse').map((e) => [field(e, 'ActionID'), e]));
    const ok = responses.get('c2d-1');
    expect(ok?.slice(0, 4)).toEqual([
      ['Event', 'OriginateResponse'],
      ['Privilege', 'call,all'],
      ['ActionID', 'c2d-1'],
      ['Response', 'Success'],
    ]);
    expect(field(ok, 'Channel')).toMatch(/^PJSIP\/101-[0-9a-f]{8}$/);
    expect(field(ok, 'Reason')).toBe('4');
    expect(field(ok, 'CallerIDNum')).toBe('101');
    for (const [id, reason] of [['c2d-busy', '5'], ['c2d-noanswer', '3'], ['c2d-nosuch', '0']] as const) {
      const r = responses.get(id);
      expect([field(r, 'Response'), field(r, 'Channel'), field(r, 'Reason'), field(r, 'Uniqueid')]).toEqual(['Failure', 'PJSIP/101', reason, '<unknown>']);
    }
    // After Reason 4 the far end is dialled from the phone's channel, with the Local helper legs.
    await s.waitFor(() => s.call(s.originates[0]?.callId ?? '')?.state === 'connected');
    const dial = s.events.find((e) => e.name === 'DialBegin' && e.fields.some(([k, v]) => k === 'DestChannel' && v.startsWith('Local/74950000000@pstn-')));
    expect(dial?.fields.find(([k]) => k === 'Channel')?.[1]).toBe(field(ok, 'Channel'));
  });

  it('refuses users without write=originate, fails a blocking Originate, and checks the extension', async () => {
    const s = await sim({ users: [{ username: 'ext', secret: 'ext-secret', read: 'call', write: 'call' }] });
    const ami = new Ami(s);
    await ami.login();
    expect(await originate(ami, 'c2d-x')).toBe('Response: Error\r\nActionID: c2d-x\r\nMessage: Permission denied\r\n\r\n');
    expect(s.originates).toHaveLength(1);
    expect(s.originates[0]?.reply).toBe('Permission denied');

    const s2 = await sim();
    const ami2 = new Ami(s2);
    await ami2.login();
    s2.nextOriginate('busy');
    const sync = await ami2.get({ action: 'Originate', Channel: 'PJSIP/101', Context: 'outbound', Exten: '74950000000', Priority: '1', ActionID: 'c2d-sync-busy' });
    expect(sync.text).toBe('Response: Error\r\nActionID: c2d-sync-busy\r\nMessage: Originate failed\r\n\r\n');
    const noExten = await ami2.get({ action: 'Originate', Channel: 'PJSIP/101', Context: 'outbound', Priority: '1', Async: 'true', ActionID: 'c2d-noexten' });
    expect(noExten.text).toBe('Response: Error\r\nActionID: c2d-noexten\r\nMessage: Extension does not exist.\r\n\r\n');
  });
});

describe('incoming calls', () => {
  const names = (evs: Packet[]): string[] => evs.map((e) => field(e, 'Event') ?? '');

  it('Asterisk 12+: rings PJSIP/101 with the caller in DialBegin, bridges on answer, ends with Hangup', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    const call = s.incoming({ from: '74952294989', name: 'ACME Ltd' });
    expect(call.deviceChannel).toMatch(/^PJSIP\/101-[0-9a-f]{8}$/);
    const dev = call.deviceChannel ?? '';
    const ringing = await ami.collect((evs) => evs.some((e) => field(e, 'Event') === 'DialState' && field(e, 'DestChannel') === dev));
    const begin = ringing.find((e) => field(e, 'Event') === 'DialBegin' && field(e, 'DestChannel') === dev);
    expect([field(begin, 'CallerIDNum'), field(begin, 'CallerIDName'), field(begin, 'DestCallerIDNum'), field(begin, 'DestConnectedLineNum')]).toEqual([
      '74952294989',
      'ACME Ltd',
      '101',
      '74952294989',
    ]);
    const ringState = ringing.find((e) => field(e, 'Event') === 'Newstate' && field(e, 'Channel') === dev);
    expect([field(ringState, 'ChannelState'), field(ringState, 'ConnectedLineName'), field(ringState, 'Linkedid')]).toEqual(['5', 'ACME Ltd', call.linkedid]);
    s.answer(call.id);
    s.hangup(call.id, 'device');
    const rest = await ami.collect((evs) => evs.some((e) => field(e, 'Event') === 'Hangup' && field(e, 'Channel') === dev));
    const mine = rest.filter((e) => field(e, 'Channel') === dev || field(e, 'DestChannel') === dev);
    expect(names(mine)).toEqual(['Newstate', 'DialEnd', 'BridgeEnter', 'HangupRequest', 'BridgeLeave', 'Hangup']);
    expect(field(mine[1], 'DialStatus')).toBe('ANSWER');
    expect([field(mine[5], 'Cause'), field(mine[5], 'Cause-txt')]).toEqual(['16', 'Normal Clearing']);
    expect(s.call(call.id)).toMatchObject({ state: 'ended', result: 'answered', endedBy: 'device' });
  });

  it('replays the recorded §3 event sequence for the lab device Local/101@phones', async () => {
    const s = await sim({ device: 'Local/101@phones' });
    const call = s.incoming({ from: '74952294989', name: 'ACME Ltd' });
    s.answer(call.id);
    const ami = new Ami(s);
    await ami.login();
    const handset = call.channels.find((c) => /^Local\/101@phones-[0-9a-f]{8};2$/.test(c)) ?? '';
    expect((await ami.get({ action: 'Hangup', Channel: handset, ActionID: 'hangup-1' })).text).toBe(
      'Response: Success\r\nActionID: hangup-1\r\nMessage: Channel Hungup\r\n\r\n',
    );
    const recorded =
      'Newchannel, Newchannel, LocalBridge, DialBegin, NewCallerid, NewCallerid, Newchannel, Newchannel, NewCallerid, NewConnectedLine, NewCallerid, NewConnectedLine, LocalBridge, DialBegin, ExtensionStatus, DeviceStateChange, QueueMemberStatus, Newstate, Newstate, DeviceStateChange, DeviceStateChange, DialState, DialState, Newstate, Newstate, DeviceStateChange, DeviceStateChange, DialEnd, Newstate, DialEnd, Newstate, BridgeCreate, DeviceStateChange, DeviceStateChange, BridgeEnter, BridgeEnter, ExtensionStatus, QueueMemberStatus, DeviceStateChange, SoftHangupRequest, ExtensionStatus, QueueMemberStatus, DeviceStateChange, HangupRequest, Hangup, Cdr, DeviceStateChange, BridgeLeave, Hangup, BridgeLeave, BridgeDestroy, DeviceStateChange, SoftHangupRequest, HangupRequest, Hangup, Hangup, Cdr, Cdr, DeviceStateChange, DeviceStateChange';
    const visible = s.events.filter((e) => !['NewExten', 'SuccessfulAuth'].includes(e.name)).map((e) => e.name);
    expect(visible.join(', ')).toBe(recorded);
    const hangups = s.events.filter((e) => e.name === 'Hangup').map((e) => Object.fromEntries(e.fields));
    expect(hangups.map((h) => [h['Channel']?.replace(/-[0-9a-f]{8};/, '-X;'), h['Cause'], h['Cause-txt']])).toEqual([
      ['Local/101@phones-X;2', '0', 'Unknown'],
      ['Local/101@phones-X;1', '16', 'Normal Clearing'],
      ['Local/s@from-trunk-X;1', '16', 'Normal Clearing'],
      ['Local/s@from-trunk-X;2', '16', 'Normal Clearing'],
    ]);
  });

  it('renders each outcome on the device leg: CANCEL/16, CANCEL/26, BUSY/17, reject 21', async () => {
    const s = await sim();
    const deviceEnd = (id: string): [string | undefined, string | undefined] => {
      const dev = s.call(id)?.deviceChannel;
      const get = (name: string, key: string): string | undefined =>
        s.events.filter((e) => e.name === name && e.fields.some(([k, v]) => (k === 'DestChannel' || k === 'Channel') && v === dev) && (name !== 'DialEnd' || e.fields.some(([k]) => k === 'Channel'))).at(-1)?.fields.find(([k]) => k === key)?.[1];
      return [get('DialEnd', 'DialStatus'), get('Hangup', 'Cause')];
    };
    const missed = s.incoming({ from: '100', outcome: 'missed' });
    const elsewhere = s.incoming({ from: '200', outcome: 'answeredElsewhere' });
    const busy = s.incoming({ from: '300', outcome: 'busy' });
    const rejected = s.incoming({ from: '400', outcome: 'rejected' });
    await s.waitFor(() => [missed, elsewhere, busy, rejected].every((c) => s.call(c.id)?.state !== 'ringing'));
    expect(deviceEnd(missed.id)).toEqual(['CANCEL', '16']);
    expect(deviceEnd(elsewhere.id)).toEqual(['CANCEL', '26']);
    expect(deviceEnd(busy.id)).toEqual(['BUSY', '17']);
    expect(deviceEnd(rejected.id)).toEqual(['NOANSWER', '21']);
    expect(s.calls().map((c) => c.result)).toEqual(['missed', 'answered-elsewhere', 'busy', 'rejected']);
    // The call answered elsewhere goes on between the caller and PJSIP/102.
    expect(s.call(elsewhere.id)?.state).toBe('elsewhere');
    expect(s.channels().some((c) => c.name.startsWith('PJSIP/102-'))).toBe(true);
  });

  it('Asterisk 11: Dial Begin/End, Bridge Link, Hold On/Off, Hangup, empty strings for unknown', async () => {
    const s = await sim({ v11: true });
    const ami = new Ami(s);
    await ami.login();
    expect(field(packets((await ami.get({ action: 'CoreSettings' })).text)[0], 'AsteriskVersion')).toBe('11.25.3');
    const call = s.incoming({ from: '74952294989', name: 'ACME Ltd' });
    const dev = call.deviceChannel ?? '';
    expect(dev).toMatch(/^SIP\/101-[0-9a-f]{8}$/);
    s.answer(call.id);
    s.hold(call.id);
    s.unhold(call.id);
    s.hangup(call.id, 'caller');
    const evs = await ami.collect((e) => e.some((x) => field(x, 'Event') === 'Hangup' && field(x, 'Channel') === dev));
    const key = evs
      .filter((e) => ['Dial', 'Bridge', 'Hold', 'Hangup', 'Newstate'].includes(field(e, 'Event') ?? ''))
      .filter((e) => [field(e, 'Channel'), field(e, 'Destination'), field(e, 'Channel2')].includes(dev) || field(e, 'Event') === 'Dial')
      .map((e) => [field(e, 'Event'), field(e, 'SubEvent') ?? field(e, 'Bridgestate') ?? field(e, 'Status') ?? field(e, 'ChannelStateDesc') ?? field(e, 'Cause')].join(' '));
    expect(key).toEqual(['Dial Begin', 'Newstate Ringing', 'Newstate Up', 'Dial End', 'Bridge Link', 'Hold On', 'Hold Off', 'Bridge Unlink', 'Hangup 16']);
    const begin = evs.find((e) => field(e, 'SubEvent') === 'Begin');
    expect(begin?.slice(3).map(([k]) => k)).toEqual([
      'Channel', 'Destination', 'CallerIDNum', 'CallerIDName', 'ConnectedLineNum', 'ConnectedLineName', 'UniqueID', 'DestUniqueID', 'Dialstring',
    ]);
    expect([field(begin, 'CallerIDNum'), field(begin, 'Destination'), field(begin, 'ConnectedLineNum')]).toEqual(['74952294989', dev, '']);
    const newchannel = evs.find((e) => field(e, 'Event') === 'Newchannel' && field(e, 'Channel') === dev);
    expect(newchannel?.map(([k]) => k)).not.toContain('Linkedid');
    expect(newchannel?.map(([k]) => k)).not.toContain('ConnectedLineNum');
    expect(field(newchannel, 'CallerIDName')).toBe('');
    expect(evs.some((e) => ['DialBegin', 'DialState', 'DeviceStateChange', 'SoftHangupRequest'].includes(field(e, 'Event') ?? ''))).toBe(false);
  });
});

describe('HTTP surface', () => {
  it('answers a wrong path or prefix with the recorded 404 page and no cookie; OPTIONS → 501; HEAD has no body', async () => {
    const s = await sim();
    for (const path of ['/asterisk/nosuch?action=Ping', '/foo/rawman?action=Ping', '/rawman?action=Ping']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toBe(
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>404 Not Found</title>\r\n</head><body>\r\n<h1>Not Found</h1>\r\n<p>The requested URL was not found on this server.</p>\r\n<hr />\r\n<address>Asterisk</address>\r\n</body></html>\r\n',
      );
    }
    const options = await fetch(s.rawmanUrl, { method: 'OPTIONS' });
    expect(options.status).toBe(501);
    expect(await options.text()).toContain('<p>Attempt to use unimplemented / unsupported method</p>');
    const ami = new Ami(s);
    await ami.login();
    const head = await fetch(`${s.rawmanUrl}?action=Ping`, { method: 'HEAD', headers: { cookie: ami.cookie } });
    expect(head.headers.get('content-length')).toBe('63');
    expect(await head.text()).toBe('');
    expect(s.requestCount('Ping')).toBe(1);

    const bare = await sim({ prefix: '' });
    expect(bare.rawmanUrl).toBe(`${bare.url}/rawman`);
    expect(await (await fetch(`${bare.rawmanUrl}?action=Ping`)).text()).toContain('Permission denied');
  });

  it('reads POST form bodies, ignores the query string of a POST and JSON bodies', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.post('action=Login&username=ext&secret=ext-secret');
    expect((await ami.post('action=Ping&ActionID=post-1')).text).toMatch(/^Response: Success\r\nActionID: post-1\r\nPing: Pong\r\n/);
    expect((await ami.post('', 'application/x-www-form-urlencoded', '?action=Ping')).text).toBe('Response: Error\r\nMessage: Missing action in request\r\n\r\n');
    expect((await ami.post('{"action":"Ping"}', 'application/json')).text).toBe('Response: Error\r\nMessage: Missing action in request\r\n\r\n');
    expect(s.requests.find((r) => r.action === 'Login')?.params).toContainEqual(['secret', '***']);
  });

  it('speaks /mxml and /manager, and Digest on /arawman (Basic refused)', async () => {
    const s = await sim();
    const ami = new Ami(s);
    await ami.login();
    const xml = await ami.get({ action: 'Ping', ActionID: 'x-1' }, 'mxml');
    expect(xml.res.headers.get('content-type')).toBe('text/xml');
    expect(xml.text).toMatch(
      /^<ajax-response>\n<response type='object' id='unknown'><generic response='Success' actionid='x-1' ping='Pong' timestamp='\d+\.\d{6}' \/><\/response>\n<\/ajax-response>\n$/,
    );
    const html = await ami.get({ action: 'Ping' }, 'manager');
    expect(html.res.headers.get('content-length')).toBe('913');

    const url = `${s.baseUrl}/arawman?action=Ping`;
    const challenge = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('ext:ext-secret').toString('base64')}` } });
    expect(challenge.status).toBe(401);
    const www = challenge.headers.get('www-authenticate') ?? '';
    expect(www).toMatch(/^Digest algorithm=MD5, realm="asterisk", nonce="([0-9a-f]{8})", qop="auth", opaque="\1"$/);
    const nonce = /nonce="([0-9a-f]+)"/.exec(www)?.[1] ?? '';
    const md5 = (x: string): string => createHash('md5').update(x).digest('hex');
    const uri = '/asterisk/arawman?action=Ping';
    const response = md5(`${md5('ext:asterisk:ext-secret')}:${nonce}:00000001:abc:auth:${md5(`GET:${uri}`)}`);
    const ok = await fetch(url, {
      headers: { authorization: `Digest username="ext", realm="asterisk", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="abc", response="${response}", opaque="${nonce}"` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect(await ok.text()).toMatch(/^Response: Success\r\nPing: Pong\r\n/);
  });

  it('goes offline (connection refused) and back, serves HTML instead of rawman, and is driven over /sim/', async () => {
    const s = await sim();
    await s.setOffline(true);
    await expect(fetch(`${s.rawmanUrl}?action=Ping`)).rejects.toThrow();
    await s.setOffline(false);
    expect((await fetch(`${s.rawmanUrl}?action=Ping`)).status).toBe(200);

    s.setHtmlMode(true);
    const proxied = await fetch(`${s.rawmanUrl}?action=Ping`);
    expect(proxied.headers.get('content-type')).toContain('text/html');
    expect(await proxied.text()).toContain('<form');
    s.setHtmlMode(false);

    const res = await fetch(`${s.url}/sim/incoming`, { method: 'POST', body: JSON.stringify({ from: '74951234567', name: 'Ivan', outcome: 'answer' }) });
    const body = (await res.json()) as { ok: boolean; call: { id: string } };
    expect(body.ok).toBe(true);
    await s.waitFor(() => s.call(body.call.id)?.state === 'connected');
    const bad = await fetch(`${s.url}/sim/answer`, { method: 'POST', body: JSON.stringify({ id: body.call.id }) });
    expect(bad.status).toBe(400);
    const page = await fetch(`${s.url}/`);
    expect(await page.text()).toContain('<title>Asterisk AJAM simulator</title>');

    const ami = new Ami(s);
    await ami.login();
    const list = packets((await ami.get({ action: 'CoreShowChannels', ActionID: 'l-1' })).text);
    expect(list[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'l-1'],
      ['EventList', 'start'],
      ['Message', 'Channels will follow'],
    ]);
    expect(list.filter((p) => field(p, 'Event') === 'CoreShowChannel')).toHaveLength(s.channels().length);
    expect(list.at(-1)).toEqual([
      ['Event', 'CoreShowChannelsComplete'],
      ['ActionID', 'l-1'],
      ['EventList', 'Complete'],
      ['ListItems', String(s.channels().length)],
    ]);
  });
});
