import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import type { LineCallState } from '../../../../src/drivers/rander/commands.ts';
import { DIAL_CLAIM_MS, RanderCallTracker } from '../../../../src/drivers/rander/calls.ts';
import type { LineStateUpdate } from '../../../../src/drivers/rander/lineState.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function update(state: LineCallState, fields: Partial<Omit<LineStateUpdate, 'state'>> = {}): LineStateUpdate {
  return {
    line: '103',
    callId: '7001',
    caller: { number: '', name: '' },
    called: { number: '', name: '' },
    direction: undefined,
    ...fields,
    state,
  };
}

const incoming = (state: LineCallState, extra: Partial<LineStateUpdate> = {}) =>
  update(state, { caller: { number: '+74951234567', name: 'Ivan Petrov' }, called: { number: '103', name: '' }, ...extra });

describe('line states → calls', () => {
  it('an incoming call: offering → connected → disconnected, answered here', () => {
    const time = clock();
    const tracker = new RanderCallTracker('103', time);
    const [ringing] = tracker.apply(incoming('offering'));
    expect(ringing).toEqual({
      id: 'rd:103:7001',
      direction: 'in',
      state: 'ringing',
      remote: { number: '+74951234567', name: 'Ivan Petrov' },
      line: '103',
      startedAt: 1_000_000,
    });
    time.advance(3000);
    expect(tracker.apply(incoming('connected'))).toEqual([expect.objectContaining({ state: 'connected', answeredAt: 1_003_000 })]);
    expect(tracker.apply(incoming('held'))).toEqual([expect.objectContaining({ state: 'held' })]);
    expect(tracker.apply(incoming('connected'))).toEqual([expect.objectContaining({ state: 'connected', answeredAt: 1_003_000 })]);
    time.advance(1000);
    expect(tracker.apply(incoming('disconnected'))).toEqual([expect.objectContaining({ state: 'ended', ending: 'answered-here', endedAt: 1_004_000 })]);
    // The line going idle afterwards changes nothing.
    expect(tracker.apply(update('idle', { callId: '' }))).toEqual([]);
    expect(tracker.liveCalls()).toEqual([]);
  });

  it('a ring that ends unanswered is missed; one Ringside hung up is rejected', () => {
    const tracker = new RanderCallTracker('103', clock());
    tracker.apply(incoming('offering'));
    expect(tracker.apply(incoming('idle'))).toEqual([expect.objectContaining({ state: 'ended', ending: 'missed' })]);
    const [second] = tracker.apply(incoming('offering', { callId: '7002' }));
    tracker.markRejecting(second!.id);
    expect(tracker.apply(incoming('disconnected', { callId: '7002' }))).toEqual([expect.objectContaining({ ending: 'rejected' })]);
  });

  it('an outgoing call: dialing → ringback → connected; the called number is the remote', () => {
    const tracker = new RanderCallTracker('103', clock());
    const out = (state: LineCallState) => update(state, { callId: '9', caller: { number: '103', name: '' }, called: { number: '84950000000', name: 'ACME' } });
    expect(tracker.apply(out('dialing'))).toEqual([expect.objectContaining({ direction: 'out', state: 'dialing', remote: { number: '84950000000', name: 'ACME' } })]);
    expect(tracker.apply(out('ringback'))).toEqual([]);
    expect(tracker.apply(out('connected'))).toEqual([expect.objectContaining({ state: 'connected' })]);
  });

  it('busy or failed ends an unanswered outgoing call so; a plain end is cancelled', () => {
    const tracker = new RanderCallTracker('103', clock());
    tracker.apply(update('dialing', { callId: '1', called: { number: '201', name: '' } }));
    expect(tracker.apply(update('busy', { callId: '1' }))).toEqual([expect.objectContaining({ state: 'ended', ending: 'busy' })]);
    tracker.apply(update('dialing', { callId: '2', called: { number: '202', name: '' } }));
    expect(tracker.apply(update('failed', { callId: '2' }))).toEqual([expect.objectContaining({ ending: 'failed' })]);
    tracker.apply(update('dialing', { callId: '3', called: { number: '203', name: '' } }));
    expect(tracker.apply(update('idle', { callId: '' }))).toEqual([expect.objectContaining({ ending: 'cancelled' })]);
  });

  it('a click-to-dial Ringside sent gives the number, even when the PBX first rings the extension', () => {
    const time = clock();
    const tracker = new RanderCallTracker('103', time);
    tracker.expectDial('84950000000');
    // Some PBXs ring the user's phone before dialling out: an offering from nobody.
    expect(tracker.apply(update('offering', { callId: '5' }))).toEqual([
      expect.objectContaining({ direction: 'out', state: 'dialing', remote: { number: '84950000000', name: '' } }),
    ]);
    // Once claimed, a real incoming call is incoming again.
    expect(tracker.apply(incoming('offering', { callId: '6' }))).toEqual([expect.objectContaining({ direction: 'in' })]);
    // A stale expectation claims nothing.
    tracker.expectDial('201');
    time.advance(DIAL_CLAIM_MS + 1);
    expect(tracker.apply(update('offering', { callId: '8' }))).toEqual([expect.objectContaining({ direction: 'in', remote: { number: '', name: '' } })]);
  });

  it('an outgoing call without a called number takes the dialled one', () => {
    const tracker = new RanderCallTracker('103', clock());
    tracker.expectDial('107');
    expect(tracker.apply(update('dialing', { callId: '1' }))).toEqual([expect.objectContaining({ remote: { number: '107', name: '' } })]);
  });

  it('a call first seen talking is connected at once, its direction from the parties', () => {
    const tracker = new RanderCallTracker('103', clock());
    expect(tracker.apply(update('connected', { caller: { number: '103', name: '' }, called: { number: '555', name: '' } }))).toEqual([
      expect.objectContaining({ direction: 'out', state: 'connected', remote: { number: '555', name: '' } }),
    ]);
    expect(tracker.apply(update('connected', { callId: '2', direction: 'in', caller: { number: '556', name: '' } }))).toEqual([
      expect.objectContaining({ direction: 'in', state: 'connected' }),
    ]);
  });

  it('ignores other lines; takes a message without a line as the subscribed one', () => {
    const tracker = new RanderCallTracker('103', clock());
    expect(tracker.apply(incoming('offering', { line: '104' }))).toEqual([]);
    expect(tracker.apply(incoming('offering', { line: '' }))).toHaveLength(1);
  });

  it('without call ids the line has one call at a time, and IDLE ends it', () => {
    const time = clock();
    const tracker = new RanderCallTracker('103', time);
    const [first] = tracker.apply(incoming('offering', { callId: '' }));
    expect(first!.id).toBe(`rd:103:~t${(1_000_000).toString(36)}`);
    expect(tracker.apply(incoming('connected', { callId: '' }))).toEqual([expect.objectContaining({ id: first!.id, state: 'connected' })]);
    expect(tracker.apply(update('idle', { callId: '' }))).toEqual([expect.objectContaining({ id: first!.id, ending: 'answered-here' })]);
    time.advance(5000);
    const [second] = tracker.apply(incoming('offering', { callId: '' }));
    expect(second!.id).not.toBe(first!.id);
  });

  it('a call id reused after its call ended starts a new call, never resurrects the old one', () => {
    const tracker = new RanderCallTracker('103', clock());
    tracker.apply(incoming('offering'));
    tracker.apply(incoming('disconnected'));
    expect(tracker.apply(incoming('disconnected'))).toEqual([]);
    const [again] = tracker.apply(incoming('offering'));
    expect(again!.id).toBe('rd:103:7001~2');
    expect(tracker.apply(incoming('disconnected'))).toEqual([expect.objectContaining({ id: 'rd:103:7001~2', state: 'ended' })]);
    expect(tracker.apply(incoming('offering'))[0]!.id).toBe('rd:103:7001~3');
  });

  it('keeps a number as no name, and fills blanks from later messages', () => {
    const tracker = new RanderCallTracker('103', clock());
    expect(tracker.apply(update('offering', { caller: { number: '555', name: '555' } }))).toEqual([expect.objectContaining({ remote: { number: '555', name: '' } })]);
    expect(tracker.apply(update('offering', { caller: { number: '555', name: 'Anna' } }))).toEqual([expect.objectContaining({ remote: { number: '555', name: 'Anna' } })]);
  });

  it('continues calls known from before a restart (ids with odd characters too)', () => {
    const known: Call[] = [
      { id: 'rd:103:7001', direction: 'in', state: 'ringing', remote: { number: '555', name: 'Anna' }, line: '103', startedAt: 5 },
      { id: 'rd:103:a%2Fb~2', direction: 'out', state: 'connected', remote: { number: '201', name: '' }, line: '103', startedAt: 6, answeredAt: 7 },
      { id: 'rd:103:~tabc', direction: 'in', state: 'ringing', remote: { number: '1', name: '' }, line: '103', startedAt: 8 },
      { id: 'ast-1.2', direction: 'in', state: 'ringing', remote: { number: '1', name: '' }, line: 'x', startedAt: 9 },
    ];
    const tracker = new RanderCallTracker('103', clock(), known);
    expect(tracker.liveCalls().map((c) => c.id)).toEqual(['rd:103:7001', 'rd:103:a%2Fb~2', 'rd:103:~tabc']);
    expect(tracker.apply(incoming('connected'))).toEqual([expect.objectContaining({ id: 'rd:103:7001', startedAt: 5, state: 'connected' })]);
    expect(tracker.apply(update('disconnected', { callId: 'a/b' }))).toEqual([expect.objectContaining({ id: 'rd:103:a%2Fb~2', ending: 'answered-here' })]);
    expect(tracker.apply(update('offering', { callId: 'a/b', caller: { number: '9', name: '' } }))[0]!.id).toBe('rd:103:a%2Fb~3');
  });
});
