import { describe, expect, it } from 'vitest';
import type { Call } from '../../../src/core/call.ts';
import { LineCallTracker, lineStatusBodySchema, type LineEntry } from '../../../src/drivers/grandstream/lineStatus.ts';

function line(n: number, state: string, number = '', name = ''): LineEntry {
  return lineStatusBodySchema.parse([{ line: n, state, remotenumber: number, remotename: name, active: 0, acct: '' }])[0]!;
}

function tracker(known: Call[] = [], rejected = new Set<string>()) {
  let clock = 1000;
  let id = 0;
  const t = new LineCallTracker({ now: () => (clock += 100), newId: () => `c${++id}`, rejected }, known);
  return t;
}

const idle3 = [line(1, 'idle'), line(2, 'idle'), line(3, 'idle')];

describe('line status snapshots → calls', () => {
  it('reports nothing while every line is idle', () => {
    const t = tracker();
    expect(t.apply(idle3).changed).toEqual([]);
    expect(t.apply(idle3).changed).toEqual([]);
  });

  it('turns a ringing line into one incoming call with the caller', () => {
    const t = tracker();
    t.apply(idle3);
    const { changed } = t.apply([line(1, 'idle'), line(2, 'ringing', '+74951234567', 'Ivan Petrov'), line(3, 'idle')]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ direction: 'in', state: 'ringing', line: '2', remote: { number: '+74951234567', name: 'Ivan Petrov' } });
    // The same snapshot again is no news.
    expect(t.apply([line(1, 'idle'), line(2, 'ringing', '+74951234567', 'Ivan Petrov'), line(3, 'idle')]).changed).toEqual([]);
  });

  it('follows ringing → connected → ended as one call answered here', () => {
    const t = tracker();
    const ring = t.apply([line(1, 'ringing', '201', 'Reception')]).changed[0]!;
    const talk = t.apply([line(1, 'connected', '201', 'Reception')]).changed[0]!;
    const end = t.apply([line(1, 'idle')]).changed[0]!;
    expect([ring.id, talk.id, end.id]).toEqual([ring.id, ring.id, ring.id]);
    expect(talk.state).toBe('connected');
    expect(talk.answeredAt).toBeDefined();
    expect(end).toMatchObject({ state: 'ended', ending: 'answered-here' });
  });

  it('calls a ringing call that stops unanswered missed', () => {
    const t = tracker();
    t.apply([line(1, 'ringing', '201')]);
    expect(t.apply([line(1, 'idle')]).changed[0]).toMatchObject({ state: 'ended', ending: 'missed' });
  });

  it('calls a ringing call the user rejected through Ringside rejected', () => {
    const rejected = new Set<string>();
    const t = tracker([], rejected);
    const call = t.apply([line(1, 'ringing', '201')]).changed[0]!;
    rejected.add(call.id);
    expect(t.apply([line(1, 'idle')]).changed[0]).toMatchObject({ ending: 'rejected' });
  });

  it('follows an outgoing call: calling → connected → held → connected → ended', () => {
    const t = tracker();
    const out = t.apply([line(1, 'calling', '84951234567')]).changed[0]!;
    expect(out).toMatchObject({ direction: 'out', state: 'dialing' });
    expect(t.apply([line(1, 'connected', '84951234567')]).changed[0]).toMatchObject({ id: out.id, state: 'connected' });
    expect(t.apply([line(1, 'onhold', '84951234567')]).changed[0]).toMatchObject({ id: out.id, state: 'held' });
    expect(t.apply([line(1, 'connected', '84951234567')]).changed[0]).toMatchObject({ id: out.id, state: 'connected' });
    expect(t.apply([line(1, 'idle')]).changed[0]).toMatchObject({ id: out.id, ending: 'answered-here' });
  });

  it('ends an outgoing call that failed as failed, and one given up as cancelled', () => {
    const t = tracker();
    t.apply([line(1, 'calling', '500')]);
    expect(t.apply([line(1, 'failed')]).changed[0]).toMatchObject({ ending: 'failed' });
    t.apply([line(1, 'calling', '501')]);
    expect(t.apply([line(1, 'idle')]).changed[0]).toMatchObject({ ending: 'cancelled' });
  });

  it('keeps calls on several lines apart', () => {
    const t = tracker();
    const first = t.apply([line(1, 'connected', '100'), line(2, 'idle')]).changed[0]!;
    const second = t.apply([line(1, 'onhold', '100'), line(2, 'ringing', '200', 'Second')]).changed;
    expect(second.map((c) => [c.line, c.state])).toEqual([['1', 'held'], ['2', 'ringing']]);
    expect(second[0]!.id).toBe(first.id);
    expect(second[1]!.id).not.toBe(first.id);
  });

  it('sees a new caller on a line whose previous call ended between two polls', () => {
    const t = tracker();
    const a = t.apply([line(1, 'connected', '100')]).changed[0]!;
    const changed = t.apply([line(1, 'ringing', '200')]).changed;
    expect(changed.map((c) => [c.id === a.id, c.state])).toEqual([[true, 'ended'], [false, 'ringing']]);
  });

  it('fills in a caller name that arrives on a later poll without a new call', () => {
    const t = tracker();
    const a = t.apply([line(1, 'ringing', '100', '')]).changed[0]!;
    const b = t.apply([line(1, 'ringing', '100', 'Anna')]).changed[0]!;
    expect(b).toMatchObject({ id: a.id, remote: { name: 'Anna' } });
  });

  it('treats an unknown state as busy: reports it and leaves the call alone', () => {
    const t = tracker();
    const a = t.apply([line(1, 'connected', '100')]).changed[0]!;
    const r = t.apply([line(1, 'transferring', '100')]);
    expect(r.changed).toEqual([]);
    expect(r.unknownStates).toEqual(['transferring']);
    expect(t.liveCalls()[0]!.id).toBe(a.id);
  });

  it('continues calls it is given after a restart instead of starting them again', () => {
    const first = tracker();
    const ringing = first.apply([line(2, 'ringing', '777', 'Known')]).changed[0]!;
    const restarted = tracker([ringing]);
    expect(restarted.apply([line(1, 'idle'), line(2, 'ringing', '777', 'Known')]).changed).toEqual([]);
    expect(restarted.apply([line(1, 'idle'), line(2, 'connected', '777', 'Known')]).changed[0]).toMatchObject({ id: ringing.id, state: 'connected' });
  });

  it('ends a remembered call that is gone when the background comes back', () => {
    const first = tracker();
    const ringing = first.apply([line(1, 'ringing', '777')]).changed[0]!;
    const restarted = tracker([ringing]);
    expect(restarted.apply([line(1, 'idle')]).changed[0]).toMatchObject({ id: ringing.id, state: 'ended', ending: 'missed' });
  });

  it('ends the call of a line that disappears from the reply', () => {
    const t = tracker();
    t.apply([line(1, 'idle'), line(2, 'connected', '5')]);
    expect(t.apply([line(1, 'idle')]).changed[0]).toMatchObject({ line: '2', state: 'ended' });
  });

  it('accepts the field types real firmware sends (numeric acct, string line, numbers as numbers)', () => {
    const parsed = lineStatusBodySchema.parse([
      { line: '1', state: 'Connected', acct: 2, active: 1, remotename: 'Vitaly', remotenumber: 203 },
      { line: 2, state: 'idle', acct: '', remotename: null },
    ]);
    expect(parsed[0]).toMatchObject({ line: 1, state: 'connected', remotenumber: '203' });
    expect(parsed[1]).toMatchObject({ line: 2, remotenumber: '', remotename: '' });
  });
});
