// One incoming call ringing two channels of the user's device: a PJSIP endpoint 101 with two
// contacts (desk phone + softphone, max_contacts = 2), which FreePBX dials through
// PJSIP_DIAL_CONTACTS as Dial(PJSIP/101/sip:…&PJSIP/101/sip:…) — one channel per contact
// (docs.asterisk.org "Dialing PJSIP Channels"). The event order follows apps/app_dial.c
// dial_exec_full / wait_for_answer: every channel is requested (Newchannel) before any is called
// (DialBegin); when one answers (Newstate Up) the others get DialEnd CANCEL and are hung up with
// cause 26 (hanguptree), and only then the winner's DialEnd ANSWER; a busy or declining contact is
// hung up alone while the others ring on.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import { AsteriskCallTracker } from '../../../../src/drivers/asterisk/calls.ts';
import type { AmiPacket } from '../../../../src/drivers/asterisk/rawman.ts';
import { ast11, ast12, noise, type Chan, type Chan11 } from './ami.ts';

const PHONE_101 = { device: 'PJSIP/101', extension: '101' };

function tracker(known: readonly Call[] = []) {
  let t = 1_795_250_000_000;
  return new AsteriskCallTracker(PHONE_101, { now: () => (t += 1000) }, known);
}

function run(t: AsteriskCallTracker, events: readonly AmiPacket[]): Call[] {
  return events.flatMap((event) => t.apply(event));
}

const summary = (calls: readonly Call[]) => calls.map((c) => `${c.direction}:${c.state}${c.ending ? `:${c.ending}` : ''}`);
const ids = (calls: readonly Call[]) => [...new Set(calls.map((c) => c.id))];

const trunk: Chan = {
  channel: 'PJSIP/trunk-00000020',
  state: 4,
  callerNum: '74951234567',
  callerName: 'Ivan Petrov',
  context: 'from-trunk',
  exten: '74950001122',
  uniqueid: '1795250000.80',
  linkedid: '1795250000.80',
};
const trunkInDial: Chan = { ...trunk, context: 'macro-dial-one', exten: 's', priority: 52 };
const trunkUp: Chan = { ...trunkInDial, state: 6 };

const contact = (channel: string, uniqueid: string): Chan => ({
  channel,
  state: 0,
  callerNum: '101',
  callerName: 'Anna',
  connectedNum: '74951234567',
  connectedName: 'Ivan Petrov',
  context: 'from-internal',
  exten: '101',
  uniqueid,
  linkedid: trunk.linkedid,
});
const desk = contact('PJSIP/101-0000000a', '1795250000.81');
const soft = contact('PJSIP/101-0000000b', '1795250000.82');
const ringingOf = (c: Chan): Chan => ({ ...c, state: 5 });
const upOf = (c: Chan): Chan => ({ ...c, state: 6, exten: '' });
const bare = (c: Chan): Chan => ({ ...c, callerNum: '', callerName: '', connectedNum: '', connectedName: '' });

const DESK_ID = 'ast-1795250000.81';
const BRIDGE = '7d1e2c3b-5a4f-4e6d-8c9b-0a1b2c3d4e5f';

/** The trunk dials both contacts of 101; both ring. */
const ringBoth: AmiPacket[] = [
  ast12.newchannel(trunk),
  ast12.newchannel(bare(desk)),
  ast12.newchannel(bare(soft)),
  ast12.newCallerid({ ...desk, connectedNum: '', connectedName: '' }),
  ast12.newConnectedLine(desk),
  ast12.newCallerid({ ...soft, connectedNum: '', connectedName: '' }),
  ast12.newConnectedLine(soft),
  ast12.dialBegin(trunkInDial, desk, '101/sip:101@192.168.1.50:5060'),
  ast12.dialBegin(trunkInDial, soft, '101/sip:101@192.168.1.77:50612;transport=TCP'),
  noise.extensionStatus('101', 8, 'Ringing'),
  noise.deviceStateChange('PJSIP/101', 'RINGING'),
  ast12.newstate(ringingOf(desk)),
  ast12.dialState(trunkInDial, ringingOf(desk), 'RINGING'),
  ast12.newstate(ringingOf(soft)),
  ast12.dialState(trunkInDial, ringingOf(soft), 'RINGING'),
];

