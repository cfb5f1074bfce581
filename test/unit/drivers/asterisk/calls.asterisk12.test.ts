// Hand-written Asterisk 12+ event sequences for a PJSIP desk phone 101, with every snapshot field
// as main/manager_channels.c emits it (see ami.ts). What happens on the wire is modelled on the
// recorded transcripts (§3/§4) and on apps/app_dial.c (CANCEL then cause 26 for the other phones
// of a ring group).
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import { AsteriskCallTracker } from '../../../../src/drivers/asterisk/calls.ts';
import { eventsOf, parseRawmanPackets, type AmiPacket } from '../../../../src/drivers/asterisk/rawman.ts';
import { ast12, fixture, noise, type Chan } from './ami.ts';

const PHONE_101 = { device: 'PJSIP/101', extension: '101' };

function tracker(known: readonly Call[] = []) {
  let t = 1_795_240_000_000;
  return new AsteriskCallTracker(PHONE_101, { now: () => (t += 1000) }, known);
}

function run(t: AsteriskCallTracker, events: readonly AmiPacket[]): Call[] {
  return events.flatMap((event) => t.apply(event));
}

const summary = (calls: readonly Call[]) => calls.map((c) => `${c.direction}:${c.state}${c.ending ? `:${c.ending}` : ''}`);

// An external caller on the trunk, dialling the DID that rings 101.
const trunk: Chan = {
  channel: 'PJSIP/trunk-00000010',
  state: 4,
  callerNum: '74951234567',
  callerName: 'Ivan Petrov',
  context: 'from-trunk',
  exten: '74950001122',
  uniqueid: '1795240000.30',
  linkedid: '1795240000.30',
};
const phoneDown: Chan = {
  channel: 'PJSIP/101-00000011',
  state: 0,
  callerNum: '101',
  callerName: 'Anna',
  connectedNum: '74951234567',
  connectedName: 'Ivan Petrov',
  context: 'from-internal',
  exten: '101',
  uniqueid: '1795240000.31',
  linkedid: '1795240000.30',
};
const phoneRinging: Chan = { ...phoneDown, state: 5 };
const phoneUp: Chan = { ...phoneDown, state: 6, exten: '' };
const trunkInDial: Chan = { ...trunk, context: 'ext-local', exten: '101', priority: 3 };

/** Caller dials 101; the phone rings. */
const ringing: AmiPacket[] = [
  ast12.newchannel(trunk),
  ast12.newchannel({ ...phoneDown, callerNum: '', callerName: '', connectedNum: '', connectedName: '' }),
  ast12.newCallerid(phoneDown),
  ast12.newConnectedLine(phoneDown),
  ast12.dialBegin(trunkInDial, phoneDown, '101'),
  noise.extensionStatus('101', 8, 'Ringing'),
  noise.deviceStateChange('PJSIP/101', 'RINGING'),
  ast12.newstate(phoneRinging),
  ast12.dialState(trunkInDial, phoneRinging, 'RINGING'),
];

const BRIDGE = '2b0c5f1e-0d7a-4c8e-9f61-5e3a9b7c1d20';
const answered: AmiPacket[] = [
  ast12.newstate(phoneUp),
  ast12.dialEnd(trunkInDial, phoneUp, 'ANSWER'),
  ast12.newstate({ ...trunkInDial, state: 6 }),
  ast12.bridgeCreate(BRIDGE),
  ast12.bridgeEnter(BRIDGE, 1, { ...trunkInDial, state: 6 }),
  ast12.bridgeEnter(BRIDGE, 2, phoneUp),
];

