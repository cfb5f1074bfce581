import { describe, expect, it } from 'vitest';
import { callIdFor, deviceChannelMatcher, uniqueidOfCallId } from '../../../../src/drivers/asterisk/deviceChannel.ts';
import { endingOf, endingOfLegs, parseCause, type EndingFacts } from '../../../../src/drivers/asterisk/endings.ts';

describe('which channels are the user device', () => {
  it('matches the channels of a PJSIP or SIP device and nothing that only looks alike', () => {
    const pjsip = deviceChannelMatcher('PJSIP/101');
    expect(pjsip('PJSIP/101-0000000a')).toBe(true);
    expect(pjsip('pjsip/101-0000000A')).toBe(true);
    for (const other of ['PJSIP/102-0000000a', 'PJSIP/1010-0000000a', 'PJSIP/101-backup-0000000a', 'SIP/101-0000000a', 'PJSIP/101', 'Local/101@from-queue-0000000c;1', '']) {
      expect(pjsip(other), other).toBe(false);
    }
    expect(deviceChannelMatcher(' sip/101 ')('SIP/101-00000003')).toBe(true);
  });

  it('for a Local device counts only the ;1 half (transcripts §3/§4)', () => {
    const lab = deviceChannelMatcher('Local/101@phones');
    expect(lab('Local/101@phones-0000000a;1')).toBe(true);
    expect(lab('Local/101@phones-0000000a;2')).toBe(false);
    expect(lab('Local/102@phones-0000000a;1')).toBe(false);
    expect(lab('Local/s@from-trunk-00000008;1')).toBe(false);
    expect(deviceChannelMatcher('Local/101@phones/n')('Local/101@phones-0000000a;1')).toBe(true);
  });

  it('matches nothing for an empty or malformed device', () => {
    for (const device of ['', '101', '/101', 'PJSIP/']) expect(deviceChannelMatcher(device)('PJSIP/101-0000000a'), device).toBe(false);
  });

  it('derives the call id from the Uniqueid and back', () => {
    expect(callIdFor('1795239040.20')).toBe('ast-1795239040.20');
    expect(uniqueidOfCallId('ast-1795239040.20')).toBe('1795239040.20');
    expect(uniqueidOfCallId('gs-1')).toBeUndefined();
    expect(uniqueidOfCallId('ast-')).toBeUndefined();
  });
});

describe('how a call ended (the table in endings.ts)', () => {
  const facts = (partial: Partial<EndingFacts>): EndingFacts => ({
    direction: 'in',
    answered: false,
    cause: 16,
    dialStatuses: new Set(),
    answeredElsewhere: false,
    originateReason: undefined,
    ...partial,
  });
  const statuses = (...s: string[]) => new Set(s);

  it('answered calls end answered here, whatever the cause', () => {
    expect(endingOf(facts({ answered: true, cause: 26 }))).toBe('answered-here');
    expect(endingOf(facts({ direction: 'out', answered: true, cause: 17 }))).toBe('answered-here');
  });

  it.each([
    ['cause 26', { cause: 26, dialStatuses: statuses('CANCEL') }, 'answered-elsewhere'],
    ['a sibling answered', { cause: 16, dialStatuses: statuses('CANCEL'), answeredElsewhere: true }, 'answered-elsewhere'],
    ['cause 21', { cause: 21, dialStatuses: statuses('BUSY') }, 'rejected'],
    ['cause 17', { cause: 17 }, 'busy'],
    ['DialStatus BUSY', { cause: 16, dialStatuses: statuses('BUSY') }, 'busy'],
    ['CANCEL, cause 16', { cause: 16, dialStatuses: statuses('CANCEL') }, 'missed'],
    ['CANCEL, cause 0', { cause: 0, dialStatuses: statuses('CANCEL') }, 'missed'],
    ['NOANSWER, cause 19', { cause: 19, dialStatuses: statuses('NOANSWER') }, 'missed'],
    ['channel vanished', { cause: undefined }, 'missed'],
  ] as const)('incoming, never answered, %s', (_, partial, ending) => {
    expect(endingOf(facts(partial))).toBe(ending);
  });

  it.each([
    ['cause 17', { cause: 17 }, 'busy'],
    ['DialStatus BUSY', { dialStatuses: statuses('ANSWER', 'BUSY') }, 'busy'],
    ['Originate Reason 5', { cause: undefined, originateReason: 5 }, 'busy'],
    ['CHANUNAVAIL', { dialStatuses: statuses('CHANUNAVAIL') }, 'failed'],
    ['CONGESTION', { dialStatuses: statuses('CONGESTION') }, 'failed'],
    ['cause 1', { cause: 1 }, 'failed'],
    ['cause 20', { cause: 20 }, 'failed'],
    ['cause 34', { cause: 34 }, 'failed'],
    ['Originate Reason 0', { cause: undefined, originateReason: 0 }, 'failed'],
    ['Originate Reason 8', { cause: undefined, originateReason: 8 }, 'failed'],
    ['Originate Reason 3 (the user did not pick up)', { cause: 19, originateReason: 3 }, 'cancelled'],
    ['the user hung up', { cause: 16, dialStatuses: statuses('ANSWER') }, 'cancelled'],
  ] as const)('outgoing, never connected, %s', (_, partial, ending) => {
    expect(endingOf(facts({ direction: 'out', ...partial }))).toBe(ending);
  });

  describe('a call that rang on several legs (contacts) takes the most telling ending', () => {
    const leg = (partial: Partial<EndingFacts>) => facts(partial);
    it.each([
      ['one leg answered, the other cancelled with cause 26', [leg({ answered: true, cause: 16 }), leg({ answered: true, cause: 26 })], 'answered-here'],
      ['another phone answered', [leg({ cause: 26 }), leg({ cause: 26 })], 'answered-elsewhere'],
      ['another phone answered (flag on one leg only)', [leg({ cause: 16 }), leg({ cause: 16, answeredElsewhere: true })], 'answered-elsewhere'],
      ['declined on one, the caller gave up on the other', [leg({ cause: 21 }), leg({ cause: 16, dialStatuses: statuses('CANCEL') })], 'rejected'],
      ['busy on one, rang unanswered on the other', [leg({ cause: 17, dialStatuses: statuses('BUSY') }), leg({ cause: 16, dialStatuses: statuses('CANCEL') })], 'missed'],
      ['busy on every leg', [leg({ cause: 17 }), leg({ cause: 17, dialStatuses: statuses('BUSY') })], 'busy'],
      ['both vanished unseen', [leg({ cause: undefined }), leg({ cause: undefined })], 'missed'],
    ] as const)('%s', (_, legs, ending) => {
      expect(endingOfLegs(legs)).toBe(ending);
    });

    it('one leg is endingOf itself, outgoing calls included', () => {
      for (const partial of [{ cause: 21 }, { direction: 'out' as const, originateReason: 5 }, { direction: 'out' as const, cause: 16 }]) {
        expect(endingOfLegs([facts(partial)])).toBe(endingOf(facts(partial)));
      }
    });
  });

  it('reads the Cause header', () => {
    expect(parseCause('16')).toBe(16);
    expect(parseCause('')).toBeUndefined();
    expect(parseCause('x')).toBeUndefined();
  });
});
