// Dialling rules (issue 5, item 4; shared/reference/protocols.md §7.4–7.5): from a detected number
// to the exact string the phone or PBX of one backend profile wants. Pure: the background applies
// it before Driver.dial, the options page's test bench shows it.
//
// Order of the rules, first that applies:
//  1. Internal numbers and service/feature codes — kind "short", or a number without area code of
//     at most internalMaxDigits digits (101, *72, 112) — are dialled exactly as written, no prefix.
//  2. A number of the region's own country (its e164 starts with the region's calling code):
//     in the home area with dropAreaCode → the subscriber number alone; otherwise the domestic
//     form: "+7 495…" (plus), "8 495…" (trunk) or "7 495…" (country).
//     +7 is one zone: with region RU a Kazakh +7 7xx… number is domestic (8 7xx…), as it is
//     dialled from Russia, and the other way round for KZ.
//  3. Other countries → the international prefix in place of "+": "810 44…", "00 44…" or "+44…".
//  4. A local number (no area code): as written, or with homeAreaCode in front when the home area
//     is set and dropAreaCode is off (the PBX then wants full numbers, so the area is completed).
//  5. The outside-line prefix goes before every number of 2–4, so "9" + "84951234567" — except
//     a number in the "+" form, which is complete as it is ("9+7…" would reach the drivers as
//     "97…", a wrong number).
//  6. An extension after the number ("доб. 123") is returned as dtmf when the rules say so, or
//     reported as left out; it is never glued to the dial string.
import { MAX_DIAL_DIGITS, cleanNumberForDial } from '../numbers.ts';
import type { DialRules } from '../settings.ts';
import { text, type LocalText } from '../text.ts';
import { findPhoneNumbers } from './detect.ts';
import { classifyDialable, linkExtension, nationalNsn, regionPlan, splitExtension } from './dialString.ts';
import type { DetectOptions, FoundNumber } from './types.ts';

export { DEFAULT_REGION, REGIONS, REGION_PLANS, regionPlan, resolveRegion } from './dialString.ts';

/** How the rules treated a number (the test bench explains each line with it). */
export type DialRoute = 'internal' | 'local' | 'home-area' | 'domestic' | 'international';

export type DialResult =
  | {
      readonly ok: true;
      /** The exact string for Driver.dial. */
      readonly dial: string;
      /** The extension, to be sent as DTMF once the call is connected (rules.extension "dtmf"). */
      readonly dtmf?: string;
      /** The extension that was written but not dialled (rules.extension "drop"). */
      readonly extensionLeftOut?: string;
      readonly route: DialRoute;
    }
  | { readonly ok: false; readonly reason: LocalText };

/** A number finder with the shape of findPhoneNumbers in detect.ts. */
export type Detector = (text: string, options: DetectOptions) => readonly FoundNumber[];

/** Detection: the numbers in a text (findPhoneNumbers), as the background and the test bench use it. */
export const findNumbers: Detector = findPhoneNumbers;

