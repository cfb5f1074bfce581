// The same scenarios in the Asterisk 11 vocabulary (protocols.md §2.11): chan_sip desk phone
// SIP/101, Dial with SubEvent Begin/End (UniqueID/DestUniqueID, End names only the caller),
// Bridge Link/Unlink, Hold with Status On/Off, empty strings instead of <unknown>.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import { AsteriskCallTracker } from '../../../../src/drivers/asterisk/calls.ts';
import type { AmiPacket } from '../../../../src/drivers/asterisk/rawman.ts';
import { ast11, type Chan11 } from './ami.ts';

const PHONE_101 = { device: 'SIP/101', extension: '101' };

function tracker(known: readonly Call[] = []) {
  let t = 1_400_000_000_000;
  return new AsteriskCallTracker(PHONE_101, { now: () => (t += 1000) }, known);
}

function run(t: AsteriskCallTracker, events: readonly AmiPacket[]): Call[] {
  return events.flatMap((event) => t.apply(event));
}

const summary = (calls: readonly Call[]) => calls.map((c) => `${c.direction}:${c.state}${c.ending ? `:${c.ending}` : ''}`);

const trunk: Chan11 = {
  channel: 'SIP/trunk-00000002',
  state: 4,
  callerNum: '74951234567',
  callerName: 'Ivan Petrov',
  context: 'from-trunk',
  exten: '74950001122',
  uniqueid: '1400000000.4',
};
const phone: Chan11 = { channel: 'SIP/101-00000003', state: 0, callerNum: '101', callerName: 'Anna', exten: '', uniqueid: '1400000000.5' };
const phoneRinging: Chan11 = { ...phone, state: 5, connectedNum: '74951234567', connectedName: 'Ivan Petrov' };
const phoneUp: Chan11 = { ...phoneRinging, state: 6 };

const ringing: AmiPacket[] = [
  ast11.newchannel(trunk),
  ast11.newchannel(phone),
  ast11.dialBegin(trunk, phone, '101'),
  ast11.newstate(phoneRinging),
];

