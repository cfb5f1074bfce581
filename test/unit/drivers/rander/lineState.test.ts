import { describe, expect, it } from 'vitest';
import { readLineState, stateOf } from '../../../../src/drivers/rander/lineState.ts';

const message = (method: string, ...args: unknown[]) => ({ hub: 'RanderHub', method, args });

describe('reading line-state messages', () => {
  it('reads the object the simulator sends (PascalCase)', () => {
    expect(
      readLineState(
        message('lineStateChanged', {
          Line: '103',
          State: 'OFFERING',
          CallId: '7001',
          CallerId: '+74951234567',
          CallerName: 'Иван Петров',
          CalledId: '103',
          CalledName: '',
          Direction: 'Incoming',
        }),
      ),
    ).toEqual({
      kind: 'update',
      update: {
        line: '103',
        state: 'offering',
        callId: '7001',
        caller: { number: '+74951234567', name: 'Иван Петров' },
        called: { number: '103', name: '' },
        direction: 'in',
      },
    });
  });

  it('reads camelCase and alias names, numbers as text, from any method', () => {
    expect(readLineState(message('updateLine', { extension: 103, callState: 'LINECALLSTATE_CONNECTED', id: 42, from: '555', name: 'Anna' }))).toMatchObject({
      kind: 'update',
      update: { line: '103', state: 'connected', callId: '42', caller: { number: '555', name: 'Anna' }, direction: undefined },
    });
  });

  it('reads an object serialised as a JSON string', () => {
    expect(readLineState(message('lineStateChanged', '{"Line":"103","State":"IDLE"}'))).toMatchObject({ kind: 'update', update: { line: '103', state: 'idle', callId: '' } });
  });

  it('reads positional arguments of a known method only', () => {
    expect(readLineState(message('lineStateChanged', '103', 'RINGBACK', '103', '', '9', '84950000000'))).toEqual({
      kind: 'update',
      update: { line: '103', state: 'ringback', callId: '9', caller: { number: '103', name: '' }, called: { number: '84950000000', name: '' }, direction: undefined },
    });
    // A chat message of the demo is not a line state.
    expect(readLineState(message('addMessage', 'admin', 'hello'))).toEqual({ kind: 'ignored' });
  });

  it('reports a state word nobody knows, and ignores what has no state', () => {
    expect(readLineState(message('lineStateChanged', { Line: '103', State: 'SPLINES_RETICULATED' }))).toEqual({ kind: 'unknown-state', line: '103', state: 'SPLINES_RETICULATED' });
    expect(readLineState(message('lineStateChanged', { Line: '103' }))).toEqual({ kind: 'ignored' });
    expect(readLineState(message('lineStateChanged'))).toEqual({ kind: 'ignored' });
    expect(readLineState(message('whatever', null, 3))).toEqual({ kind: 'ignored' });
  });
});

describe('state words', () => {
  it.each([
    ['OFFERING', 'offering'],
    ['LINECALLSTATE_ACCEPTED', 'offering'],
    ['ringing', 'offering'],
    ['DialTone', 'dialing'],
    ['PROCEEDING', 'dialing'],
    ['RINGBACK', 'ringback'],
    ['CONNECTED', 'connected'],
    ['ON_HOLD', 'held'],
    ['ONHOLDPENDTRANSFER', 'held'],
    ['BUSY', 'busy'],
    ['SPECIALINFO', 'failed'],
    ['DISCONNECTED', 'disconnected'],
    ['IDLE', 'idle'],
    ['Разговор', 'connected'],
    ['свободна', 'idle'],
  ] as const)('%s → %s', (word, state) => {
    expect(stateOf(word)).toBe(state);
  });

  it('understands TAPI’s numeric LINECALLSTATE_* values', () => {
    expect(stateOf(0x2)).toBe('offering');
    expect(stateOf('256')).toBe('connected');
    expect(stateOf('0x4000')).toBe('disconnected');
    expect(stateOf(0x8000)).toBeUndefined();
    expect(stateOf(3)).toBeUndefined();
    expect(stateOf(true)).toBeUndefined();
    expect(stateOf('toString')).toBeUndefined();
  });
});
