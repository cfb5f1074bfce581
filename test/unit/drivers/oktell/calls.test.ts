// getextendedlineinfo → Ringside calls (lineInfo.ts, calls.ts): the table in calls.ts.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/core/call.ts';
import { OktellCallTracker } from '../../../../src/drivers/oktell/calls.ts';
import { readLineInfo, type LineSnapshot } from '../../../../src/drivers/oktell/lineInfo.ts';

const CHAIN = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function line(abonent: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): LineSnapshot {
  const parsed = readLineInfo({ result: 1, linestatestr: 'lsRinging', chainid: CHAIN, ...(abonent ? { abonent } : {}), ...extra });
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.snapshot;
}
const idle = () => line({}, { linestatestr: 'lsFree', chainid: '00000000-0000-0000-0000-000000000000' });

function tracker(known: Call[] = []) {
  let now = 1000;
  const t = new OktellCallTracker({ now: () => now, line: () => '101' }, known);
  return { t, tick: (ms = 1000) => (now += ms) };
}

describe('readLineInfo', () => {
  it('reads flags as booleans or 0/1, and the caller name from the first name-like field', () => {
    const snapshot = line({ isringing: 1, number: '74951234567', callerid: '74951234567', username: '', simplename: 'Ivan Petrov', direction: 'in' });
    expect(snapshot.current).toEqual({
      chain: CHAIN,
      number: '74951234567',
      name: 'Ivan Petrov',
      ringing: true,
      callback: false,
      autocall: false,
      talking: false,
      waiting: false,
    });
    expect(line({ isringing: 'true', callerid: 'ACME Ltd', number: '300' }).current).toMatchObject({ name: 'ACME Ltd', number: '300' });
    expect(line({ isringing: true, callerid: '300' }).current).toMatchObject({ number: '300', name: '' });
    expect(line({ isringing: true, number: '300', caption: '300' }).current).toMatchObject({ name: '' });
  });

  it('treats an empty abonent and the all-zero chain as nothing', () => {
    expect(idle()).toEqual({ state: 'lsFree', current: undefined, held: undefined });
    expect(line({ iscommutated: true, number: '1' }, { chainid: '{00000000-0000-0000-0000-000000000000}' }).current?.chain).toBe('');
  });

  it('reads the party held in flash', () => {
    const snapshot = line({}, { linestatestr: 'lsHookUp', isflashing: true, flashed: { chainid: CHAIN, number: '202', iswaitinginflash: true } });
    expect(snapshot.current).toBeUndefined();
    expect(snapshot.held).toMatchObject({ chain: CHAIN, number: '202', waiting: true });
  });

  it('reports a reply of the wrong shape instead of throwing', () => {
    expect(readLineInfo('nope')).toMatchObject({ ok: false });
    expect(readLineInfo({ abonent: 'x', linestatestr: 5 })).toMatchObject({ ok: true });
  });
});

