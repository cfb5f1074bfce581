import { describe, expect, it } from 'vitest';
import { actionsFor, type Call, type Capability } from '../../../src/core/call.ts';
import { currentCall, emptyCallBook, recordCall, type CallBook } from '../../../src/core/callBook.ts';

const base: Call = { id: 'c1', direction: 'in', state: 'ringing', remote: { number: '201', name: 'Anna' }, line: '1', startedAt: 1 };
const book0 = () => emptyCallBook({ state: 'online', since: 0 });

function run(book: CallBook, ...calls: Call[]) {
  const effects: string[] = [];
  for (const call of calls) {
    const r = recordCall(book, call);
    book = r.book;
    effects.push(...r.effects.map((e) => `${e.type}:${e.call.id}`));
  }
  return { book, effects };
}

describe('call book', () => {
  it('shows one ring notification per call however often it is reported', () => {
    const { effects } = run(book0(), base, base, base);
    expect(effects).toEqual(['show-ring:c1']);
  });

  it('does not show it again after the background restarts mid-ring', () => {
    const first = run(book0(), base);
    const restored = JSON.parse(JSON.stringify(first.book)) as CallBook; // what storage.session gives back
    expect(run(restored, base).effects).toEqual([]);
  });

  it('clears it when the call is answered and when it ends', () => {
    expect(run(book0(), base, { ...base, state: 'connected' }).effects).toEqual(['show-ring:c1', 'clear-ring:c1']);
    expect(run(book0(), base, { ...base, state: 'ended', ending: 'missed' }).effects).toEqual(['show-ring:c1', 'clear-ring:c1']);
  });

  it('updates the same notification when the caller name arrives later', () => {
    const noName = { ...base, remote: { number: '201', name: '' } };
    expect(run(book0(), noName, base).effects).toEqual(['show-ring:c1', 'show-ring:c1']);
  });

  it('never pops outgoing calls', () => {
    expect(run(book0(), { ...base, direction: 'out', state: 'dialing' }).effects).toEqual([]);
  });

  it('pops the next call after the previous one ended', () => {
    const { effects } = run(book0(), base, { ...base, state: 'ended' }, { ...base, id: 'c2' });
    expect(effects).toEqual(['show-ring:c1', 'clear-ring:c1', 'show-ring:c2']);
  });

  it('moves ended calls to the recent list, newest first', () => {
    const { book } = run(book0(), base, { ...base, state: 'ended', ending: 'missed' }, { ...base, id: 'c2', state: 'ended', ending: 'answered-here' });
    expect(book.live).toEqual([]);
    expect(book.recent.map((c) => c.id)).toEqual(['c2', 'c1']);
  });

  it('puts a ringing call first in the UI', () => {
    const { book } = run(book0(), { ...base, id: 'talk', state: 'connected' }, { ...base, id: 'ring' });
    expect(currentCall(book)?.id).toBe('ring');
  });
});

describe('buttons for a call', () => {
  const all = new Set<Capability>(['answer', 'reject', 'hangup', 'hold', 'resume']);
  it('offers answer and reject while ringing, hold and hang up while talking, resume while held', () => {
    expect(actionsFor(base, all)).toEqual(['answer', 'reject']);
    expect(actionsFor({ ...base, state: 'connected' }, all)).toEqual(['hold', 'hangup']);
    expect(actionsFor({ ...base, state: 'held' }, all)).toEqual(['resume', 'hangup']);
    expect(actionsFor({ ...base, direction: 'out', state: 'dialing' }, all)).toEqual(['hangup']);
  });
  it('offers only what the driver can do', () => {
    expect(actionsFor(base, new Set<Capability>(['hangup']))).toEqual([]);
    expect(actionsFor({ ...base, state: 'connected' }, new Set<Capability>(['hangup']))).toEqual(['hangup']);
  });
});
