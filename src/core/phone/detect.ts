// Phone-number detection (issue 5, item 1): text → spans with the number to dial. Pure: no DOM.
//
// How it works, and why not libphonenumber-js's findNumbers (measured in test/bench/detect.ts):
// 1. One linear pass finds digit runs: groups of digits joined by short separators (spaces, NBSP
//    and thin spaces, hyphens and dashes, dots, slashes, one pair of parentheses). No regex runs over
//    the text itself, so nothing can backtrack: 1 MB of "1-2 3.4" costs what 1 MB of prose does.
// 2. A run is read whole first; when it is not a phone it is split only where the page put a space
//    or a slash ("8 495 123-45-67 8 800 555-35-35", "123-45-67/68"), leftmost-longest.
// 3. Each window of groups is classified by shape and by numbering plan: +<cc>, 00/810/011, the
//    +7 forms (8 and 7 trunk/country digits), the region's national forms, city-local numbers
//    (123-45-67) and marked internal extensions. Validity comes from libphonenumber's own metadata
//    (detectMetadata.ts, generated from the devDependency: 22 kB, 7 kB gzip) instead of the library
//    (184–270 kB, 38–59 kB gzip for findNumbers with the min/max metadata).
// 4. Context decides the rest (detectContext.ts): labels before ("тел.", "ИНН", "№"), amounts
//    after ("руб", "%"), characters glued to the run (IBAN "DE89…", "v2.10", URLs), dates, times.
import { amountAfter, continuesList, internalBefore, labelBefore, type Label } from './detectContext.ts';
import { isValidNsn, regionPlan, splitCallingCode, type RegionPlan } from './detectPlans.ts';
import { normaliseRegion } from './detectRegion.ts';
import type { DetectOptions, FoundNumber, NumberKind } from './types.ts';

export { regionFromLanguage } from './detectRegion.ts';

// ---------------------------------------------------------------------------------------------
// Characters

const OTHER = 0, DIGIT = 1, SPACE = 2, DASH = 3, DOT = 4, SLASH = 5, OPEN = 6, CLOSE = 7;