describe('OktellCallTracker', () => {
  it('follows an incoming call: ringing → connected → ended, one id', () => {
    const { t, tick } = tracker();
    const [ringing] = t.apply(line({ isringing: true, number: '74951234567', simplename: 'Ivan' }));
    expect(ringing).toMatchObject({ id: `oktell:${CHAIN}:74951234567`, direction: 'in', state: 'ringing', remote: { number: '74951234567', name: 'Ivan' }, line: '101', startedAt: 1000 });
    expect(t.apply(line({ isringing: true, number: '74951234567', simplename: 'Ivan' }))).toEqual([]);
    tick();
    const [connected] = t.apply(line({ iscommutated: true, number: '74951234567' }, { linestatestr: 'lsCommutated' }));
    expect(connected).toMatchObject({ id: ringing!.id, state: 'connected', answeredAt: 2000, remote: { name: 'Ivan' } });
    tick();
    expect(t.apply(idle())).toEqual([expect.objectContaining({ id: ringing!.id, state: 'ended', ending: 'answered-here', endedAt: 3000 })]);
  });

  it('calls a ring that stops unanswered missed, and one Ringside declined rejected', () => {
    const { t } = tracker();
    const [a] = t.apply(line({ isringing: true, number: '201' }));
    expect(t.apply(idle())[0]).toMatchObject({ id: a!.id, ending: 'missed' });
    const [b] = t.apply(line({ isringing: true, number: '202' }, { chainid: OTHER }));
    t.expectEnding(b!.id, 'rejected');
    expect(t.apply(idle())[0]).toMatchObject({ id: b!.id, ending: 'rejected' });
  });

  it('tells the user’s own calls from incoming ones', () => {
    const auto = tracker().t.apply(line({ isautocall: true, number: '74950000000' }));
    expect(auto[0]).toMatchObject({ direction: 'out', state: 'dialing' });
    const callback = tracker().t.apply(line({ isringing: true, direction: 'acm_callback', number: '74950000000' }));
    expect(callback[0]).toMatchObject({ direction: 'out', state: 'dialing' });
    const handset = tracker().t.apply(line({ number: '202' }));
    expect(handset[0]).toMatchObject({ direction: 'out', state: 'dialing' });
    const { t } = tracker();
    t.expectDial('+7 495 000-00-00');
    expect(t.apply(line({ isringing: true, number: '74950000000' }))[0]).toMatchObject({ direction: 'out' });
    expect(t.apply(line({ iscommutated: true, number: '74950000000' }))[0]).toMatchObject({ direction: 'out', state: 'connected' });
  });

  it('follows an auto-call whose chain and number appear one after the other', () => {
    const { t } = tracker();
    const [first] = t.apply(line({ isautocall: true }, { chainid: '' }));
    expect(first).toMatchObject({ direction: 'out', state: 'dialing', remote: { number: '' } });
    const changes = t.apply(line({ isringing: true, direction: 'acm_callback', number: '555', chainid: CHAIN }));
    expect(changes).toEqual([expect.objectContaining({ id: first!.id, state: 'dialing', remote: { number: '555', name: '' } })]);
    expect(t.apply(line({ iscommutated: true, number: '555' }))).toEqual([expect.objectContaining({ id: first!.id, state: 'connected' })]);
    expect(t.liveCalls()).toHaveLength(1);
  });

  it('holds and resumes: the held party is in flash, or waits in flash itself', () => {
    const { t } = tracker();
    const [call] = t.apply(line({ iscommutated: true, number: '401' }));
    expect(call).toMatchObject({ direction: 'in', state: 'connected' });
    expect(t.apply(line({}, { isflashing: true, flashed: { number: '401', chainid: CHAIN } }))).toEqual([expect.objectContaining({ id: call!.id, state: 'held' })]);
    expect(t.apply(line({ iscommutated: true, number: '401' }))).toEqual([expect.objectContaining({ id: call!.id, state: 'connected' })]);
    expect(t.apply(line({ iscommutated: true, iswaitinginflash: true, number: '401' }))).toEqual([expect.objectContaining({ id: call!.id, state: 'held' })]);
  });

  it('keeps a held call while the user talks to someone else in the same chain', () => {
    const { t } = tracker();
    const [held] = t.apply(line({ iscommutated: true, number: '401' }));
    const changes = t.apply(line({ number: '402' }, { isflashing: true, flashed: { number: '401', chainid: CHAIN } }));
    expect(changes.map((c) => [c.remote.number, c.state, c.direction])).toEqual([
      ['402', 'dialing', 'out'],
      ['401', 'held', 'in'],
    ]);
    expect(t.liveCalls()).toHaveLength(2);
    expect(t.find(held!.id)?.call.state).toBe('held');
  });

  it('continues calls known from before a restart, and gives a new call of the same chain a new id', () => {
    const known: Call = { id: `oktell:${CHAIN}:301`, direction: 'in', state: 'ringing', remote: { number: '301', name: 'Known' }, line: '101', startedAt: 5 };
    const { t } = tracker([known]);
    expect(t.apply(line({ isringing: true, number: '301' }))).toEqual([]);
    expect(t.apply(idle())[0]).toMatchObject({ id: known.id, ending: 'missed', startedAt: 5 });
    const [again] = t.apply(line({ isringing: true, number: '301' }));
    expect(again!.id).toBe(`${known.id}:2`);
  });

  it('ends known calls that are gone after a restart', () => {
    const known: Call = { id: `oktell:${CHAIN}:301`, direction: 'out', state: 'connected', remote: { number: '301', name: '' }, line: '101', startedAt: 5, answeredAt: 6 };
    expect(tracker([known]).t.apply(idle())).toEqual([expect.objectContaining({ id: known.id, state: 'ended', ending: 'answered-here' })]);
  });

  it('knows whether a call is an auto-call or rings, for the right hang-up method', () => {
    const { t } = tracker();
    const [call] = t.apply(line({ isautocall: true, number: '9' }));
    expect(t.find(call!.id)).toMatchObject({ autocall: true, ringing: false });
    t.apply(line({ isringing: true, direction: 'acm_callback', number: '9' }));
    expect(t.find(call!.id)).toMatchObject({ autocall: false, ringing: true });
  });
});