describe('incoming calls (Asterisk 12+, PJSIP/101)', () => {
  it('pops a ringing incoming call with the caller number and name', () => {
    const updates = run(tracker(), ringing);
    expect(updates).toEqual([
      {
        id: 'ast-1795240000.31',
        direction: 'in',
        state: 'ringing',
        remote: { number: '74951234567', name: 'Ivan Petrov' },
        line: 'PJSIP/101-00000011',
        startedAt: expect.any(Number),
      },
    ]);
  });

  it('missed: the caller hangs up while the phone rings', () => {
    const updates = run(tracker(), [
      ...ringing,
      ast12.dialEnd(trunkInDial, phoneRinging, 'CANCEL'),
      ast12.hangup(phoneRinging, 16, 'Normal Clearing'),
      ast12.hangup(trunkInDial, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
    expect(updates[1]!.endedAt).toBeDefined();
  });

  it('missed: nobody answers before the Dial timeout', () => {
    const updates = run(tracker(), [
      ...ringing,
      ast12.dialEnd(trunkInDial, phoneRinging, 'NOANSWER'),
      ast12.hangup(phoneRinging, 19, 'No answer'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
  });

  it('answered elsewhere: another phone of the ring group picks up (DialEnd CANCEL + cause 26)', () => {
    const phone102: Chan = { ...phoneDown, channel: 'PJSIP/102-00000012', callerNum: '102', callerName: 'Boris', uniqueid: '1795240000.32' };
    const updates = run(tracker(), [
      ast12.newchannel(trunk),
      ast12.newchannel(phoneDown),
      ast12.newchannel(phone102),
      ast12.dialBegin(trunkInDial, phoneDown, '101'),
      ast12.dialBegin(trunkInDial, phone102, '102'),
      ast12.newstate(phoneRinging),
      ast12.newstate({ ...phone102, state: 5 }),
      ast12.newstate({ ...phone102, state: 6 }),
      ast12.dialEnd(trunkInDial, phoneRinging, 'CANCEL'),
      ast12.hangup(phoneRinging, 26, 'Answered elsewhere'),
      ast12.dialEnd(trunkInDial, { ...phone102, state: 6 }, 'ANSWER'),
      ast12.bridgeEnter(BRIDGE, 1, { ...phone102, state: 6 }),
      ast12.bridgeEnter(BRIDGE, 2, { ...trunkInDial, state: 6 }),
      ast12.hangup({ ...phone102, state: 6 }, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:answered-elsewhere']);
    expect(updates.every((c) => c.id === 'ast-1795240000.31')).toBe(true);
  });

  it('answered elsewhere in a queue of Local/ members, without cause 26; the helper legs make no calls', () => {
    // Queue → Local/10x@from-queue;1, whose ;2 half dials the phone (FreePBX style).
    const local = (exten: string, seq: string, half: 1 | 2, uid: string): Chan => ({
      channel: `Local/${exten}@from-queue-${seq};${half}`,
      state: half === 1 ? 0 : 4,
      callerNum: half === 1 ? exten : '74951234567',
      callerName: half === 1 ? '' : 'Ivan Petrov',
      connectedNum: half === 1 ? '74951234567' : exten,
      context: 'from-queue',
      exten,
      uniqueid: uid,
      linkedid: trunk.linkedid,
    });
    const l101a = local('101', '0000000c', 1, '1795240000.40');
    const l101b = local('101', '0000000c', 2, '1795240000.41');
    const l102a = local('102', '0000000d', 1, '1795240000.42');
    const l102b = local('102', '0000000d', 2, '1795240000.43');
    const p102: Chan = { ...phoneDown, channel: 'PJSIP/102-00000013', callerNum: '102', uniqueid: '1795240000.44' };
    const inQueue: Chan = { ...trunk, context: 'ext-queues', exten: '600' };
    const updates = run(tracker(), [
      ast12.newchannel(trunk),
      ...[l101a, l101b, l102a, l102b].map(ast12.newchannel),
      ast12.dialBegin(inQueue, l101a, 'Local/101@from-queue/n'),
      ast12.dialBegin(inQueue, l102a, 'Local/102@from-queue/n'),
      ast12.newchannel(phoneDown),
      ast12.dialBegin(l101b, phoneDown, '101'),
      ast12.newchannel(p102),
      ast12.dialBegin(l102b, p102, '102'),
      ast12.newstate(phoneRinging),
      ast12.newstate({ ...l101a, state: 5 }),
      ast12.newstate({ ...p102, state: 6 }),
      ast12.dialEnd(l102b, { ...p102, state: 6 }, 'ANSWER'),
      ast12.dialEnd(inQueue, { ...l102a, state: 6 }, 'ANSWER'),
      ast12.dialEnd(inQueue, l101a, 'CANCEL'),
      ast12.hangup(l101a, 16, 'Normal Clearing'),
      ast12.dialEnd(l101b, phoneRinging, 'CANCEL'),
      ast12.hangup(l101b, 16, 'Normal Clearing'),
      ast12.hangup(phoneRinging, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:answered-elsewhere']);
    expect(updates[0]).toMatchObject({ id: 'ast-1795240000.31', remote: { number: '74951234567', name: 'Ivan Petrov' } });
  });

  it('busy: the phone answers 486 Busy Here', () => {
    const updates = run(tracker(), [
      ...ringing.slice(0, 5),
      ast12.dialEnd(trunkInDial, { ...phoneDown, state: 7 }, 'BUSY'),
      ast12.hangup({ ...phoneDown, state: 7 }, 17, 'User busy'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:busy']);
  });

  it('rejected: the user declines on the phone (603 → cause 21)', () => {
    const updates = run(tracker(), [
      ...ringing,
      ast12.dialEnd(trunkInDial, phoneRinging, 'BUSY'),
      ast12.hangup(phoneRinging, 21, 'Call Rejected'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:rejected']);
  });

  it('answered, held, resumed, hung up', () => {
    const t = tracker();
    const updates = run(t, [
      ...ringing,
      ...answered,
      ast12.hold(phoneUp),
      ast12.unhold(phoneUp),
      ast12.hold(phoneUp),
      ast12.unhold(phoneUp),
      ast12.bridgeLeave(BRIDGE, 1, phoneUp),
      ast12.hangup(phoneUp, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual([
      'in:ringing',
      'in:connected',
      'in:held',
      'in:connected',
      'in:held',
      'in:connected',
      'in:ended:answered-here',
    ]);
    expect(updates[6]!.answeredAt).toBe(updates[1]!.answeredAt);
    expect(t.liveCalls()).toEqual([]);
    expect(t.channelOf('ast-1795240000.31')).toBeUndefined();
  });

  it('knows the channel of a live call for the Hangup action', () => {
    const t = tracker();
    run(t, [...ringing, ...answered]);
    expect(t.channelOf('ast-1795240000.31')).toBe('PJSIP/101-00000011');
    expect(t.channelOf('ast-nosuch')).toBeUndefined();
    expect(t.channelOf('not-an-asterisk-id')).toBeUndefined();
  });

  it('ignores a call to another extension, and extensions that only share a prefix', () => {
    const other = (channel: string, uniqueid: string): Chan => ({ ...phoneDown, channel, uniqueid, callerNum: channel.slice(6, 9) });
    for (const leg of [other('PJSIP/102-00000014', '1795240000.50'), other('PJSIP/1010-00000015', '1795240000.51')]) {
      const updates = run(tracker(), [
        ast12.newchannel(leg),
        ast12.dialBegin(trunkInDial, leg, '102'),
        ast12.newstate({ ...leg, state: 5 }),
        ast12.newstate({ ...leg, state: 6 }),
        ast12.dialEnd(trunkInDial, { ...leg, state: 6 }, 'ANSWER'),
        ast12.bridgeEnter(BRIDGE, 2, { ...leg, state: 6 }),
        ast12.hold({ ...leg, state: 6 }),
        ast12.hangup({ ...leg, state: 6 }, 16, 'Normal Clearing'),
      ]);
      expect(updates, leg.channel).toEqual([]);
    }
  });

  it('fills in the caller name when it arrives late (NewConnectedLine on the phone)', () => {
    const noName = { ...trunkInDial, callerName: '' };
    const t = tracker();
    const updates = run(t, [
      ast12.newchannel({ ...phoneDown, connectedName: '' }),
      ast12.dialBegin(noName, { ...phoneDown, connectedName: '' }, '101'),
      ast12.newstate({ ...phoneRinging, connectedName: '' }),
      ast12.newConnectedLine({ ...phoneRinging, connectedName: 'Ivan Petrov' }),
      ast12.newConnectedLine({ ...phoneRinging, connectedName: 'Ivan Petrov' }),
    ]);
    expect(updates.map((c) => [c.id, c.state, c.remote.name])).toEqual([
      ['ast-1795240000.31', 'ringing', ''],
      ['ast-1795240000.31', 'ringing', 'Ivan Petrov'],
    ]);
  });

  it('fills in the caller name when the caller channel learns it (NewCallerid, a CNAM lookup)', () => {
    const noName = { ...trunkInDial, callerName: '' };
    const updates = run(tracker(), [
      ast12.dialBegin(noName, { ...phoneDown, connectedName: '' }, '101'),
      ast12.newCallerid({ ...noName, callerName: 'Ivan Petrov' }),
    ]);
    expect(updates.map((c) => c.remote)).toEqual([
      { number: '74951234567', name: '' },
      { number: '74951234567', name: 'Ivan Petrov' },
    ]);
  });

  it('shows no name when the trunk sends the number as the name, and takes a real one from the phone', () => {
    const numberAsName = { ...trunkInDial, callerName: '74951234567' };
    const bare = run(tracker(), [ast12.dialBegin(numberAsName, { ...phoneDown, connectedName: '74951234567' }, '101')]);
    expect(bare[0]!.remote).toEqual({ number: '74951234567', name: '' });
    const named = run(tracker(), [ast12.dialBegin(numberAsName, phoneDown, '101')]);
    expect(named[0]!.remote).toEqual({ number: '74951234567', name: 'Ivan Petrov' });
  });
});

describe('restart continuity (Asterisk 12+)', () => {
  it('a tracker built with the known call continues it under the same id without re-reporting it', () => {
    const first = tracker();
    const [popped] = run(first, ringing);
    const restarted = tracker(first.liveCalls());
    expect(restarted.liveCalls()).toEqual([popped]);
    // Events repeating what is known are no news.
    expect(run(restarted, [ast12.dialState(trunkInDial, phoneRinging, 'RINGING'), ast12.newstate(phoneRinging)])).toEqual([]);
    const updates = run(restarted, [...answered, ast12.hangup(phoneUp, 16, 'Normal Clearing')]);
    expect(updates.map((c) => [c.id, c.state, c.startedAt])).toEqual([
      [popped!.id, 'connected', popped!.startedAt],
      [popped!.id, 'ended', popped!.startedAt],
    ]);
    expect(updates[1]!.ending).toBe('answered-here');
  });

  it('a fresh tracker that missed the start derives the same id from the next event', () => {
    const [popped] = run(tracker(), ringing);
    const fresh = tracker();
    const updates = run(fresh, [ast12.newstate(phoneUp)]);
    expect(updates).toMatchObject([{ id: popped!.id, direction: 'in', state: 'connected', remote: { number: '74951234567' } }]);
  });

  it('a late event about an ended channel does not bring its call back', () => {
    const t = tracker();
    run(t, [...ringing, ast12.hangup(phoneRinging, 16, 'Normal Clearing')]);
    expect(run(t, [ast12.newstate(phoneRinging), ast12.dialState(trunkInDial, phoneRinging, 'RINGING')])).toEqual([]);
  });

  it('resynchronises from CoreShowChannels: takes up current calls, ends the ones that are gone', () => {
    const gone: Call = {
      id: 'ast-1795240900.12',
      direction: 'in',
      state: 'ringing',
      remote: { number: '74959990000', name: '' },
      line: 'PJSIP/101-0000000f',
      startedAt: 1_795_240_900_000,
    };
    const t = tracker([gone]);
    const channels = eventsOf(parseRawmanPackets(fixture('coreshowchannels.handwritten.txt')));
    const updates = t.reconcile(channels);
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'ast-1795241000.41', direction: 'in', state: 'connected', remote: { number: '74957654321', name: 'Petr Sidorov' } }),
        expect.objectContaining({ id: 'ast-1795241030.42', direction: 'out', state: 'dialing', remote: { number: '84951112233', name: '' } }),
        expect.objectContaining({ id: gone.id, state: 'ended', ending: 'missed' }),
      ]),
    );
    expect(updates).toHaveLength(3);
    // The same list again changes nothing.
    expect(t.reconcile(channels)).toEqual([]);
    expect(t.liveCalls().map((c) => c.id).sort()).toEqual(['ast-1795241000.41', 'ast-1795241030.42']);
  });
});

describe('outgoing calls (Asterisk 12+, PJSIP/101)', () => {
  // Click-to-dial as driver.ts sends it: Channel=PJSIP/101, CallerID "Click-to-dial" <84951112233>.
  const c2d: Chan = {
    channel: 'PJSIP/101-00000020',
    state: 0,
    callerNum: '84951112233',
    callerName: 'Click-to-dial',
    connectedNum: '84951112233',
    connectedName: 'Click-to-dial',
    exten: '101',
    uniqueid: '1795240100.60',
    linkedid: '1795240100.60',
  };
  const c2dUp: Chan = { ...c2d, state: 6, callerNum: '101', callerName: 'Anna', context: 'from-internal', exten: '84951112233', priority: 4 };
  const far: Chan = {
    channel: 'PJSIP/trunk-00000021',
    state: 0,
    callerNum: '84951112233',
    connectedNum: '101',
    connectedName: 'Anna',
    context: 'from-trunk',
    exten: '84951112233',
    uniqueid: '1795240103.61',
    linkedid: '1795240100.60',
  };
  const userPicksUp: AmiPacket[] = [
    ast12.newchannel({ ...c2d, callerNum: '', callerName: '', connectedNum: '', connectedName: '' }),
    ast12.newCallerid({ ...c2d, connectedNum: '', connectedName: '' }),
    ast12.newConnectedLine(c2d),
    ast12.dialBegin(undefined, c2d, '101'),
    ast12.newstate({ ...c2d, state: 5 }),
    ast12.dialState(undefined, { ...c2d, state: 5 }, 'RINGING'),
    ast12.newstate({ ...c2d, state: 6 }),
    ast12.dialEnd(undefined, { ...c2d, state: 6 }, 'ANSWER'),
    ast12.originateResponse('c2d-7', 'Success', c2d, '84951112233', 4),
    ast12.newCallerid(c2dUp),
    ast12.newchannel(far),
    ast12.dialBegin(c2dUp, far, 'trunk/84951112233'),
    ast12.newstate({ ...far, state: 5 }),
    ast12.dialState(c2dUp, { ...far, state: 5 }, 'RINGING'),
  ];

  it('click-to-dial: dialing while both phones ring, connected when the far end answers, never incoming', () => {
    const t = tracker();
    t.expectOriginate('c2d-7', '84951112233');
    const updates = run(t, [
      ...userPicksUp,
      ast12.newstate({ ...far, state: 6 }),
      ast12.dialEnd(c2dUp, { ...far, state: 6 }, 'ANSWER'),
      ast12.bridgeEnter(BRIDGE, 1, { ...far, state: 6 }),
      ast12.bridgeEnter(BRIDGE, 2, c2dUp),
      ast12.hangup(c2dUp, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['out:dialing', 'out:connected', 'out:ended:answered-here']);
    // The CallerID we gave the user's phone is not the far end's name.
    expect(updates.map((c) => c.remote)).toEqual(Array(3).fill({ number: '84951112233', name: '' }));
    expect(t.originateResult('c2d-7')).toMatchObject({ success: true, reason: 4 });
  });

  it('click-to-dial: the user alone in a bridge (a conference, a parking lot) is not yet connected', () => {
    const t = tracker();
    t.expectOriginate('c2d-7', '84951112233');
    expect(summary(run(t, userPicksUp.slice(0, 9)))).toEqual(['out:dialing']);
    expect(t.apply(ast12.bridgeEnter(BRIDGE, 1, c2dUp))).toEqual([]);
    expect(summary(t.apply(ast12.bridgeEnter(BRIDGE, 2, { ...far, state: 6 })))).toEqual(['out:connected']);
  });

  it('click-to-dial to a busy number ends busy', () => {
    const t = tracker();
    t.expectOriginate('c2d-7', '84951112233');
    const updates = run(t, [...userPicksUp, ast12.dialEnd(c2dUp, { ...far, state: 7 }, 'BUSY'), ast12.hangup(c2dUp, 17, 'User busy')]);
    expect(summary(updates)).toEqual(['out:dialing', 'out:ended:busy']);
  });

  it('click-to-dial to an unreachable number ends failed', () => {
    const updates = run(tracker(), [...userPicksUp, ast12.dialEnd(c2dUp, far, 'CHANUNAVAIL'), ast12.hangup(c2dUp, 20, 'Subscriber absent')]);
    expect(summary(updates)).toEqual(['out:dialing', 'out:ended:failed']);
  });

  it('click-to-dial the user does not pick up ends cancelled, and its Originate outcome says no answer', () => {
    const t = tracker();
    t.expectOriginate('c2d-8', '84951112233');
    const updates = run(t, [
      ...userPicksUp.slice(0, 6),
      ast12.dialEnd(undefined, { ...c2d, state: 5 }, 'NOANSWER'),
      ast12.hangup({ ...c2d, state: 5 }, 19, 'No answer'),
      ast12.originateResponse('c2d-8', 'Failure', 'PJSIP/101', '84951112233', 3),
    ]);
    expect(summary(updates)).toEqual(['out:dialing', 'out:ended:cancelled']);
    expect(t.originateResult('c2d-8')).toEqual({ success: false, reason: 3, callId: undefined });
  });

  it('a call placed from the handset: dialing → connected (with the far end name) → ended', () => {
    const handset: Chan = {
      channel: 'PJSIP/101-00000030',
      state: 4,
      callerNum: '101',
      callerName: 'Anna',
      context: 'from-internal',
      exten: '102',
      uniqueid: '1795240200.70',
      linkedid: '1795240200.70',
    };
    const callee: Chan = { ...phoneDown, channel: 'PJSIP/102-00000031', callerNum: '102', callerName: 'Boris', connectedNum: '101', connectedName: 'Anna', uniqueid: '1795240200.71', linkedid: handset.linkedid };
    const handsetUp: Chan = { ...handset, state: 6, connectedNum: '102', connectedName: 'Boris' };
    const updates = run(tracker(), [
      ast12.newchannel(handset),
      ast12.newchannel(callee),
      ast12.dialBegin(handset, callee, '102'),
      ast12.newstate({ ...callee, state: 5 }),
      ast12.newstate({ ...callee, state: 6 }),
      ast12.dialEnd(handset, { ...callee, state: 6 }, 'ANSWER'),
      ast12.newConnectedLine({ ...handset, connectedNum: '102', connectedName: 'Boris' }),
      ast12.newstate(handsetUp),
      ast12.bridgeEnter(BRIDGE, 1, handsetUp),
      ast12.bridgeEnter(BRIDGE, 2, { ...callee, state: 6 }),
      ast12.hangup(handsetUp, 16, 'Normal Clearing'),
    ]);
    expect(updates.map((c) => [c.direction, c.state, c.remote.number, c.remote.name])).toEqual([
      ['out', 'dialing', '102', ''],
      ['out', 'connected', '102', ''],
      ['out', 'connected', '102', 'Boris'],
      ['out', 'ended', '102', 'Boris'],
    ]);
    expect(updates[3]!.ending).toBe('answered-here');
  });
});

describe('a click-to-dial that failed does not swallow the next incoming call (Asterisk 12+)', () => {
  // An incoming leg first seen without a DialBegin — here through CoreShowChannels after a new
  // session, or by its Newstate Ringing — is what a pending Originate would claim (§4: an Originate
  // leg may show no Dial event).
  const seenByList = (t: AsteriskCallTracker) => t.reconcile([ast12.coreShowChannel(phoneRinging, 'AppDial')]);
  const seenByNewstate = (t: AsteriskCallTracker) => run(t, [ast12.newchannel(phoneDown), ast12.newstate(phoneRinging)]);

  it.each([
    ['CoreShowChannels', seenByList],
    ['Newstate Ringing', seenByNewstate],
  ])('the Originate action was refused → an incoming call seen by %s pops as incoming', (_, see) => {
    const t = tracker();
    t.expectOriginate('c2d-9', '84951112233');
    t.cancelOriginate('c2d-9');
    expect(see(t)).toMatchObject([{ id: 'ast-1795240000.31', direction: 'in', state: 'ringing', remote: { number: '74951234567' } }]);
    expect(t.originateResult('c2d-9')).toBeUndefined();
  });

  it.each([
    ['CoreShowChannels', seenByList],
    ['Newstate Ringing', seenByNewstate],
  ])('the OriginateResponse failed (Reason 0) → an incoming call seen by %s pops as incoming', (_, see) => {
    const t = tracker();
    t.expectOriginate('c2d-9', '84951112233');
    expect(t.apply(ast12.originateResponse('c2d-9', 'Failure', 'PJSIP/101', '84951112233', 0))).toEqual([]);
    expect(see(t)).toMatchObject([{ direction: 'in', state: 'ringing', remote: { number: '74951234567' } }]);
    expect(t.originateResult('c2d-9')).toEqual({ success: false, reason: 0, callId: undefined });
  });

  it('while the Originate is still pending, the same leg is taken for it (why the two cases above matter)', () => {
    const t = tracker();
    t.expectOriginate('c2d-9', '84951112233');
    expect(seenByNewstate(t)).toMatchObject([{ direction: 'out', state: 'dialing', remote: { number: '84951112233' } }]);
  });

  it('cancelling one Originate leaves another pending one claimable', () => {
    const t = tracker();
    t.expectOriginate('c2d-refused', '84950000001');
    t.expectOriginate('c2d-queued', '84951112233');
    t.cancelOriginate('c2d-refused');
    expect(seenByNewstate(t)).toMatchObject([{ direction: 'out', remote: { number: '84951112233' } }]);
  });
});

describe('robustness', () => {
  it('ignores noise and never throws on missing fields', () => {
    const t = tracker();
    const bare = (text: string) => parseRawmanPackets(text)[0]!;
    const events = [
      noise.deviceStateChange('PJSIP/101', 'INUSE'),
      noise.extensionStatus('101', 1, 'InUse'),
      noise.invalidPassword(),
      noise.varSet(phoneUp),
      noise.hangupRequest(phoneUp),
      bare('Event: Cdr\r\nChannel: PJSIP/101-00000011\r\nDisposition: ANSWERED\r\n'),
      bare('Event: QueueMemberStatus\r\nInterface: PJSIP/101\r\nStatus: 6\r\n'),
      bare('Event: SuccessfulAuth\r\nPrivilege: security,all\r\nAccountID: ext\r\n'),
      bare('Response: Success\r\nMessage: Waiting for Event completed.\r\n'),
      bare('Event: WaitEventComplete\r\n'),
      ...['Newchannel', 'Newstate', 'NewCallerid', 'NewConnectedLine', 'DialBegin', 'DialState', 'DialEnd', 'Dial', 'BridgeEnter', 'Bridge', 'Link', 'Hold', 'Unhold', 'Hangup', 'OriginateResponse', 'CoreShowChannel'].map(
        (name) => bare(`Event: ${name}\r\n`),
      ),
      bare('Event: Dial\r\nSubEvent: End\r\nDialStatus: ANSWER\r\n'),
      bare('Event: Newstate\r\nChannel: PJSIP/101-00000099\r\nChannelState: banana\r\n'),
      bare('Event: Hangup\r\nChannel: PJSIP/101-00000099\r\nUniqueid: 1.2\r\nCause: \r\n'),
    ];
    expect(() => run(t, events)).not.toThrow();
    expect(run(tracker(), events)).toEqual([]);
  });
});
