// Dialling rules: what a user of each kind of office would expect the phone to dial.
import { describe, expect, it } from 'vitest';
import { applyDialRules, dialStringForSelection, findNumbers, resolveRegion, type Detector } from '../../../../src/core/phone/dialRules.ts';
import { classifyDialable, splitExtension } from '../../../../src/core/phone/dialString.ts';
import type { FoundNumber, NumberKind } from '../../../../src/core/phone/types.ts';
import { dialRulesSchema, type DialRules } from '../../../../src/core/settings.ts';

const rules = (patch: Partial<DialRules> = {}): DialRules => dialRulesSchema.parse(patch);

function found(kind: NumberKind, digits: string, e164?: string, extension?: string, raw = digits): FoundNumber {
  return { start: 0, end: raw.length, raw, kind, digits, ...(e164 ? { e164 } : {}), ...(extension ? { extension } : {}) };
}

const moscowMobile = found('national', '89123456789', '+79123456789');
const moscowOffice = found('national', '84951234567', '+74951234567');
const moscowLocal = found('local', '1234567');
const london = found('international', '442079460958', '+442079460958');
const almaty = found('international', '77272123456', '+77272123456');
const ext101 = found('short', '101');
const pickup = found('short', '*72');

/** The dial string, "dial | dtmf:…", "dial | left out:…" or "ERR:key". */
function dial(number: FoundNumber, r: DialRules, region = 'RU'): string {
  const result = applyDialRules(number, r, region);
  if (!result.ok) return `ERR:${result.reason.key}`;
  if (result.dtmf) return `${result.dial} | dtmf:${result.dtmf}`;
  if (result.extensionLeftOut) return `${result.dial} | left out:${result.extensionLeftOut}`;
  return result.dial;
}

