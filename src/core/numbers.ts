// Turns what the user selected or clicked into a dial string: digits, one leading "+", "*" and
// "#" (feature codes such as *72 need them; shared/reference/protocols.md §7.4). Everything
// else is either a visual separator, a link scheme, or a reason to refuse with a sentence.
import { text, type LocalText } from './text.ts';

export type DialNumberResult =
  | { readonly ok: true; readonly number: string }
  | { readonly ok: false; readonly reason: LocalText };

/** E.164 allows 15 digits; a PBX may add an outside-line or carrier prefix of a few more. */
export const MAX_DIAL_DIGITS = 20;
const MAX_INPUT_LENGTH = 200;

const LINK_SCHEME = /^(?:tel|callto|sips?|phone):(?:\/\/)?/i;
// Spaces that pages use inside numbers: NBSP, thin/narrow/figure spaces, zero-width characters.
const ODD_SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;
// Dashes and the like that look like "-" (en dash, em dash, minus sign, non-breaking hyphen).
const ODD_DASHES = /[\u2010-\u2015\u2212]/g;
const NUMBER_RUN = /\+?[0-9*#][0-9*#\s().\-/]*/g;

function fromLink(input: string): string {
  let value = input.replace(LINK_SCHEME, '');
  // sip:+74951234567@pbx;user=phone → the user part; tel:+1-201-555-0123;ext=12 → drop params.
  value = value.split('@')[0]!.split(';')[0]!.split('?')[0]!;
  try {
    value = decodeURIComponent(value);
  } catch {
    // A stray "%" in a hand-written link: use the text as it is.
  }
  return value;
}

function digitCount(s: string): number {
  return s.replace(/[^0-9]/g, '').length;
}

/**
 * Cleans a selection or a tel:/callto:/sip: link into a dial string. A selection may carry words
 * around the number ("Tel: +7 495 123-45-67"); the number inside is used when there is exactly one.
 */
export function cleanNumberForDial(input: string): DialNumberResult {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: text('errNumberTooLongText') };
  let value = input.replace(ODD_SPACES, ' ').replace(ODD_DASHES, '-').trim();
  if (LINK_SCHEME.test(value)) value = fromLink(value).trim();
  if (!value) return { ok: false, reason: text('errNumberEmpty') };

  const runs = (value.match(NUMBER_RUN) ?? []).map((r) => r.trim()).filter((r) => digitCount(r) > 0 || /[*#]/.test(r));
  const meaningful = runs.filter((r) => digitCount(r) >= 2 || (/[*#]/.test(r) && digitCount(r) >= 1));
  if (meaningful.length === 0) return { ok: false, reason: text('errNumberNoDigits', shorten(value)) };
  if (meaningful.length > 1) {
    // "8 800 555-35-35, 8 495 123-45-67" — refusing is kinder than dialling a mix of both.
    return { ok: false, reason: text('errNumberSeveral', shorten(value)) };
  }
  const run = meaningful[0]!;
  const plus = run.startsWith('+');
  const body = run.replace(/[^0-9*#]/g, '');
  const number = (plus ? '+' : '') + body;
  const digits = digitCount(number);
  if (digits > MAX_DIAL_DIGITS) return { ok: false, reason: text('errNumberTooLong', number) };
  if (plus && (digits < 3 || /[*#]/.test(body))) return { ok: false, reason: text('errNumberInvalidPlus', number) };
  return { ok: true, number };
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** For menus and notifications: "Dial “+7 495 123-45-67”" keeps the user's spacing but not whole paragraphs. */
export function selectionLabel(selection: string): string {
  return shorten(selection.replace(ODD_SPACES, ' ').replace(/\s+/g, ' ').trim());
}