function classOf(c: number): number {
  if (c >= 48 && c <= 57) return DIGIT;
  switch (c) {
    case 0x20: case 0xa0: case 0xad: case 0x202f: case 0x205f: case 0x3000: case 0xfeff: case 0x2060:
      return SPACE;
    case 0x2d: case 0x2212: case 0xfe63: case 0xff0d:
      return DASH;
    case 0x2e:
      return DOT;
    case 0x2f:
      return SLASH;
    case 0x28:
      return OPEN;
    case 0x29:
      return CLOSE;
  }
  if (c >= 0x2000 && c <= 0x200d) return SPACE; // en/em/thin/hair/figure spaces, zero-width
  if (c >= 0x2010 && c <= 0x2015) return DASH; // hyphen, non-breaking hyphen, en/em dashes
  return OTHER;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
function isWordChar(c: number): boolean {
  if (c < 0) return false;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD_CHAR.test(String.fromCharCode(c));
}

const at = (text: string, i: number) => (i >= 0 && i < text.length ? text.charCodeAt(i) : -1);
const isDigitAt = (text: string, i: number) => {
  const c = at(text, i);
  return c >= 48 && c <= 57;
};

// ---------------------------------------------------------------------------------------------
// Runs

interface Group {
  readonly s: number;
  readonly e: number;
  /** Index of a "(" right before the group, or -1. */
  open: number;
  /** Index of a ")" right after the group, or -1. */
  close: number;
  /** The separator before the group: its punctuation ("-", ".", "/"), " " for spaces only, "" for none or parentheses only. */
  sep: string;
  /** The separator before the group has a space. */
  spaced: boolean;
  /** A window of the run may start at this group: its separator has a space or a slash and closes no parenthesis. */
  boundary: boolean;
}

interface Run {
  readonly start: number;
  end: number;
  readonly plus: boolean;
  readonly groups: Group[];
}

const MAX_SEPARATOR = 5;

/** Reads the maximal run at `p` (a digit, "+" or "("); null when there is none. Linear in its length. */
function scanRun(text: string, p: number): Run | null {
  const len = text.length;
  let i = p;
  let plus = false;
  if (text.charCodeAt(i) === 0x2b) {
    i++;
    if (classOf(at(text, i)) === SPACE && isDigitAt(text, i + 1)) i++; // "+ 7 495…"
    plus = true;
  }
  let pendingOpen = -1;
  if (at(text, i) === 0x28) {
    if (!isDigitAt(text, i + 1)) return null;
    pendingOpen = i;
    i++;
  }
  if (!isDigitAt(text, i)) return null;

  const groups: Group[] = [];
  let runOpen = -1; // an "(" not yet closed
  let sep = '';
  let spaced = false;
  let boundary = false;
  let end = i;
  for (;;) {
    const s = i;
    while (i < len && isDigitAt(text, i)) i++;
    const group: Group = { s, e: i, open: pendingOpen, close: -1, sep, spaced, boundary };
    if (pendingOpen >= 0) runOpen = pendingOpen;
    pendingOpen = -1;
    groups.push(group);
    end = i;

    // The separator after the group: [")"] [spaces] [- . /] [spaces] ["("], at most MAX_SEPARATOR long.
    let j = i;
    if (at(text, j) === 0x29 && runOpen >= 0) {
      const openGroup = groupOpenedAt(groups, runOpen);
      let inside = 0;
      for (let k = openGroup; k < groups.length; k++) inside += groups[k]!.e - groups[k]!.s;
      runOpen = -1;
      if (groups.length - openGroup > 2 || inside > 6) {
        // Not an area code in parentheses but a number in them: "Иван (8 912 345-67-89)". A
        // leading "(" is dropped and the run ends at the ")"; an inner one spoils the windows over it.
        if (openGroup === 0 && !plus) {
          groups[0]!.open = -1;
          break;
        }
      }
      group.close = j;
      end = j + 1;
      j++;
    }
    let spaces = 0;
    let punct = '';
    let open = -1;
    while (j < len && j - i < MAX_SEPARATOR) {
      const k = classOf(text.charCodeAt(j));
      if (k === SPACE) spaces++;
      else if ((k === DASH || k === DOT || k === SLASH) && punct === '' && open < 0) punct = k === DASH ? '-' : text[j]!;
      else if (k === OPEN && open < 0 && runOpen < 0) open = j;
      else break;
      j++;
    }
    if (!isDigitAt(text, j) || j - i > MAX_SEPARATOR || spaces > 3) break;
    if (open >= 0 && open !== j - 1) break; // "( 495" — not a phone parenthesis
    pendingOpen = open;
    sep = punct !== '' ? punct : spaces > 0 ? ' ' : '';
    spaced = spaces > 0;
    // "8 (000) 123-45-67" must not yield "123-45-67": no window starts right after a ")".
    boundary = (spaced || punct === '/') && group.close < 0;
    i = j;
  }
  let start = plus ? p : groups[0]!.open >= 0 ? groups[0]!.open : groups[0]!.s;
  if (runOpen >= 0) {
    // An "(" that never closed: a leading one is dropped ("(8 495 123-45-67"); an inner one ends the
    // run before it.
    const k = groupOpenedAt(groups, runOpen);
    if (k === 0) {
      groups[0]!.open = -1;
      if (!plus) start = groups[0]!.s;
    } else {
      groups.length = k;
      const last = groups[k - 1]!;
      end = last.close >= 0 ? last.close + 1 : last.e;
    }
  }
  return { start, end, plus, groups };
}

// ---------------------------------------------------------------------------------------------
// Shapes

const EX_USSR = new Set(['7', '375', '380', '373', '374', '992', '993', '994', '995', '996', '998']);

/**
 * The group lengths of the national significant number: `lead` prefix digits ("8", "7", "+7",
 * "00 49", "810 7") are taken off the front. A group that holds the end of the prefix and the start
 * of the NSN ("+7495 …", "8800 …") keeps only its NSN part.
 */
function nsnLens(lens: readonly number[], lead: number): number[] {
  let k = 0;
  let left = lead;
  while (k < lens.length && left >= lens[k]!) left -= lens[k++]!;
  const out = lens.slice(k);
  if (left > 0 && out.length > 0) out[0]! -= left;
  return out;
}

/**
 * Group lengths from `from` on as one number, a hex digit per group: [3, 2, 2] → 0x322. Lengths
 * over 15 saturate (no phone shape has such a group).
 */
function shapeKey(lens: readonly number[], from = 0): number {
  let key = 0;
  for (let k = from; k < lens.length; k++) key = key * 16 + Math.min(lens[k]!, 15);
  return key;
}

// Subscriber groupings after a Russian area code of 3, 4 or 5 digits (the NSN is always 10 digits):
// area 3 → 123-45-67, 123-4567, 1234567, 12-34-567; area 4 → 12-34-56, 123-456, 123456;
// area 5 → 1-23-45, 123-45, 12-345, 12345.
const RU_SUBSCRIBER: Readonly<Record<number, readonly number[]>> = {
  3: [0x322, 0x34, 0x7, 0x223],
  4: [0x222, 0x33, 0x6],
  5: [0x122, 0x32, 0x23, 0x5],
};

/** A +7 NSN grouped as Russians write it: (495) 123-45-67, 912 345 67 89, (4912) 12-34-56, or bare. */
function ruShape(lens: readonly number[], lead: number, areaInParens = false): boolean {
  const nsn = nsnLens(lens, lead);
  if (nsn.length === 1) return nsn[0] === 10;
  const area = nsn[0]!;
  const key = shapeKey(nsn, 1);
  if (RU_SUBSCRIBER[area]?.includes(key)) {
    // "4012 345678" is a passport (series and number); "(4012) 345678" or "8 4012 345678" is a phone.
    return lead > 0 || areaInParens || area === 3 || nsn.length > 2;
  }
  // After 8 / 7 / +7 the prefix vouches for the number: toll-free and vanity groupings such as
  // "8 800 2000 600", "8 800 700-0-700", "8 800 100 0 100" are fine. Up to three groups of 1–4
  // digits, at most one of them a single digit.
  if (lead === 0 || area !== 3 || nsn.length > 4) return false;
  let singles = 0;
  for (let k = 1; k < nsn.length; k++) {
    if (nsn[k]! > 4) return false;
    if (nsn[k] === 1) singles++;
  }
  return singles <= 1;
}

/** A North American NSN grouped as written there: (201) 555-0123, 201-555-0123, 201.555.0123, or bare. */
function nanpShape(lens: readonly number[], lead: number): boolean {
  const key = shapeKey(nsnLens(lens, lead));
  return key === 0x334 || key === 0x37 || key === 0xa;
}

/** 1 234 567 / 12.500.000: thousands grouping, an amount rather than a phone. */
function amountLike(lens: readonly number[], seps: readonly string[], digits: string): boolean {
  if (lens.length < 2 || lens[0]! > 3 || digits[0] === '0') return false; // amounts do not start with 0
  for (let k = 1; k < lens.length; k++) if (lens[k] !== 3 || (seps[k] !== ' ' && seps[k] !== '.')) return false;
  return true;
}

function dateLike(a: number, b: number, c: number): boolean {
  const dmy = a >= 1 && a <= 31 && b >= 1 && b <= 12;
  const mdy = a >= 1 && a <= 12 && b >= 1 && b <= 31;
  const ymd = b >= 1 && b <= 12 && c >= 1 && c <= 31;
  return dmy || mdy || ymd;
}

/** d.m.y, d/m/y, d-m-y, y-m-d with one kind of separator and plausible values. */
function dateShape(w: Window): boolean {
  const { lens, seps, spaced, digits: d } = w;
  if (seps[1] !== seps[2] || !(seps[1] === '.' || seps[1] === '/' || seps[1] === '-') || spaced[1] || spaced[2]) return false;
  const [l0, l1, l2] = lens as [number, number, number];
  const a = Number(d.slice(0, l0));
  const b = Number(d.slice(l0, l0 + l1));
  const c = Number(d.slice(l0 + l1));
  if (l0 === 4) return l1 <= 2 && l2 <= 2 && b >= 1 && b <= 12 && c >= 1 && c <= 31;
  return l0 <= 2 && l1 <= 2 && (l2 === 2 || l2 === 4) && dateLike(a, b, c);
}

// ---------------------------------------------------------------------------------------------
// Classification

const NEED_NONE = 0, NEED_PHONE = 1, NEED_INTERNAL = 2;

interface Candidate {
  kind: NumberKind;
  e164?: string;
  digits: string;
  need: number;
}

interface Window {
  readonly lens: number[];
  readonly seps: string[];
  readonly spaced: boolean[];
  readonly digits: string;
  readonly plus: boolean;
  /** Index (in the window) of the first group inside parentheses, or -1. */
  readonly parenFirst: number;
  readonly parenLast: number;
}

function international(cc: string, nsn: string, digits: string): Candidate {
  return { kind: 'international', e164: `+${cc}${nsn}`, digits, need: NEED_NONE };
}

/** "+<cc> …", "00 <cc> …", "810 <cc> …": a valid NSN for the calling code, grouped plausibly. */
function withCallingCode(rest: string, lens: readonly number[], prefixDigits: number, digits: string): Candidate | null {
  const split = splitCallingCode(rest);
  if (split === undefined || !isValidNsn(split.cc, split.nsn)) return null;
  const lead = prefixDigits + split.cc.length;
  if (split.cc === '7' && !ruShape(lens, lead)) return null;
  if (split.cc === '1' && !nanpShape(lens, lead)) return null;
  if (nsnLens(lens, lead).length > 6) return null;
  return international(split.cc, split.nsn, digits);
}

function classify(w: Window, plan: RegionPlan): Candidate | null {
  const { lens, seps, digits: d, plus } = w;
  const n = lens.length;
  const total = d.length;
  const bare = n === 1;
  const slash = seps.indexOf('/');
  if (slash > 1 || (slash === 1 && plus)) return null; // "/" only right after the area code: "030/1234567"

  if (plus) {
    // "+8 (495) 123-45-67" is a common typo for +7 on Russian sites.
    if (total === 11 && d[0] === '8' && lens[0] === 1 && isValidNsn('7', d.slice(1)) && ruShape(lens, 1)) {
      return international('7', d.slice(1), d);
    }
    // "+49 (0)30 1234567": a trunk prefix in parentheses is not dialled from abroad.
    let rest = d;
    let restLens = lens;
    if (w.parenFirst === 1 && w.parenLast === 1 && lens[1] === 1 && d[lens[0]!] === '0') {
      rest = d.slice(0, lens[0]) + d.slice(lens[0]! + 1);
      restLens = [lens[0]!, ...lens.slice(2)];
    }
    if (rest.length < 7 || rest.length > 15) return null;
    return withCallingCode(rest, restLens, 0, rest);
  }
  if (total < 2 || total > 17) return null;
  if (n === 3 && dateShape(w)) {
    // 21.11.2026, 2026-11-21, 21/11/26 — but 12-34-56 may be a small town's number when labelled.
    return shapeKey(lens) === 0x222 && seps[1] === '-' && EX_USSR.has(plan.cc) ? { kind: 'local', digits: d, need: NEED_PHONE } : null;
  }
  if (n === 2 && lens[0] === 4 && lens[1] === 4 && /^(?:19|20)\d\d(?:19|20)\d\d$/.test(d)) return null; // 1998-2005

  // International prefixes: 00 (most of the world, and common on any page), 810 (+7 zone, Belarus…),
  // 011 (North America), and the region's own.
  if (total >= 10 && (d[0] === '0' || d[0] === '8')) {
    for (const idd of ['00', '810', '011', plan.idd]) {
      if (idd === '' || !d.startsWith(idd)) continue;
      // The prefix stands alone or starts the first group ("00 49…", "0049 30…", "8 10 49…").
      if (!(lens[0]! >= idd.length || (idd === '810' && lens[0] === 1 && lens[1]! >= 2))) continue;
      if (bare && total < 12) continue; // "0048213377" is an account, not Poland
      const found = withCallingCode(d.slice(idd.length), lens, idd.length, d);
      if (found) return found;
    }
  }

  // The +7 zone's own long forms: 8 (trunk) or 7 (country code without "+") and 10 digits.
  // They name the country whatever the region, so they count as international (types.ts).
  if (total === 11 && (d[0] === '8' || d[0] === '7') && isValidNsn('7', d.slice(1)) && ruShape(lens, 1)) {
    const found = international('7', d.slice(1), d);
    if (bare && plan.cc !== '7') found.need = NEED_PHONE;
    if (!bare && lens[0] !== 1 && plan.cc !== '7') found.need = NEED_PHONE; // "8495 1234567" outside +7
    return found;
  }

  // The region's national forms.
  const national = nationalForm(w, plan);
  if (national) return national;

  // City-local numbers: 123-45-67 (7 digits), 12-34-56 (6), 1-23-45 (5); 555-0123 elsewhere.
  if (total >= 5 && total <= 7) {
    if (bare) return total === 5 ? { kind: 'short', digits: d, need: NEED_INTERNAL } : { kind: 'local', digits: d, need: NEED_PHONE };
    if (w.parenFirst >= 0 || d[0] === '0') return null; // local numbers do not start with 0
    let dashes = true;
    let spaces = true;
    for (let k = 1; k < n; k++) {
      if (seps[k] !== '-' || w.spaced[k]) dashes = false;
      if (seps[k] !== ' ') spaces = false;
    }
    const key = shapeKey(lens);
    const home = EX_USSR.has(plan.cc);
    let need = -1;
    if (dashes && (key === 0x322 || key === 0x222)) need = home ? NEED_NONE : NEED_PHONE; // dates were taken above
    else if (dashes && (key === 0x122 || key === 0x34)) need = NEED_PHONE;
    else if (spaces && (key === 0x322 || key === 0x34)) need = NEED_PHONE;
    return need < 0 ? null : { kind: 'local', digits: d, need };
  }

  // Internal extensions only where they are marked: "вн. 101", "ext. 4512".
  if (bare && total >= 2 && total <= 5) return { kind: 'short', digits: d, need: NEED_INTERNAL };
  return null;
}

function nationalForm(w: Window, plan: RegionPlan): Candidate | null {
  const { lens, seps, digits: d } = w;
  const bare = lens.length === 1;
  const cc = plan.cc;

  if (cc === '7') {
    // (495) 123-45-67, 495 123 4567, 912 345-67-89; a bare 10-digit number only when labelled
    // (ИНН of a company is 10 digits too).
    if (d.length !== 10 || !isValidNsn('7', d) || !ruShape(lens, 0, w.parenFirst === 0 && w.parenLast === 0)) return null;
    if (seps.includes('/')) return null;
    // Bare: a mobile (9xx) in a CRM cell is a phone; a geographic-looking one is more often an ИНН.
    return nationalFound(cc, d, d, bare && d[0] !== '9' ? NEED_PHONE : NEED_NONE);
  }
  if (cc === '1') {
    if (seps.includes('/')) return null;
    // Bare 10-digit numbers are common in US CRMs and valid NANP numbers are specific enough.
    if (d.length === 10 && isValidNsn('1', d) && nanpShape(lens, 0)) return nationalFound(cc, d, d, NEED_NONE);
    if (d.length === 11 && d[0] === '1' && isValidNsn('1', d.slice(1)) && nanpShape(lens, 1) && (bare || lens[0] === 1)) {
      return nationalFound(cc, d.slice(1), d, bare ? NEED_PHONE : NEED_NONE);
    }
    return null;
  }
  // Other plans: with the trunk prefix ("030 1234567", "020 7946 0958", "8 017 123-45-67"), or without
  // where the plan writes none.
  const need = bare || amountLike(lens, seps, d) ? NEED_PHONE : NEED_NONE;
  if (plan.trunk) {
    const m = plan.trunk.exec(d);
    if (m && m[0].length > 0) {
      const nsn = d.slice(m[0].length);
      if (nsn.length >= 5 && isValidNsn(cc, nsn)) return nationalFound(cc, nsn, d, need);
    }
  }
  if (plan.trunkUse !== 'r' && d.length >= 7 && isValidNsn(cc, d) && (bare || lens[0]! >= 2) && !seps.includes('/')) {
    return nationalFound(cc, d, d, need);
  }
  return null;
}

function nationalFound(cc: string, nsn: string, digits: string, need: number): Candidate {
  return { kind: 'national', e164: `+${cc}${nsn}`, digits, need };
}

// ---------------------------------------------------------------------------------------------
// Extensions and edges

// "доб. 123", "доп.123", "вн. 45", "добавочный 1234", "ext. 12", "x 9", "#12", optionally in
// parentheses or after a comma. Horizontal spaces only: an extension is on the number's line ("…67\nвн. 1001" is another entry).
const S = '[ \\u00a0\\u2000-\\u200b\\u202f]';
const EXTENSION = new RegExp(
  `${S}*,?${S}*(\\(${S}*)?(?:доб(?:авочн\\p{L}*)?|доп(?:олнительн\\p{L}*)?|вн(?:утр(?:енн\\p{L}*)?)?|ext(?:ension)?|[xх]|#)` +
    `(?:\\.|${S})?${S}*[:.]?${S}*(\\d{1,6})(?!\\d)(${S}*\\))?`,
  'iuy',
);

function extensionAt(text: string, end: number): { ext: string; end: number } | null {
  EXTENSION.lastIndex = end;
  const m = EXTENSION.exec(text);
  if (!m) return null;
  // A ")" belongs to the extension only when it opened one: "(доб. 12)", not "(тел. … доб. 12)".
  const strayClose = m[1] === undefined && m[3] !== undefined ? m[3].length : 0;
  return { ext: m[2]!, end: end + m[0].length - strayClose };
}

/** Characters before a run that make it part of something else: a word, a decimal, a URL. */
function gluedBefore(text: string, start: number): boolean {
  const c = at(text, start - 1);
  if (c < 0) return false;
  if (isWordChar(c)) return true;
  // "/" "=" "&" "@" "\": paths, query strings, e-mails. "°": coordinates.
  if (c === 0x2f || c === 0x3d || c === 0x26 || c === 0x40 || c === 0x5c || c === 0xb0) return true;
  const c2 = at(text, start - 2);
  // "3,14", "12:30-…", "AB-12…": a decimal, a time, a code with a dash. ("v2.10" is glued by the letter.)
  if ((c === 0x2c || c === 0x3a || c === 0x2e) && c2 >= 48 && c2 <= 57) return true;
  if (classOf(c) === DASH && isWordChar(c2)) return true;
  return false;
}

function gluedAfter(text: string, end: number): boolean {
  const c = at(text, end);
  if (c < 0) return false;
  if (isWordChar(c)) return true;
  // "@mail.ru", "°", "%", "′", "″": e-mails, degrees, percents, minutes/seconds.
  if (c === 0x40 || c === 0xb0 || c === 0x25 || c === 0x2032 || c === 0x2033 || c === 0x5f) return true;
  const c2 = at(text, end + 1);
  // ",89" ".5" ":30": a decimal or a time goes on. "/abc" "-abc": a path or a code.
  if ((c === 0x2c || c === 0x2e || c === 0x3a) && c2 >= 48 && c2 <= 57) return true;
  if ((c === 0x2f || classOf(c) === DASH) && isWordChar(c2)) return true;
  return false;
}

function ipLike(w: Window): boolean {
  if (w.lens.length !== 4 || w.lens.some((l) => l > 3)) return false;
  return w.seps.every((s, k) => k === 0 || (s === '.' && !w.spaced[k]));
}

// ---------------------------------------------------------------------------------------------
// The search

const MAX_WINDOW_GROUPS = 8;
const MAX_WINDOW_DIGITS = 17;
/** Where a run may start: a digit, or "+" / "(" before one. Native search skips prose quickly. */
const RUN_START = /[0-9]|[+(][\s\u00a0]?[0-9]/g;

/** Per-run state: the label before the run is read at most once, and only when needed. */
interface RunState {
  readonly run: Run;
  /** End of the phone found just before this run (lists: "…67, 123-45-68"), or -1. */
  readonly previousEnd: number;
  label: Label | undefined;
  /** Group index where the last phone found in this run ended. */
  acceptedUpTo: number;
}

function runLabel(text: string, st: RunState): Label {
  if (st.label === undefined) {
    st.label = st.previousEnd >= 0 && continuesList(text, st.previousEnd, st.run.start) ? 'phone' : labelBefore(text, st.run.start);
  }
  return st.label;
}

/** The label for a window of groups: the run's own for the first, "phone" after a phone found in the same run. */
function windowLabel(text: string, st: RunState, a: number): Label {
  if (a === 0) return runLabel(text, st);
  return st.acceptedUpTo === a ? 'phone' : null;
}

// The content script calls once per text run, thousands of times per page, with the same region.
let lastRegion = '';
let lastPlan: RegionPlan | undefined;
function planFor(region: string): RegionPlan {
  if (region !== lastRegion || lastPlan === undefined) {
    lastPlan = regionPlan(normaliseRegion(region))!;
    lastRegion = region;
  }
  return lastPlan;
}

/**
 * Finds phone numbers in `text` (visible text of a page, inline elements already joined). Spans are
 * in order and do not overlap. `options.region` is an ISO region ("RU", "US", "DE"); an unknown one
 * reads as Russia.
 */
export function findPhoneNumbers(text: string, options: DetectOptions): FoundNumber[] {
  const plan = planFor(options.region);
  const out: FoundNumber[] = [];
  const re = RUN_START; // module-level and reset here: the search is synchronous
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) break;
    const lone = loneShortNumber(text, m.index);
    if (lone > 0) {
      i = lone;
      continue;
    }
    const run = scanRun(text, m.index);
    if (run === null) {
      i = m.index + 1;
      continue;
    }
    const previousEnd = out.length > 0 ? out[out.length - 1]!.end : -1;
    const next = searchRun(text, { run, previousEnd, label: undefined, acceptedUpTo: -1 }, plan, out);
    i = Math.max(next, m.index + 1);
  }
  return out;
}