describe('applyDialRules', () => {
  const moscowOffice9 = rules({ outsidePrefix: '9', domesticForm: 'trunk', internationalPrefix: '810' });
  const freepbxPlus = rules({ domesticForm: 'plus', internationalPrefix: 'plus' });
  const countryForm = rules({ domesticForm: 'country', internationalPrefix: '00' });
  const homeDrop = rules({ outsidePrefix: '9', homeAreaCode: '495', dropAreaCode: true });

  it.each([
    // [what the user has, number, rules, region, expected]
    ['Moscow office behind a PBX: 9, then 8 + 10 digits', moscowOffice, moscowOffice9, 'RU', '984951234567'],
    ['Moscow office: a mobile', moscowMobile, moscowOffice9, 'RU', '989123456789'],
    ['Moscow office: abroad with 810', london, moscowOffice9, 'RU', '9810442079460958'],
    ['Moscow office: internal extension, no 9', ext101, moscowOffice9, 'RU', '101'],
    ['Moscow office: Grandstream pickup feature code', pickup, moscowOffice9, 'RU', '*72'],
    ['Moscow office: a 7-digit city number behind the 9', moscowLocal, moscowOffice9, 'RU', '91234567'],
    ['FreePBX wanting +7', moscowOffice, freepbxPlus, 'RU', '+74951234567'],
    ['FreePBX wanting +: abroad stays +44', london, freepbxPlus, 'RU', '+442079460958'],
    ['An outside prefix is not put before a + number ("9+7…" is no dial string)', moscowOffice, rules({ outsidePrefix: '9', domesticForm: 'plus' }), 'RU', '+74951234567'],
    ['PBX wanting 7XXXXXXXXXX', moscowOffice, countryForm, 'RU', '74951234567'],
    ['PBX wanting 00 for abroad', london, countryForm, 'RU', '00442079460958'],
    ['Defaults (trunk, 810, no prefix): desk phone on a Russian line', moscowOffice, rules(), 'RU', '84951234567'],
    ['Defaults: abroad', london, rules(), 'RU', '810442079460958'],
    ['Home area 495 dropped: 7-digit local number', moscowOffice, homeDrop, 'RU', '91234567'],
    ['Home area 495 dropped: another area keeps 8 and its code', found('national', '84991234567', '+74991234567'), homeDrop, 'RU', '984991234567'],
    ['Home area 495 dropped: a mobile keeps its code', moscowMobile, homeDrop, 'RU', '989123456789'],
    ['Home area without drop completes a local number', moscowLocal, rules({ homeAreaCode: '495' }), 'RU', '84951234567'],
    ['No home area: a local number as written', moscowLocal, rules(), 'RU', '1234567'],
    ['Toll-free 8-800', found('national', '88005553535', '+78005553535'), moscowOffice9, 'RU', '988005553535'],
    ['Kazakh +7 7xx from Russia: domestic (one +7 zone)', almaty, moscowOffice9, 'RU', '987272123456'],
    ['Kazakh number in Kazakhstan', almaty, rules(), 'KZ', '87272123456'],
    ['Russian number from Kazakhstan: also 8', moscowOffice, rules(), 'KZ', '84951234567'],
    ['Belarus: 8 0XX form', found('national', '80291234567', '+375291234567'), rules(), 'BY', '80291234567'],
    ['Belarus: Moscow is abroad', moscowOffice, rules(), 'BY', '81074951234567'],
    ['Ukraine: 0 trunk, 00 abroad', found('national', '0441234567', '+380441234567'), rules({ internationalPrefix: '00' }), 'UA', '0441234567'],
    ['US: 9 then 1 + 10 digits', found('national', '2015550123', '+12015550123'), rules({ outsidePrefix: '9' }), 'US', '912015550123'],
    ['US: a Canadian number is domestic (NANP)', found('international', '14165550123', '+14165550123'), rules(), 'US', '14165550123'],
    ['US: Moscow with +', moscowOffice, rules({ internationalPrefix: 'plus' }), 'US', '+74951234567'],
    ['Germany: 0 trunk', found('national', '030123456', '+4930123456'), rules({ outsidePrefix: '0' }), 'DE', '0030123456'],
    ['Italy: no trunk prefix, the 0 belongs to the number', found('national', '0612345678', '+390612345678'), rules(), 'IT', '0612345678'],
  ])('%s', (_what, number, r, region, expected) => {
    expect(dial(number, r, region)).toBe(expected);
  });

  it('dials internal numbers of 3–5 digits as they are, longer ones as outside numbers', () => {
    const r = rules({ outsidePrefix: '9', internalMaxDigits: 5 });
    expect(dial(found('local', '101'), r)).toBe('101');
    expect(dial(found('local', '2045'), r)).toBe('2045');
    expect(dial(found('local', '12345'), r)).toBe('12345');
    expect(dial(found('local', '123456'), r)).toBe('9123456');
    expect(dial(found('local', '1234'), rules({ outsidePrefix: '9', internalMaxDigits: 3 }))).toBe('91234');
    expect(dial(found('short', '112'), r)).toBe('112');
  });

  it('keeps * and # of a feature code even when detection gave only digits', () => {
    expect(dial(found('short', '72', undefined, undefined, '*72'), rules({ outsidePrefix: '9' }))).toBe('*72');
    expect(dial(found('short', '#31#'), rules())).toBe('#31#');
  });

  it('returns an extension as DTMF, or reports it left out', () => {
    const office = found('national', '84951234567', '+74951234567', '123');
    expect(dial(office, rules({ extension: 'dtmf' }))).toBe('84951234567 | dtmf:123');
    expect(dial(office, rules({ extension: 'drop' }))).toBe('84951234567 | left out:123');
    expect(dial(found('international', '442079460958', '+442079460958', '45'), rules({ extension: 'dtmf', internationalPrefix: '00' }))).toBe(
      '00442079460958 | dtmf:45',
    );
  });

  it('works out the e164 of a national number detection gave without one', () => {
    expect(dial(found('national', '84951234567'), rules({ domesticForm: 'plus' }))).toBe('+74951234567');
  });

  it('reads a region outside the options list from detection’s table (Japan from a Japanese browser)', () => {
    expect(dial(found('national', '0312345678', '+81312345678'), rules({ internationalPrefix: '00' }), 'JP')).toBe('0312345678');
    expect(dial(found('international', '81312345678', '+81312345678'), rules({ domesticForm: 'plus' }), 'JP')).toBe('+81312345678');
    expect(dial(moscowOffice, rules({ internationalPrefix: '00' }), 'JP')).toBe('0074951234567');
  });

  it('dials a national number of a region no table knows as written', () => {
    expect(dial(found('national', '0312345678'), rules(), 'ZZ')).toBe('0312345678');
    expect(dial(london, rules({ internationalPrefix: '00' }), 'ZZ')).toBe('00442079460958');
  });

  it('refuses a dial string longer than a phone takes', () => {
    expect(dial(found('international', '1'.repeat(15), `+${'1'.repeat(15)}`), rules({ outsidePrefix: '999999' }), 'RU')).toBe('ERR:errNumberTooLong');
    expect(dial(found('local', ''), rules())).toBe('ERR:errNumberEmpty');
  });
});