/** `winner` answers; app_dial cancels `loser` (CANCEL, cause 26), then bridges the caller. */
const answeredOn = (winner: Chan, loser: Chan): AmiPacket[] => [
  ast12.newstate(upOf(winner)),
  ast12.dialEnd(trunkInDial, ringingOf(loser), 'CANCEL'),
  ast12.hangup(ringingOf(loser), 26, 'Answered elsewhere'),
  ast12.dialEnd(trunkInDial, upOf(winner), 'ANSWER'),
  ast12.newstate(trunkUp),
  ast12.bridgeCreate(BRIDGE),
  ast12.bridgeEnter(BRIDGE, 1, trunkUp),
  ast12.bridgeEnter(BRIDGE, 2, upOf(winner)),
];

describe('one call rings two contacts of PJSIP/101 (Asterisk 12+)', () => {
  it('pops once while both contacts ring', () => {
    const t = tracker();
    const updates = run(t, ringBoth);
    expect(updates).toEqual([
      {
        id: DESK_ID,
        direction: 'in',
        state: 'ringing',
        remote: { number: '74951234567', name: 'Ivan Petrov' },
        line: desk.channel,
        startedAt: expect.any(Number),
      },
    ]);
    expect(t.liveCalls()).toHaveLength(1);
    // While it rings, a Hangup action names the first leg.
    expect(t.channelOf(DESK_ID)).toBe(desk.channel);
  });

  it('the softphone answers: one call, ringing → connected → ended answered here, under one id', () => {
    const t = tracker();
    const updates = run(t, [...ringBoth, ...answeredOn(soft, desk)]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:connected']);
    // The call now lives on the softphone's channel: that is what a Hangup action must name.
    expect(updates[1]).toMatchObject({ id: DESK_ID, line: soft.channel });
    expect(t.channelOf(DESK_ID)).toBe(soft.channel);
    // Hold, resume and hang-up on the answering leg.
    const rest = run(t, [
      ast12.hold(upOf(soft)),
      ast12.unhold(upOf(soft)),
      ast12.bridgeLeave(BRIDGE, 1, upOf(soft)),
      ast12.hangup(upOf(soft), 16, 'Normal Clearing'),
      ast12.hangup(trunkUp, 16, 'Normal Clearing'),
    ]);
    const all = [...updates, ...rest];
    expect(summary(all)).toEqual(['in:ringing', 'in:connected', 'in:held', 'in:connected', 'in:ended:answered-here']);
    expect(ids(all)).toEqual([DESK_ID]);
    expect(all.at(-1)!.answeredAt).toBe(updates[1]!.answeredAt);
    expect(t.liveCalls()).toEqual([]);
    expect(t.channelOf(DESK_ID)).toBeUndefined();
  });

  it('the desk phone (the first leg) answers: same single call', () => {
    const t = tracker();
    const updates = run(t, [...ringBoth, ...answeredOn(desk, soft), ast12.hangup(upOf(desk), 16, 'Normal Clearing')]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:connected', 'in:ended:answered-here']);
    expect(ids(updates)).toEqual([DESK_ID]);
    expect(updates[1]!.line).toBe(desk.channel);
  });

  it('the cancelled leg hanging up changes nothing; the call ends with the answering leg', () => {
    const t = tracker();
    run(t, [...ringBoth, ast12.newstate(upOf(soft)), ast12.dialEnd(trunkInDial, ringingOf(desk), 'CANCEL')]);
    expect(t.apply(ast12.hangup(ringingOf(desk), 26, 'Answered elsewhere'))).toEqual([]);
    expect(t.liveCalls()).toMatchObject([{ id: DESK_ID, state: 'connected' }]);
  });

  it('both contacts answer at once and app_dial keeps the second: the call moves to it, still one call', () => {
    const t = tracker();
    const updates = run(t, [
      ...ringBoth,
      ast12.newstate(upOf(desk)),
      ast12.newstate(upOf(soft)),
      // app_dial took the softphone (the first it saw Up) and drops the desk phone.
      ast12.dialEnd(trunkInDial, upOf(desk), 'CANCEL'),
      ast12.hangup(upOf(desk), 26, 'Answered elsewhere'),
      ast12.dialEnd(trunkInDial, upOf(soft), 'ANSWER'),
    ]);
    expect(updates.map((c) => [c.state, c.line])).toEqual([
      ['ringing', desk.channel],
      ['connected', desk.channel],
      ['connected', soft.channel],
    ]);
    expect(t.channelOf(DESK_ID)).toBe(soft.channel);
    expect(summary(t.apply(ast12.hangup(upOf(soft), 16, 'Normal Clearing')))).toEqual(['in:ended:answered-here']);
  });

  it.each([
    ['the caller gives up', 'CANCEL', 16, 'Normal Clearing'],
    ['nobody answers before the Dial timeout', 'NOANSWER', 19, 'No answer'],
  ])('both contacts ring and %s → one call, missed', (_, status, cause, text) => {
    const updates = run(tracker(), [
      ...ringBoth,
      ast12.dialEnd(trunkInDial, ringingOf(desk), status),
      ast12.dialEnd(trunkInDial, ringingOf(soft), status),
      ast12.hangup(ringingOf(desk), cause, text),
      ast12.hangup(ringingOf(soft), cause, text),
      ast12.hangup(trunkInDial, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
    expect(ids(updates)).toEqual([DESK_ID]);
  });

  it('ring group: both contacts of 101 ring, 102 answers → one call, answered elsewhere', () => {
    const phone102: Chan = { ...contact('PJSIP/102-0000000c', '1795250000.83'), callerNum: '102', callerName: 'Boris' };
    const updates = run(tracker(), [
      ast12.newchannel(trunk),
      ...[desk, soft, phone102].map((c) => ast12.newchannel(c)),
      ast12.dialBegin(trunkInDial, desk, '101/sip:101@192.168.1.50:5060'),
      ast12.dialBegin(trunkInDial, soft, '101/sip:101@192.168.1.77:50612'),
      ast12.dialBegin(trunkInDial, phone102, '102/sip:102@192.168.1.51:5060'),
      ...[desk, soft, phone102].map((c) => ast12.newstate(ringingOf(c))),
      ast12.newstate(upOf(phone102)),
      ast12.dialEnd(trunkInDial, ringingOf(desk), 'CANCEL'),
      ast12.dialEnd(trunkInDial, ringingOf(soft), 'CANCEL'),
      ast12.hangup(ringingOf(desk), 26, 'Answered elsewhere'),
      ast12.hangup(ringingOf(soft), 26, 'Answered elsewhere'),
      ast12.dialEnd(trunkInDial, upOf(phone102), 'ANSWER'),
      ast12.bridgeEnter(BRIDGE, 1, trunkUp),
      ast12.bridgeEnter(BRIDGE, 2, upOf(phone102)),
      ast12.hangup(upOf(phone102), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:answered-elsewhere']);
    expect(ids(updates)).toEqual([DESK_ID]);
  });

  it('queue of Local/ members: 102 answers, the contacts of 101 are cancelled without cause 26 → answered elsewhere', () => {
    // Queue → Local/101@from-queue;1 whose ;2 half dials both contacts; the same for 102.
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
    const l101a = local('101', '0000000d', 1, '1795250000.84');
    const l101b = local('101', '0000000d', 2, '1795250000.85');
    const l102a = local('102', '0000000e', 1, '1795250000.86');
    const inQueue: Chan = { ...trunk, context: 'ext-queues', exten: '600' };
    const updates = run(tracker(), [
      ast12.newchannel(trunk),
      ast12.newchannel(l101a),
      ast12.newchannel(l101b),
      ast12.newchannel(l102a),
      ast12.dialBegin(inQueue, l101a, 'Local/101@from-queue/n'),
      ast12.dialBegin(inQueue, l102a, 'Local/102@from-queue/n'),
      ast12.newchannel(desk),
      ast12.newchannel(soft),
      ast12.dialBegin(l101b, desk, '101/sip:101@192.168.1.50:5060'),
      ast12.dialBegin(l101b, soft, '101/sip:101@192.168.1.77:50612'),
      ast12.newstate(ringingOf(desk)),
      ast12.newstate(ringingOf(soft)),
      ast12.dialEnd(inQueue, { ...l102a, state: 6 }, 'ANSWER'),
      ast12.dialEnd(inQueue, l101a, 'CANCEL'),
      ast12.hangup(l101a, 16, 'Normal Clearing'),
      ast12.dialEnd(l101b, ringingOf(desk), 'CANCEL'),
      ast12.dialEnd(l101b, ringingOf(soft), 'CANCEL'),
      ast12.hangup(ringingOf(desk), 16, 'Normal Clearing'),
      ast12.hangup(ringingOf(soft), 16, 'Normal Clearing'),
      ast12.hangup(l101b, 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:answered-elsewhere']);
    expect(updates[0]).toMatchObject({ id: DESK_ID, remote: { number: '74951234567', name: 'Ivan Petrov' } });
  });

  it('the user declines on the desk phone (603) while the softphone rings on, then the caller gives up → rejected', () => {
    const updates = run(tracker(), [
      ...ringBoth,
      ast12.dialEnd(trunkInDial, ringingOf(desk), 'BUSY'),
      ast12.hangup(ringingOf(desk), 21, 'Call Rejected'),
      ast12.dialEnd(trunkInDial, ringingOf(soft), 'CANCEL'),
      ast12.hangup(ringingOf(soft), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:rejected']);
  });

  it('a busy softphone (do-not-disturb 486) does not make busy a call that rang on the desk → missed', () => {
    const busySoft: Chan = { ...soft, state: 7 };
    const updates = run(tracker(), [
      ...ringBoth.slice(0, 9),
      ast12.newstate(ringingOf(desk)),
      ast12.dialEnd(trunkInDial, busySoft, 'BUSY'),
      ast12.hangup(busySoft, 17, 'User busy'),
      ast12.dialEnd(trunkInDial, ringingOf(desk), 'CANCEL'),
      ast12.hangup(ringingOf(desk), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
  });

  it('both contacts busy → busy', () => {
    const updates = run(tracker(), [
      ...ringBoth.slice(0, 9),
      ast12.dialEnd(trunkInDial, { ...desk, state: 7 }, 'BUSY'),
      ast12.hangup({ ...desk, state: 7 }, 17, 'User busy'),
      ast12.dialEnd(trunkInDial, { ...soft, state: 7 }, 'BUSY'),
      ast12.hangup({ ...soft, state: 7 }, 17, 'User busy'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:busy']);
  });

  it('two different callers ringing at once stay two calls', () => {
    const other: Chan = { ...trunk, channel: 'PJSIP/trunk-00000021', callerNum: '74959998877', callerName: 'Olga', uniqueid: '1795250001.90', linkedid: '1795250001.90' };
    const secondLeg: Chan = { ...contact('PJSIP/101-0000000f', '1795250001.91'), connectedNum: '74959998877', connectedName: 'Olga', linkedid: other.linkedid };
    const t = tracker();
    const updates = run(t, [
      ast12.newchannel(trunk),
      ast12.newchannel(desk),
      ast12.dialBegin(trunkInDial, desk, '101/sip:101@192.168.1.50:5060'),
      ast12.newstate(ringingOf(desk)),
      ast12.newchannel(other),
      ast12.newchannel(secondLeg),
      ast12.dialBegin({ ...other, context: 'macro-dial-one', exten: 's' }, secondLeg, '101/sip:101@192.168.1.50:5060'),
      ast12.newstate(ringingOf(secondLeg)),
    ]);
    expect(updates.map((c) => [c.id, c.remote.number])).toEqual([
      [DESK_ID, '74951234567'],
      ['ast-1795250001.91', '74959998877'],
    ]);
    expect(t.liveCalls()).toHaveLength(2);
  });

  it('a leg with the Linkedid of a call already answered here is a new ring (the caller transferred back) and pops', () => {
    const t = tracker();
    run(t, [...ringBoth, ...answeredOn(soft, desk)]);
    const again = contact('PJSIP/101-00000010', '1795250000.95');
    const updates = run(t, [ast12.newchannel(again), ast12.newstate(ringingOf(again))]);
    expect(updates).toMatchObject([{ id: 'ast-1795250000.95', direction: 'in', state: 'ringing' }]);
  });

  it('a second leg that only reports Ringing (no DialBegin) joins by Linkedid, and is not taken for a pending click-to-dial', () => {
    const t = tracker();
    t.expectOriginate('c2d-x', '84951112233');
    const updates = run(t, [
      ast12.newchannel(trunk),
      ast12.newchannel(desk),
      ast12.dialBegin(trunkInDial, desk, '101/sip:101@192.168.1.50:5060'),
      ast12.newstate(ringingOf(desk)),
      ast12.newchannel(soft),
      ast12.newstate(ringingOf(soft)),
    ]);
    expect(summary(updates)).toEqual(['in:ringing']);
    expect(t.liveCalls()).toHaveLength(1);
  });
});

describe('restart while two contacts ring (Asterisk 12+)', () => {
  const listed = (c: Chan, app: string, bridge = '') => ast12.coreShowChannel(c, app, bridge);
  /** CoreShowChannels lists channels in no useful order: the second contact first here. */
  const midRing = [listed(ringingOf(soft), 'AppDial'), listed(trunkInDial, 'Dial'), listed(ringingOf(desk), 'AppDial')];

  it('known call + CoreShowChannels with both legs → the same single call, continued to the end', () => {
    const first = tracker();
    run(first, ringBoth);
    const known = first.liveCalls();
    expect(known).toMatchObject([{ id: DESK_ID, state: 'ringing' }]);

    const restarted = tracker(known);
    expect(restarted.reconcile(midRing)).toEqual([]);
    expect(restarted.liveCalls()).toEqual(known);
    // Events repeating what is known are no news, from either leg.
    expect(run(restarted, [ast12.newstate(ringingOf(soft)), ast12.dialState(trunkInDial, ringingOf(desk), 'RINGING')])).toEqual([]);

    const updates = run(restarted, [...answeredOn(soft, desk), ast12.hangup(upOf(soft), 16, 'Normal Clearing')]);
    expect(summary(updates)).toEqual(['in:connected', 'in:ended:answered-here']);
    expect(ids(updates)).toEqual([DESK_ID]);
    expect(updates[0]!.startedAt).toBe(known[0]!.startedAt);
  });

  it('after a restart mid-ring, the caller giving up still ends the one call missed', () => {
    const first = tracker();
    run(first, ringBoth);
    const restarted = tracker(first.liveCalls());
    restarted.reconcile(midRing);
    const updates = run(restarted, [
      ast12.dialEnd(trunkInDial, ringingOf(desk), 'CANCEL'),
      ast12.dialEnd(trunkInDial, ringingOf(soft), 'CANCEL'),
      ast12.hangup(ringingOf(desk), 16, 'Normal Clearing'),
      ast12.hangup(ringingOf(soft), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ended:missed']);
    expect(ids(updates)).toEqual([DESK_ID]);
  });

  it('a fresh tracker (nothing known) groups the two legs too, under the id of the older one', () => {
    const t = tracker();
    const updates = t.reconcile(midRing);
    expect(updates).toMatchObject([{ id: DESK_ID, direction: 'in', state: 'ringing', remote: { number: '74951234567' } }]);
    expect(t.liveCalls()).toHaveLength(1);
  });

  it('restart after the softphone answered: the call is found by its line and continued under its id', () => {
    const first = tracker();
    run(first, [...ringBoth, ...answeredOn(soft, desk)]);
    const known = first.liveCalls();
    // The id comes from the desk leg, long gone; the line names the softphone's channel.
    expect(known).toMatchObject([{ id: DESK_ID, state: 'connected', line: soft.channel }]);

    const restarted = tracker(known);
    expect(restarted.channelOf(DESK_ID)).toBe(soft.channel);
    expect(restarted.reconcile([listed(trunkUp, 'Dial', BRIDGE), listed(upOf(soft), 'AppDial', BRIDGE)])).toEqual([]);
    expect(restarted.liveCalls()).toEqual(known);
    const updates = run(restarted, [ast12.hold(upOf(soft)), ast12.hangup(upOf(soft), 16, 'Normal Clearing')]);
    expect(updates.map((c) => `${c.id}:${c.state}`)).toEqual([`${DESK_ID}:held`, `${DESK_ID}:ended`]);
    expect(updates[1]!.ending).toBe('answered-here');
  });

  it('restart after the softphone answered, without CoreShowChannels: its next event finds the call', () => {
    const first = tracker();
    run(first, [...ringBoth, ...answeredOn(soft, desk)]);
    const restarted = tracker(first.liveCalls());
    const updates = run(restarted, [ast12.hangup(upOf(soft), 16, 'Normal Clearing')]);
    expect(updates).toMatchObject([{ id: DESK_ID, state: 'ended', ending: 'answered-here' }]);
  });
});

describe('Asterisk 11: two channels of the device dialled by one caller channel (no Linkedid)', () => {
  // 11 has no Linkedid (§2.11); siblings are known by the caller channel in Dial Begin's UniqueID.
  const PHONE_SIP = { device: 'SIP/101', extension: '101' };
  const tracker11 = () => {
    let t = 1_400_000_000_000;
    return new AsteriskCallTracker(PHONE_SIP, { now: () => (t += 1000) });
  };
  const trunk11: Chan11 = {
    channel: 'SIP/trunk-00000002',
    state: 4,
    callerNum: '74951234567',
    callerName: 'Ivan Petrov',
    context: 'from-trunk',
    exten: '74950001122',
    uniqueid: '1400000000.4',
  };
  const leg = (channel: string, uniqueid: string): Chan11 => ({ channel, state: 0, callerNum: '101', callerName: 'Anna', uniqueid });
  const a = leg('SIP/101-00000003', '1400000000.5');
  const b = leg('SIP/101-00000004', '1400000000.6');
  const ring = (c: Chan11): Chan11 => ({ ...c, state: 5, connectedNum: '74951234567', connectedName: 'Ivan Petrov' });
  const up = (c: Chan11): Chan11 => ({ ...ring(c), state: 6 });
  const ringing11: AmiPacket[] = [
    ast11.newchannel(trunk11),
    ast11.newchannel(a),
    ast11.newchannel(b),
    ast11.dialBegin(trunk11, a, '101'),
    ast11.dialBegin(trunk11, b, '101'),
    ast11.newstate(ring(a)),
    ast11.newstate(ring(b)),
  ];

  it('one answers → one call, answered here', () => {
    const updates = run(tracker11(), [
      ...ringing11,
      ast11.newstate(up(b)),
      ast11.newstate({ ...trunk11, state: 6 }),
      // 11's Dial End names only the caller; then app_dial hangs up the other leg with cause 26.
      ast11.dialEnd(trunk11, 'ANSWER'),
      ast11.hangup(ring(a), 26, 'Answered elsewhere'),
      ast11.bridge('Link', trunk11, up(b)),
      ast11.bridge('Unlink', trunk11, up(b)),
      ast11.hangup(up(b), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:connected', 'in:ended:answered-here']);
    expect(ids(updates)).toEqual(['ast-1400000000.5']);
    expect(updates[1]!.line).toBe(b.channel);
  });

  it('the caller gives up → one call, missed', () => {
    const updates = run(tracker11(), [
      ...ringing11,
      ast11.dialEnd(trunk11, 'CANCEL'),
      ast11.hangup(ring(a), 16, 'Normal Clearing'),
      ast11.hangup(ring(b), 16, 'Normal Clearing'),
    ]);
    expect(summary(updates)).toEqual(['in:ringing', 'in:ended:missed']);
  });
});
