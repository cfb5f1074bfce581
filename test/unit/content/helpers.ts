// Shared bits for the content-script tests: a small detector with the FoundNumber shape (the
// real one is tested on its own corpus), and a stand-in for the CSS Custom Highlight API, which
// happy-dom does not have.
import type { FoundNumber } from '../../../src/core/phone/types.ts';

/** "+7 (495) 123-45-67", "8 800 555-35-35": Russian numbers only, enough to exercise the DOM side. */
export function testDetect(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  const re = /(?<![0-9+])(\+7|8)[\s\u00a0]*\(?(\d{3})\)?[\s\u00a0]*(\d{3})-?(\d{2})-?(\d{2})(?:\s*доб\.\s*(\d{1,5}))?(?![0-9])/g;
  for (const m of text.matchAll(re)) {
    const nsn = `${m[2]}${m[3]}${m[4]}${m[5]}`;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      raw: m[0],
      kind: 'national',
      e164: `+7${nsn}`,
      digits: `8${nsn}`,
      ...(m[6] ? { extension: m[6] } : {}),
    });
  }
  return out;
}

export class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
  type = 'highlight';
}

/** Installs Highlight, CSS.highlights and StaticRange on the test window; returns the registry. */
export function installHighlights(win: Window = window): Map<string, FakeHighlight> {
  const registry = new Map<string, FakeHighlight>();
  const w = win as unknown as Record<string, unknown>;
  w.Highlight = FakeHighlight;
  w.CSS = { ...(w.CSS as object | undefined), highlights: registry };
  w.StaticRange = class {
    readonly startContainer: Node;
    readonly startOffset: number;
    readonly endContainer: Node;
    readonly endOffset: number;
    constructor(init: StaticRangeInit) {
      this.startContainer = init.startContainer;
      this.startOffset = init.startOffset;
      this.endContainer = init.endContainer;
      this.endOffset = init.endOffset;
    }
  };
  return registry;
}

export function removeHighlights(win: Window = window): void {
  const w = win as unknown as Record<string, unknown>;
  delete w.Highlight;
  delete w.StaticRange;
  if (w.CSS && typeof w.CSS === 'object') delete (w.CSS as Record<string, unknown>).highlights;
}

/** The text each highlight range covers. */
export function rangeTexts(highlight: Iterable<AbstractRange>): string[] {
  return [...highlight].map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset));
}

/** A click (or other mouse event) the browser would mark trusted: happy-dom cannot make one. */
export function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