describe('dialStringForSelection', () => {
  const r = rules({ outsidePrefix: '9' });
  const sel = (text: string, region = 'RU', detect?: Detector, ruleSet = r) => {
    const result = dialStringForSelection(text, ruleSet, region, detect);
    if (!result.ok) return `ERR:${result.reason.key}`;
    return result.dtmf ? `${result.dial} | dtmf:${result.dtmf}` : result.extensionLeftOut ? `${result.dial} | left out:${result.extensionLeftOut}` : result.dial;
  };

  it.each([
    ['+7 (495) 123-45-67', '984951234567'],
    ['Tel.: +7 (495) 123-45-67', '984951234567'],
    ['8 (912) 345-67-89', '989123456789'],
    ['74951234567', '984951234567'],
    ['(495) 123-45-67', '984951234567'],
    ['123-45-67', '91234567'],
    ['101', '101'],
    ['*72', '*72'],
    ['#31#', '#31#'],
    ['112', '112'],
    ['+44 20 7946 0958', '9810442079460958'],
    ['8 10 44 20 7946 0958', '9810442079460958'],
    ['00 44 20 7946 0958', '9810442079460958'],
    ['tel:+7-495-123-45-67;ext=12', '984951234567 | left out:12'],
    ['sip:101@pbx.local', '101'],
    ['callto:88005553535', '988005553535'],
    ['+7 495 123-45-67 доб. 123', '984951234567 | left out:123'],
    ['8 (495) 123-45-67, вн. 12', '984951234567 | left out:12'],
    ['+1 201 555 0123 ext. 7', '981012015550123 | left out:7'],
  ])('dials the selection %j as %j', (text, expected) => {
    expect(sel(text)).toBe(expected);
  });

  it('keeps the cleaner’s refusals', () => {
    expect(sel('call us today')).toBe('ERR:errNumberNoDigits');
    expect(sel('8 800 555-35-35, 8 495 123-45-67')).toBe('ERR:errNumberSeveral');
    expect(sel('   ')).toBe('ERR:errNumberEmpty');
  });

  it('uses the one number a detector finds, and refuses two', () => {
    const detect: Detector = (text) =>
      text.includes('ИНН')
        ? [{ start: 18, end: 45, raw: '8 495 123-45-67 доб. 12', kind: 'national', e164: '+74951234567', digits: '84951234567', extension: '12' }]
        : [
            { start: 0, end: 1, raw: '101', kind: 'short', digits: '101' },
            { start: 2, end: 3, raw: '102', kind: 'short', digits: '102' },
          ];
    expect(sel('ИНН 7701234567, тел. 8 495 123-45-67 доб. 12', 'RU', detect, rules({ extension: 'dtmf' }))).toBe('84951234567 | dtmf:12');
    expect(sel('101 или 102', 'RU', detect)).toBe('ERR:errNumberSeveral');
  });

  it('falls back to the cleaner when the detector finds nothing (a bare extension)', () => {
    expect(sel('101', 'RU', () => [])).toBe('101');
    expect(sel('*72', 'RU', () => [])).toBe('*72');
  });

  it('reads the selection in the region', () => {
    expect(sel('(201) 555-0123', 'US')).toBe('912015550123');
    expect(sel('011 44 20 7946 0958', 'US', undefined, rules({ internationalPrefix: 'plus' }))).toBe('+442079460958');
    expect(sel('020 7946 0958', 'GB', undefined, rules({ outsidePrefix: '9', internationalPrefix: '00' }))).toBe('902079460958');
  });
});

