import { describe, expect, it } from 'vitest';
import { cleanNumberForDial } from '../../../src/core/numbers.ts';

const dial = (input: string) => {
  const r = cleanNumberForDial(input);
  return r.ok ? r.number : `ERR:${r.reason.key}`;
};

describe('cleanNumberForDial', () => {
  it.each([
    ['+7 (495) 123-45-67', '+74951234567'],
    ['8 (495) 123-45-67', '84951234567'],
    ['8-912-345-67-89', '89123456789'],
    ['+7\u00a0495\u00a0123\u201145\u201367', '+74951234567'],
    ['tel:+1-201-555-0123', '+12015550123'],
    ['tel:+7-495-123-45-67;ext=12', '+74951234567'],
    ['callto:84951234567', '84951234567'],
    ['callto://+74951234567', '+74951234567'],
    ['sip:+74951234567@pbx.example.ru;user=phone', '+74951234567'],
    ['sip:101@pbx.local', '101'],
    ['tel:%2B74951234567', '+74951234567'],
    ['*72', '*72'],
    ['#31#', '#31#'],
    ['Tel: +7 495 123-45-67', '+74951234567'],
    ['  101  ', '101'],
    ['(495) 123.45.67', '4951234567'],
  ])('dials %j as %j', (input, expected) => {
    expect(dial(input)).toBe(expected);
  });

  it('refuses an empty selection with a reason', () => {
    expect(dial('   ')).toBe('ERR:errNumberEmpty');
    expect(dial('tel:')).toBe('ERR:errNumberEmpty');
  });

  it('refuses text without digits', () => {
    expect(dial('call me maybe')).toBe('ERR:errNumberNoDigits');
  });

  it('refuses a selection holding two numbers instead of dialling a mix', () => {
    expect(dial('8 800 555-35-35, 8 495 123-45-67')).toBe('ERR:errNumberSeveral');
  });

  it('refuses absurdly long input', () => {
    expect(dial('1'.repeat(25))).toBe('ERR:errNumberTooLong');
    expect(dial('x'.repeat(500))).toBe('ERR:errNumberTooLongText');
  });

  it('refuses a + number with feature-code characters', () => {
    expect(dial('+7*123')).toBe('ERR:errNumberInvalidPlus');
  });

  it('names the offending text in the reason', () => {
    const r = cleanNumberForDial('no number here');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.subs).toEqual(['no number here']);
  });
});