describe('Asterisk 11 (SIP/101)', () => {
  it('incoming: Dial Begin pops the caller; answered, held with Hold Status On/Off, ended answered here', () => {
    const t = tracker();
    const updates = run(t, [
      ...ringing,
      ast11.newstate(phoneUp),
      ast11.newstate({ ...trunk, state: 6 }),
      ast11.dialEnd(trunk, 'ANSWER'),
      ast11.bridge('Link', trunk, phoneUp),
      ast11.hold(phoneUp, true),
      ast11.hold(phoneUp, false),
      ast11.bridge('Unlink', trunk, phoneUp),
      ast11.hangup(phoneUp, 16, 'Normal Clearing'),
      ast11.hangup(trunk, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:connected', 'in:held', 'in:connected', 'in:ended:answered-here']);
    expect(updates[0]).toMatchObject({
      id: 'ast-1400000000.5',
      remote: { number: '74951234567', name: 'Ivan Petrov' },
      line: 'SIP/101-00000003',
    });
  });

  it('answered as soon as the Bridge links the phone, even without Newstate Up', () => {
    const updates = run(tracker(), [...ringing, ast11.dialEnd(trunk, 'ANSWER'), ast11.bridge('Link', trunk, phoneUp)]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:connected']);
  });

  it('missed: the caller hangs up while the phone rings (Dial End CANCEL)', () => {
    const updates = run(tracker(), [...ringing, ast11.dialEnd(trunk, 'CANCEL'), ast11.hangup(phoneRinging, 16, 'Normal Clearing')]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
  });

  it('answered elsewhere: Dial(SIP/101&SIP/102) answered by 102, cause 26 or not', () => {
    const phone102: Chan11 = { ...phone, channel: 'SIP/102-00000004', callerNum: '102', uniqueid: '1400000000.6' };
    for (const cause of [26, 16]) {
      const updates = run(tracker(), [
        ...ringing,
        ast11.newchannel(phone102),
        ast11.dialBegin(trunk, phone102, '102'),
        ast11.newstate({ ...phone102, state: 5 }),
        ast11.newstate({ ...phone102, state: 6 }),
        // 11's Dial End names only the caller: its ANSWER is 102's, since 101 is still ringing.
        ast11.dialEnd(trunk, 'ANSWER'),
        ast11.hangup(phoneRinging, cause, cause === 26 ? 'Answered elsewhere' : 'Normal Clearing'),
        ast11.bridge('Link', trunk, { ...phone102, state: 6 }),
      ]);
      expect(summary(updates), `cause ${cause}`).toEqual(['in:ringing', 'in:ended:answered-elsewhere']);
    }
  });

  it('busy and rejected by hangup cause', () => {
    const busy = run(tracker(), [...ringing.slice(0, 3), ast11.dialEnd(trunk, 'BUSY'), ast11.hangup(phone, 17, 'User busy')]);
    expect(summary(busy)).toEqual(['in:ringing', 'in:ended:busy']);
    const rejected = run(tracker(), [...ringing, ast11.dialEnd(trunk, 'BUSY'), ast11.hangup(phoneRinging, 21, 'Call Rejected')]);
    expect(summary(rejected)).toEqual(['in:ringing', 'in:ended:rejected']);
  });

  it('a ringing phone with no Dial event (e.g. a queue) pops from the connected line of Newstate', () => {
    const updates = run(tracker(), [ast11.newchannel(phone), ast11.newstate(phoneRinging)]);
    expect(updates).toMatchObject([{ direction: 'in', state: 'ringing', remote: { number: '74951234567', name: 'Ivan Petrov' } }]);
  });

  it('ignores calls of another phone', () => {
    const other: Chan11 = { ...phone, channel: 'SIP/102-00000004', uniqueid: '1400000000.6' };
    const updates = run(tracker(), [
      ast11.newchannel(other),
      ast11.dialBegin(trunk, other, '102'),
      ast11.newstate({ ...other, state: 5, connectedNum: '74951234567' }),
      ast11.newstate({ ...other, state: 6 }),
      ast11.dialEnd(trunk, 'ANSWER'),
      ast11.bridge('Link', trunk, other),
      ast11.hold(other, true),
      ast11.hangup(other, 16, 'Normal Clearing'),
    ]);
    expect(updates).toEqual([]);
  });

  it('click-to-dial: Originate emits no Dial event in 11, so the expected Originate makes the ringing phone outgoing', () => {
    const t = tracker();
    t.expectOriginate('c2d-11', '84951112233');
    const c2d: Chan11 = { channel: 'SIP/101-00000007', state: 0, uniqueid: '1400000100.9' };
    const c2dRinging: Chan11 = { ...c2d, state: 5, callerNum: '84951112233', connectedNum: '84951112233', connectedName: 'Click-to-dial' };
    const c2dUp: Chan11 = { ...c2dRinging, state: 6, callerNum: '101', callerName: 'Anna' };
    const far: Chan11 = { channel: 'SIP/trunk-00000008', state: 0, callerNum: '84951112233', uniqueid: '1400000103.10' };
    const updates = run(t, [
      ast11.newchannel(c2d),
      ast11.newstate(c2dRinging),
      ast11.newstate(c2dUp),
      ast11.originateResponse('c2d-11', c2dUp, '84951112233'),
      ast11.newchannel(far),
      ast11.dialBegin(c2dUp, far, 'trunk/84951112233'),
      ast11.newstate({ ...far, state: 5 }),
      ast11.newstate({ ...far, state: 6 }),
      ast11.dialEnd(c2dUp, 'ANSWER'),
      ast11.bridge('Link', c2dUp, { ...far, state: 6 }),
      ast11.hangup(c2dUp, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['out:dialing', 'out:connected', 'out:ended:answered-here']);
    expect(updates.every((c) => c.id === 'ast-1400000100.9' && c.remote.number === '84951112233' && c.remote.name === '')).toBe(true);
  });

  it('an expected Originate no longer claims a ringing phone after the claim window', () => {
    let now = 1_400_000_000_000;
    const t = new AsteriskCallTracker(PHONE_101, { now: () => now });
    t.expectOriginate('c2d-old', '84951112233');
    now += 31_000;
    const updates = run(t, [ast11.newchannel(phone), ast11.newstate(phoneRinging)]);
    expect(summary(updates)).toEqual(['in:ringing']);
  });

  it('a refused Originate (cancelOriginate) does not claim the next phone ringing without a Dial event', () => {
    const t = tracker();
    t.expectOriginate('c2d-11', '84951112233');
    t.cancelOriginate('c2d-11');
    const updates = run(t, [ast11.newchannel(phone), ast11.newstate(phoneRinging)]);
    expect(updates).toMatchObject([{ direction: 'in', state: 'ringing', remote: { number: '74951234567', name: 'Ivan Petrov' } }]);
  });

  it('a failed OriginateResponse (Reason 0, Uniqueid <null>) does not claim the next phone ringing without a Dial event', () => {
    const t = tracker();
    t.expectOriginate('c2d-11', '84951112233');
    expect(t.apply(ast11.originateFailure('c2d-11', 'SIP/101', '84951112233', 0))).toEqual([]);
    // 11 says <null> where no channel was made: no call id made of it.
    expect(t.originateResult('c2d-11')).toEqual({ success: false, reason: 0, callId: undefined });
    const updates = run(t, [ast11.newchannel(phone), ast11.newstate(phoneRinging)]);
    expect(summary(updates)).toEqual(['in:ringing']);
  });

  it('a tracker restarted with the known call continues it', () => {
    const first = tracker();
    run(first, ringing);
    const restarted = tracker(first.liveCalls());
    const updates = run(restarted, [ast11.newstate(phoneUp), ast11.bridge('Link', trunk, phoneUp), ast11.hangup(phoneUp, 16, 'Normal Clearing')]);
    expect(updates.map((c) => `${c.id}:${c.state}`)).toEqual(['ast-1400000000.5:connected', 'ast-1400000000.5:ended']);
  });
});
