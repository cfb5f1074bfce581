// The recorded scenarios of asterisk-ajam-transcripts.md fed reply by reply, every event in order,
// to a tracker for the lab's desk phone 101 (device Local/101@phones).
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import { AsteriskCallTracker } from '../../../../src/drivers/asterisk/calls.ts';
import { eventsOf, parseRawmanPackets, type AmiPacket } from '../../../../src/drivers/asterisk/rawman.ts';
import { fixture, fixtureBody } from './ami.ts';

const LAB_PHONE = { device: 'Local/101@phones', extension: '101' };

/** §3: the WaitEvent replies of the incoming call, in the order they were received. */
const INCOMING_REPLIES = [
  's3-incoming-wait-1.txt',
  's3-incoming-wait-2.txt',
  's3-incoming-wait-3.txt',
  's3-incoming-wait-4.txt',
  's3-hangup-action.txt',
  's3-incoming-wait-5.txt',
  's3-incoming-wait-6.txt',
];

/** §4: the Originate reply, then the WaitEvent replies of the click-to-dial. */
const CLICK_TO_DIAL_REPLIES = [
  's4-originate-queued.txt',
  ...Array.from({ length: 10 }, (_, i) => `s4-click-to-dial-wait-${i + 1}.txt`),
];

function eventsIn(files: readonly string[]): AmiPacket[] {
  return files.flatMap((file) => eventsOf(parseRawmanPackets(fixtureBody(file))));
}

function run(tracker: AsteriskCallTracker, events: readonly AmiPacket[]): Call[] {
  return events.flatMap((event) => tracker.apply(event));
}

function clock() {
  let t = 1_795_239_029_000;
  return { now: () => (t += 10) };
}

describe('§3 incoming call to 101, answered, hung up (Asterisk 22)', () => {
  const events = eventsIn(INCOMING_REPLIES);

  it('has the 60 recorded events', () => {
    expect(events.filter((e) => e.headers.event !== 'WaitEventComplete')).toHaveLength(60);
  });

  it('pops one incoming call with the caller, connects it, ends it answered here', () => {
    const tracker = new AsteriskCallTracker(LAB_PHONE, clock());
    const updates = run(tracker, events);
    expect(updates.map((c) => c.state)).toEqual(['ringing', 'connected', 'ended']);
    const [ringing, connected, ended] = updates as [Call, Call, Call];
    expect(ringing).toMatchObject({
      id: 'ast-1795239029.18',
      direction: 'in',
      remote: { number: '74952294989', name: 'ACME Ltd' },
      line: 'Local/101@phones-00000009;1',
    });
    expect(new Set(updates.map((c) => c.id))).toEqual(new Set([ringing.id]));
    expect(connected.answeredAt).toBeGreaterThan(ringing.startedAt);
    expect(ended).toMatchObject({ direction: 'in', ending: 'answered-here', remote: { number: '74952294989', name: 'ACME Ltd' } });
    expect(ended.endedAt).toBeGreaterThan(connected.answeredAt!);
    expect(tracker.liveCalls()).toEqual([]);
  });

  it('rings at the DialBegin that names the phone, before the phone reports Ringing', () => {
    const tracker = new AsteriskCallTracker(LAB_PHONE, clock());
    const firstReply = eventsIn(INCOMING_REPLIES.slice(0, 2));
    const ringAt = firstReply.findIndex((event) => tracker.apply(event).length > 0);
    expect(firstReply[ringAt]!.headers).toMatchObject({ event: 'DialBegin', destchannel: 'Local/101@phones-00000009;1' });
    // While it rings, the phone's channel is what a Hangup action would name.
    expect(tracker.channelOf('ast-1795239029.18')).toBe('Local/101@phones-00000009;1');
    expect(tracker.liveCalls()).toMatchObject([{ state: 'ringing' }]);
  });

  it('does not report the call again when the background restarts mid-call', () => {
    const first = new AsteriskCallTracker(LAB_PHONE, clock());
    const before = eventsIn(INCOMING_REPLIES.slice(0, 4));
    const after = eventsIn(INCOMING_REPLIES.slice(4));
    run(first, before);
    const known = first.liveCalls();
    expect(known).toMatchObject([{ state: 'connected' }]);
    const restarted = new AsteriskCallTracker(LAB_PHONE, clock(), known);
    expect(run(restarted, after)).toMatchObject([{ id: known[0]!.id, state: 'ended', ending: 'answered-here', startedAt: known[0]!.startedAt }]);
  });

  it('ignores the call entirely for another phone', () => {
    const tracker = new AsteriskCallTracker({ device: 'Local/102@phones', extension: '102' }, clock());
    expect(run(tracker, events)).toEqual([]);
  });
});