const dialChars = (s: string) => s.replace(/[^0-9*#+]/g, '').replace(/(?!^)\+/g, '');
const digitCount = (s: string) => s.replace(/[^0-9]/g, '').length;

/** Applies one backend profile's rules to a detected number. `region` is resolved (resolveRegion), e.g. "RU". */
export function applyDialRules(found: FoundNumber, rules: DialRules, region: string): DialResult {
  const written = dialChars(found.digits || found.raw);
  if (digitCount(written) === 0 && !/[*#]/.test(written)) return { ok: false, reason: text('errNumberEmpty') };
  const extension = found.extension?.replace(/[^0-9*#]/g, '') || undefined;

  const finish = (body: string, route: DialRoute, outside: boolean): DialResult => {
    // "9+44…" is no dial string: the drivers drop a "+" that is not first (it would become the
    // wrong number 944…), and a PBX that takes "+" numbers routes them by the "+" itself.
    const dial = (outside && !body.startsWith('+') ? rules.outsidePrefix : '') + body;
    if (digitCount(dial) > MAX_DIAL_DIGITS) return { ok: false, reason: text('errNumberTooLong', dial) };
    if (!extension) return { ok: true, dial, route };
    return rules.extension === 'dtmf' ? { ok: true, dial, dtmf: extension, route } : { ok: true, dial, extensionLeftOut: extension, route };
  };

  // 1. Internal numbers and feature codes.
  const plainDigits = written.replace(/^\+/, '');
  if (found.kind === 'short' || (found.kind === 'local' && /^[0-9]+$/.test(plainDigits) && plainDigits.length <= rules.internalMaxDigits)) {
    // Written with "*" or "#" but detection kept only the digits: dial what was written.
    const asWritten = /[*#]/.test(found.raw) && !/[*#]/.test(found.digits) ? dialChars(found.raw) : written;
    return finish(asWritten.replace(/^\+/, ''), 'internal', false);
  }

  const plan = regionPlan(region);
  let e164 = found.e164 && /^\+[0-9]{3,15}$/.test(found.e164) ? found.e164 : undefined;
  if (!e164 && found.kind === 'international' && written.startsWith('+')) e164 = written;
  if (!e164 && found.kind === 'national' && plan) {
    const nsn = nationalNsn(plainDigits, plan);
    if (nsn) e164 = `+${plan.cc}${nsn}`;
  }
  const home = rules.homeAreaCode;

  // 4. Local numbers.
  if (!e164) {
    if (found.kind === 'local' && plan && home && !rules.dropAreaCode) {
      const nsn = home + plainDigits;
      if (nsn.length >= plan.nsn[0] && nsn.length <= plan.nsn[1]) return finish(domestic(nsn, plan.cc, plan.trunk, rules), 'domestic', true);
    }
    // A national number of a region Ringside has no plan for: as written on the page.
    return finish(plainDigits, 'local', true);
  }

  // 2. The region's own country.
  if (plan && e164.startsWith(`+${plan.cc}`)) {
    const nsn = e164.slice(1 + plan.cc.length);
    if (rules.dropAreaCode && home && nsn.startsWith(home) && nsn.length > home.length) {
      return finish(nsn.slice(home.length), 'home-area', true);
    }
    return finish(domestic(nsn, plan.cc, plan.trunk, rules), 'domestic', true);
  }

  // 3. Abroad.
  const prefix = rules.internationalPrefix === 'auto' ? (plan?.intl[0] ?? '00') : rules.internationalPrefix;
  const international = prefix === 'plus' ? e164 : prefix + e164.slice(1);
  return finish(international, 'international', true);
}

function domestic(nsn: string, cc: string, trunk: string, rules: DialRules): string {
  switch (rules.domesticForm) {
    case 'plus':
      return `+${cc}${nsn}`;
    case 'trunk':
      return trunk + nsn;
    case 'country':
      return cc + nsn;
  }
}

export type SelectionDialResult = DialResult & { readonly found?: FoundNumber };

const LINK = /^\s*(?:tel|callto|sips?|phone):/i;

/**
 * A selection, a typed number or a tel:/callto:/sip: link → the dial string for these rules.
 * With a detector, the one number it finds in the text is used (so "ИНН 7701234567, тел. 8 495
 * 123-45-67 доб. 12" dials the phone with its extension); when it finds none — a bare "101",
 * "*72", or anything detection does not call a phone — the selection is cleaned as before
 * (cleanNumberForDial) and read in the region. Two or more numbers are refused.
 */
export function dialStringForSelection(selection: string, rules: DialRules, region: string, detect?: Detector): SelectionDialResult {
  if (LINK.test(selection)) {
    const cleaned = cleanNumberForDial(selection);
    if (!cleaned.ok) return cleaned;
    return withFound(classifyDialable(cleaned.number, region, linkExtension(selection)), rules, region);
  }
  if (detect && selection.length <= 200) {
    const found = detect(selection, { region });
    if (found.length > 1) return { ok: false, reason: text('errNumberSeveral', shorten(selection)) };
    if (found.length === 1) return withFound(found[0]!, rules, region);
  }
  const { number, extension } = splitExtension(selection);
  const cleaned = cleanNumberForDial(number);
  if (!cleaned.ok) {
    // The whole selection gives the better message ("There is no phone number in “…”").
    const whole = cleanNumberForDial(selection);
    return whole.ok ? withFound(classifyDialable(whole.number, region), rules, region) : whole;
  }
  return withFound(classifyDialable(cleaned.number, region, extension), rules, region);
}

function withFound(found: FoundNumber, rules: DialRules, region: string): SelectionDialResult {
  const result = applyDialRules(found, rules, region);
  return result.ok ? { ...result, found } : result;
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}