describe('dialStringForSelection with detection (context menu and popup)', () => {
  const office = rules({ outsidePrefix: '9', extension: 'dtmf' });
  const sel = (text: string) => {
    const result = dialStringForSelection(text, office, 'RU', findNumbers);
    if (!result.ok) return `ERR:${result.reason.key}`;
    return result.dtmf ? `${result.dial} | dtmf:${result.dtmf}` : result.dial;
  };

  it.each([
    ['Tel.: +7 (495) 123-45-67', '984951234567'],
    ['+7 495 123-45-67 доб. 123', '984951234567 | dtmf:123'],
    ['ИНН 7701234567, тел. 8 495 123-45-67', '984951234567'],
    ['8 (912) 345-67-89', '989123456789'],
    ['123-45-67', '91234567'],
    ['101', '101'],
    ['*72', '*72'],
    ['#31#', '#31#'],
    ['tel:+7-495-123-45-67;ext=12', '984951234567 | dtmf:12'],
  ])('dials %j as %j', (text, expected) => {
    expect(sel(text)).toBe(expected);
  });

  it('refuses two numbers and text without one', () => {
    expect(sel('8 800 555-35-35, 8 495 123-45-67')).toBe('ERR:errNumberSeveral');
    expect(sel('call us today')).toBe('ERR:errNumberNoDigits');
  });
});

describe('helpers', () => {
  it('classifies cleaned numbers like a user reads them', () => {
    expect(classifyDialable('84951234567', 'RU')).toMatchObject({ kind: 'national', e164: '+74951234567' });
    expect(classifyDialable('81044201234567', 'RU')).toMatchObject({ kind: 'international', e164: '+44201234567' });
    expect(classifyDialable('1234567', 'RU')).toMatchObject({ kind: 'local' });
    expect(classifyDialable('101', 'RU')).toMatchObject({ kind: 'short' });
    expect(classifyDialable('*72', 'RU')).toMatchObject({ kind: 'short' });
  });

  it('splits an extension off a selection but not a feature code', () => {
    expect(splitExtension('+7 495 123-45-67 доб. 123')).toEqual({ number: '+7 495 123-45-67', extension: '123' });
    expect(splitExtension('8 495 1234567 ext.45')).toEqual({ number: '8 495 1234567', extension: '45' });
    expect(splitExtension('8 800 555 35 35 #2')).toEqual({ number: '8 800 555 35 35', extension: '2' });
    expect(splitExtension('#31')).toEqual({ number: '#31' });
    expect(splitExtension('+7 495 123-45-67')).toEqual({ number: '+7 495 123-45-67' });
  });

  it('resolves "auto" from the browser language like detection does, Russia when it says nothing', () => {
    expect(resolveRegion('auto', 'ru')).toBe('RU');
    expect(resolveRegion('auto', 'ru-RU')).toBe('RU');
    expect(resolveRegion('auto', 'uk')).toBe('UA');
    expect(resolveRegion('auto', 'kk-KZ')).toBe('KZ');
    expect(resolveRegion('auto', 'en-US')).toBe('US');
    expect(resolveRegion('auto', 'en_GB')).toBe('GB');
    expect(resolveRegion('auto', 'en')).toBe('US');
    expect(resolveRegion('auto', 'ja')).toBe('JP');
    expect(resolveRegion('auto', 'xx')).toBe('RU');
    expect(resolveRegion('auto', undefined)).toBe('RU');
    expect(resolveRegion('DE', 'ru')).toBe('DE');
  });
});
