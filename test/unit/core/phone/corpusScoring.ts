// Scoring of phone-number detection against labelled pages, shared by the corpus test
// (test/fixtures/pages, pass/fail at 0.97) and the held-out measurement in npm run bench
// (test/fixtures/pages-heldout). Found numbers are aligned with the labels in document order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FoundNumber } from '../../../../src/core/phone/types.ts';
import { visibleText } from './visibleText.ts';

export interface ExpectedNumber {
  /** "+74951234567" when the country is known. */
  e164?: string;
  /** National digits without separators, for numbers whose country/area is not known ("1234567", "214"). */
  digits?: string;
  extension?: string;
  /** The number as written on the page; documentation, and checked to occur in the visible text. */
  raw?: string;
}

export interface ExpectedFile {
  region: string;
  numbers: ExpectedNumber[];
}

export interface Page {
  name: string;
  region: string;
  text: string;
  expected: ExpectedNumber[];
}

export function loadPages(dir: string): Page[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort();
  return files.map((file) => {
    const name = file.replace(/\.html$/, '');
    const html = readFileSync(join(dir, file), 'utf8');
    const labels = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as ExpectedFile;
    return { name, region: labels.region, text: visibleText(html), expected: labels.numbers };
  });
}

/** A local number the detector completed with an area code still counts as that number. */
function digitsMatch(expected: string, found: FoundNumber): boolean {
  if (found.digits === expected) return true;
  if (expected.length < 5) return false;
  return found.digits.endsWith(expected) || (found.e164 ?? '').endsWith(expected);
}

export function matches(expected: ExpectedNumber, found: FoundNumber): boolean {
  // A German direct-dial suffix ("030 12345678-21") labelled as one number may be reported as
  // number + extension: the same digits are dialled.
  if (
    expected.e164 !== undefined &&
    expected.extension === undefined &&
    found.e164 !== undefined &&
    found.extension !== undefined &&
    found.e164 + found.extension === expected.e164
  ) {
    return true;
  }
  if ((expected.extension ?? '') !== (found.extension ?? '')) return false;
  if (expected.e164 !== undefined && found.e164 !== undefined) return expected.e164 === found.e164;
  if (expected.digits !== undefined) return digitsMatch(expected.digits, found);
  return false;
}

/** Longest common subsequence of expected and found under `matches`: pairs in document order. */
export function align(expected: ExpectedNumber[], found: FoundNumber[]): { missed: ExpectedNumber[]; extra: FoundNumber[] } {
  const n = expected.length;
  const m = found.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = matches(expected[i]!, found[j]!)
        ? table[i + 1]![j + 1]! + 1
        : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const missed: ExpectedNumber[] = [];
  const extra: FoundNumber[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (matches(expected[i]!, found[j]!) && table[i]![j] === table[i + 1]![j + 1]! + 1) {
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      missed.push(expected[i++]!);
    } else {
      extra.push(found[j++]!);
    }
  }
  while (i < n) missed.push(expected[i++]!);
  while (j < m) extra.push(found[j++]!);
  return { missed, extra };
}

export function describeExpected(e: ExpectedNumber): string {
  const id = e.e164 ?? e.digits ?? '?';
  return `${id}${e.extension ? ` ext ${e.extension}` : ''}${e.raw ? ` «${e.raw}»` : ''}`;
}

export function describeFound(f: FoundNumber): string {
  return `${f.e164 ?? f.digits}${f.extension ? ` ext ${f.extension}` : ''} «${f.raw}» (${f.kind})`;
}