describe('§4 click-to-dial: Originate Local/101@phones → 74950000000 (Asterisk 22)', () => {
  const events = eventsIn(CLICK_TO_DIAL_REPLIES);

  it('has the 66 recorded events', () => {
    expect(events.filter((e) => e.headers.event !== 'WaitEventComplete')).toHaveLength(66);
  });

  it('is one outgoing call to the dialled number that never pops as incoming: dialing → connected → ended', () => {
    const tracker = new AsteriskCallTracker(LAB_PHONE, clock());
    tracker.expectOriginate('c2d-1', '74950000000');
    const updates = run(tracker, events);
    expect(updates.map((c) => `${c.direction}:${c.state}`)).toEqual(['out:dialing', 'out:connected', 'out:ended']);
    expect(updates.every((c) => c.id === 'ast-1795239040.20')).toBe(true);
    expect(updates.every((c) => c.remote.number === '74950000000' && c.remote.name === '')).toBe(true);
    expect(updates[2]).toMatchObject({ ending: 'answered-here', line: 'Local/101@phones-0000000a;1' });
    expect(tracker.originateResult('c2d-1')).toEqual({ success: true, reason: 4, callId: 'ast-1795239040.20' });
  });

  it('connects only when the far end answers, not when the user picks up their own phone', () => {
    const tracker = new AsteriskCallTracker(LAB_PHONE, clock());
    tracker.expectOriginate('c2d-1', '74950000000');
    let connectedBy: AmiPacket | undefined;
    for (const event of events) {
      if (tracker.apply(event).some((c) => c.state === 'connected')) connectedBy ??= event;
    }
    // Newstate Up of the phone (event 16), its DialEnd ANSWER (17) and OriginateResponse (18)
    // come first: they are the user answering the Originate. The far end answers at event 38.
    expect(connectedBy?.headers).toMatchObject({
      event: 'DialEnd',
      channel: 'Local/101@phones-0000000a;1',
      destchannel: 'Local/74950000000@pstn-0000000b;1',
      dialstatus: 'ANSWER',
    });
  });

  it('is recognised as outgoing even without expectOriginate (the Originate DialBegin has no Channel)', () => {
    const tracker = new AsteriskCallTracker(LAB_PHONE, clock());
    const updates = run(tracker, events);
    expect(updates.map((c) => `${c.direction}:${c.state}`)).toEqual(['out:dialing', 'out:connected', 'out:ended']);
    expect(updates[0]!.remote.number).toBe('74950000000');
  });

  it('after a restart while the far end rings, continues the same call', () => {
    const first = new AsteriskCallTracker(LAB_PHONE, clock());
    first.expectOriginate('c2d-1', '74950000000');
    const cut = CLICK_TO_DIAL_REPLIES.indexOf('s4-click-to-dial-wait-4.txt');
    run(first, eventsIn(CLICK_TO_DIAL_REPLIES.slice(0, cut)));
    const known = first.liveCalls();
    expect(known).toMatchObject([{ direction: 'out', state: 'dialing' }]);
    const restarted = new AsteriskCallTracker(LAB_PHONE, clock(), known);
    const updates = run(restarted, eventsIn(CLICK_TO_DIAL_REPLIES.slice(cut)));
    expect(updates.map((c) => `${c.id}:${c.state}`)).toEqual(['ast-1795239040.20:connected', 'ast-1795239040.20:ended']);
  });

  it('learns the outcome of failed Originates (§4 failure cases) without inventing calls', () => {
    const tracker = new AsteriskCallTracker({ device: 'Local/103@phones', extension: '103' }, clock());
    tracker.expectOriginate('c2d-busy', '74950000000');
    const [busy] = parseRawmanPackets(fixture('s4-originate-response-busy.event.txt'));
    expect(tracker.apply(busy!)).toEqual([]);
    expect(tracker.originateResult('c2d-busy')).toEqual({ success: false, reason: 5, callId: undefined });
    expect(tracker.originateResult('c2d-unknown')).toBeUndefined();
  });
});