/**
 * Most digit runs on a page are one short plain number: a year, a price, a quantity, a house. When
 * the run at `p` is one group of fewer than 5 digits that no separator continues and no internal
 * marker precedes, returns where it ends (skip it without building a run); otherwise 0.
 */
function loneShortNumber(text: string, p: number): number {
  let i = p;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === p || i - p >= 5) return 0;
  // A separator that a digit, "(" or "+" follows may continue the run: leave it to scanRun.
  for (let j = i; j < len && j - i <= MAX_SEPARATOR; j++) {
    const c = text.charCodeAt(j);
    if ((c >= 48 && c <= 57) || c === 0x28) return 0;
    const k = classOf(c);
    if (k !== SPACE && k !== DASH && k !== DOT && k !== SLASH && k !== CLOSE) break;
  }
  if (i - p >= 2 && internalBefore(text, p)) return 0;
  return i;
}

/** Finds phones in one run; returns where scanning continues. */
function searchRun(text: string, st: RunState, plan: RegionPlan, out: FoundNumber[]): number {
  const run = st.run;
  const groups = run.groups;
  const n = groups.length;
  if (n === 1 && !run.plus) {
    // Most runs on a page are one plain number: a year, a price, a quantity. Only a marked
    // internal extension ("вн. 101") or a labelled bare number can be a phone there.
    const digits = groups[0]!.e - groups[0]!.s;
    if (digits < 2 || digits > MAX_WINDOW_DIGITS) return run.end;
    if (digits < 5 && !internalBefore(text, run.start)) return run.end;
  }
  if (gluedBefore(text, run.start)) return run.end;
  // Card numbers and IBAN tails (4 4 4 4) are never split into phones.
  if (n >= 4 && allFours(groups)) return run.end;

  let resume = run.end;
  let a = 0;
  while (a < n) {
    if (a > 0 && !isBoundary(groups[a]!)) {
      a++;
      continue;
    }
    let digitsSoFar = 0;
    let bMax = a;
    while (bMax < n && bMax - a < MAX_WINDOW_GROUPS) {
      digitsSoFar += groups[bMax]!.e - groups[bMax]!.s;
      if (digitsSoFar > MAX_WINDOW_DIGITS) break;
      bMax++;
    }
    let accepted = -1;
    let total = digitsSoFar > MAX_WINDOW_DIGITS ? digitsSoFar - (groups[bMax]!.e - groups[bMax]!.s) : digitsSoFar;
    for (let b = bMax; b > a; total -= groups[--b]!.e - groups[b]!.s) {
      if (b < n && !isBoundary(groups[b]!)) continue;
      // Cheap exits before the window is built: too few digits, or many tiny groups ("1 2 3 4 5").
      const count = b - a;
      if (total < 5 && (count > 1 || a > 0 || run.plus || total < 2)) continue;
      if (count > 4 && total <= 9) continue;
      const found = tryWindow(text, st, a, b, plan);
      if (found === VETO) return run.end;
      if (found !== null) {
        out.push(found);
        resume = Math.max(run.end, found.end);
        st.acceptedUpTo = b;
        accepted = b;
        break;
      }
    }
    a = accepted > 0 ? accepted : a + 1;
  }
  return resume;
}

