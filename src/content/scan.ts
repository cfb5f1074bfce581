// Detection over one block, in windows so that a huge block (a log, a 1 MB <div>) does not turn
// into one long task, and what a found number becomes when it is clicked.
import type { FoundNumber } from '../core/phone/types.ts';

export type Detect = (text: string) => readonly FoundNumber[];

/** Characters per detection call; about 1 ms of detection (DESIGN.md: ≤ 10 ms per 100 KB). */
export const WINDOW = 8192;
/**
 * Context on each side of a window. A number with its extension and the words before it
 * ("тел.: +7 (495) 123-45-67 доб. 1234") is far shorter; a number that starts inside a window
 * is therefore seen whole, with the text before it, by that window.
 */
export const OVERLAP = 160;

/** Finds numbers in `text`; the spans are offsets into `text`. */
export function findInText(text: string, detect: Detect): FoundNumber[] {
  if (text.length <= WINDOW + OVERLAP) return [...detect(text)];
  const out: FoundNumber[] = [];
  for (let from = 0; from < text.length; from += WINDOW) {
    const a = Math.max(0, from - OVERLAP);
    const b = Math.min(text.length, from + WINDOW + OVERLAP);
    for (const found of detect(text.slice(a, b))) {
      const start = found.start + a;
      // Each number belongs to the window it starts in; a span that runs into the far overlap
      // edge may be cut short there, and is taken from the next window instead.
      if (start < from || start >= from + WINDOW) continue;
      if (b < text.length && found.end + a >= b) continue;
      out.push({ ...found, start, end: found.end + a });
    }
  }
  return out;
}

/** What a click on a marked number asks the background to dial. */
export interface DialTarget {
  /** The number as detection understood it: E.164 when the country is known, else the digits. */
  readonly number: string;
  readonly extension?: string;
  /** The number as written on the page. */
  readonly raw: string;
}

const DIALABLE = /^\+?[0-9*#]{2,24}$/;
const EXTENSION = /^[0-9]{1,10}$/;

export function dialTargetOf(found: FoundNumber): DialTarget | undefined {
  const number = found.e164 ?? found.digits;
  if (!DIALABLE.test(number)) return undefined;
  const raw = found.raw.slice(0, 200);
  return found.extension && EXTENSION.test(found.extension) ? { number, extension: found.extension, raw } : { number, raw };
}

/** "+74951234567, ext. 12": shown in the hover tip and the title of element marks. */
export function targetLabel(target: DialTarget, extensionWord: string): string {
  return target.extension ? `${target.number} ${extensionWord} ${target.extension}` : target.number;
}