function groupOpenedAt(groups: readonly Group[], open: number): number {
  for (let k = groups.length - 1; k >= 0; k--) if (groups[k]!.open === open) return k;
  return -1;
}

function allFours(groups: readonly Group[]): boolean {
  for (const g of groups) if (g.e - g.s !== 4) return false;
  return true;
}

/** A window of a run may begin or end only where the page put a space or a slash. */
function isBoundary(g: Group): boolean {
  return g.boundary;
}

const VETO = 'veto';

function tryWindow(text: string, st: RunState, a: number, b: number, plan: RegionPlan): FoundNumber | typeof VETO | null {
  const run = st.run;
  const groups = run.groups;
  let total = 0;
  for (let k = a; k < b; k++) total += groups[k]!.e - groups[k]!.s;
  const plus = a === 0 && run.plus;
  if (total > MAX_WINDOW_DIGITS || (total < 5 && (plus || b - a > 1))) return null;

  const lens: number[] = [];
  const seps: string[] = [];
  const spaced: boolean[] = [];
  let parenFirst = -1;
  let parenLast = -1;
  let open = -1;
  let digits = '';
  for (let k = a; k < b; k++) {
    const g = groups[k]!;
    lens.push(g.e - g.s);
    seps.push(k === a ? '' : g.sep);
    spaced.push(k === a ? false : g.spaced);
    digits += text.slice(g.s, g.e);
    if (g.open >= 0) {
      if (parenFirst >= 0) return null; // one pair of parentheses at most
      open = k - a;
    }
    if (g.close >= 0) {
      if (open < 0) return null; // closes a parenthesis opened outside the window
      parenFirst = open;
      parenLast = k - a;
      open = -1;
    }
  }
  if (open >= 0) return null;
  if (parenFirst >= 0) {
    let inside = 0;
    for (let k = parenFirst; k <= parenLast; k++) inside += lens[k]!;
    if (parenLast - parenFirst > 1 || inside > 6) return null;
  }
  const w: Window = { lens, seps, spaced, digits, plus, parenFirst, parenLast };
  if (ipLike(w)) return null;
  const cand = classify(w, plan);
  if (cand === null) return null;

  const label = windowLabel(text, st, a);
  if (label === 'negative' || label === 'fax') return a === 0 ? VETO : null;
  // After "заказ", "счёт", "account": a bare run or a local-looking one is the document's number.
  if (label === 'weak' && (b - a === 1 || cand.kind === 'local' || cand.kind === 'short')) return null;
  if (cand.kind === 'short' && label === 'phone' && cand.digits.length >= 5) {
    cand.kind = 'local'; // a small town's number written bare after "тел.": "тел. 21540"
  } else if (cand.need === NEED_INTERNAL && label !== 'internal') return null;
  if (cand.need === NEED_PHONE && label !== 'phone') return null;

  const first = groups[a]!;
  const last = groups[b - 1]!;
  const start = a === 0 ? run.start : first.open >= 0 ? first.open : first.s;
  let end = last.close >= 0 ? last.close + 1 : last.e;
  let extension: string | undefined;
  if (b === groups.length) {
    if (cand.kind !== 'short') {
      const ext = extensionAt(text, end);
      if (ext) {
        extension = ext.ext;
        end = ext.end;
      }
    }
    if (gluedAfter(text, end) || amountAfter(text, end)) return a === 0 ? VETO : null;
  }

  return {
    start,
    end,
    raw: text.slice(start, end),
    kind: cand.kind,
    ...(cand.e164 !== undefined ? { e164: cand.e164 } : {}),
    digits: cand.digits,
    ...(extension !== undefined ? { extension } : {}),
  };
}
