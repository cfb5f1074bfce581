// @vitest-environment happy-dom
// What is painted with highlights: everything on an ordinary page; on a page with thousands of
// numbers only the ones near the viewport (each change makes the browser rebuild every range), in
// commits spaced apart, while every mark stays clickable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, HIGHLIGHT_NAME, HOVER_HIGHLIGHT_NAME, highlightPainter, type HighlightPolicy } from '../../../src/content/highlights.ts';
import { MarkStore, type Mark } from '../../../src/content/marks.ts';
import { FakeHighlight, installHighlights, removeHighlights, rangeTexts } from './helpers.ts';

let registry: Map<string, FakeHighlight>;
beforeEach(() => {
  registry = installHighlights();
  document.body.innerHTML = '';
});
afterEach(() => removeHighlights());

/** n paragraphs "N: 8 800 000-00-NN", 20 px apart. */
function page(n: number): Text[] {
  const nodes: Text[] = [];
  for (let i = 0; i < n; i++) {
    const p = document.createElement('p');
    p.textContent = `${i}: 8 800 ${String(1000000 + i).slice(1)}`;
    document.body.append(p);
    nodes.push(p.firstChild as Text);
  }
  return nodes;
}

function setUp(n: number, policy: Partial<HighlightPolicy> = {}) {
  const nodes = page(n);
  let scroll = 0;
  const index = new Map(nodes.map((node, i) => [node, i]));
  const painter = highlightPainter(document, {
    policy: { ...DEFAULT_POLICY, ...policy },
    rectOf: (mark: Mark) => {
      const i = index.get(mark.fragments[0]!.node) ?? 0;
      return new DOMRect(0, i * 20 - scroll, 100, 18);
    },
  });
  const store = new MarkStore(painter);
  const marks = nodes.map((node, i) => store.add({ number: `+7800${i}`, raw: node.data }, [{ node, start: String(i).length + 2, end: node.data.length }]));
  return { painter, store, marks, scrollTo: (y: number) => (scroll = y) };
}

describe('highlights', () => {
  it('paints every mark of an ordinary page in one commit, and takes dropped ones away', () => {
    const { painter, store, marks } = setUp(30);
    expect(registry.get(HIGHLIGHT_NAME)!.size).toBe(0); // nothing before the commit
    painter.commitNow();
    expect(registry.get(HIGHLIGHT_NAME)!.size).toBe(30);
    expect(rangeTexts(registry.get(HIGHLIGHT_NAME)!)[0]).toBe('8 800 000000');
    store.drop(marks[3]!);
    expect(registry.get(HIGHLIGHT_NAME)!.size).toBe(29);
  });

  it('paints only marks within reach of the viewport on a page with more marks than paintAllUpTo', () => {
    // 3,000 marks 20 px apart; viewport 768 px (happy-dom); reach 3 viewports each way.
    const { painter, scrollTo } = setUp(3000, { paintAllUpTo: 500, reachViewports: 3, keepViewports: 1 });
    const height = window.innerHeight;
    painter.commitNow();
    const reach = Math.floor((height + 3 * height) / 20) + 1;
    expect(painter.paintedCount).toBe(reach);
    // Scrolling a little keeps the set (a rebuild costs the page a frame)…
    scrollTo(200);
    painter.commitNow();
    expect(painter.paintedCount).toBe(reach);
    // …scrolling past the kept screens moves it.
    scrollTo(20_000);
    painter.commitNow();
    const painted = [...registry.get(HIGHLIGHT_NAME)!].map((r) => Number((r.startContainer as Text).data.split(':')[0]));
    expect(Math.min(...painted)).toBe(Math.ceil((20_000 - 3 * height - 18) / 20));
    expect(Math.max(...painted)).toBe(Math.floor((20_000 + 4 * height) / 20));
  });

  it('shows the hovered number and gives the elements holding it a hand cursor', () => {
    const { painter, marks } = setUp(3);
    painter.hover(marks[1]);
    expect(rangeTexts(registry.get(HOVER_HIGHLIGHT_NAME)!)).toEqual(['8 800 000001']);
    expect(document.querySelectorAll('[data-ringside-hover]')).toHaveLength(1);
    painter.hover(undefined);
    expect(registry.get(HOVER_HIGHLIGHT_NAME)!.size).toBe(0);
    expect(document.querySelectorAll('[data-ringside-hover]')).toHaveLength(0);
  });

  it('keeps marks added out of order in document order (rows inserted above)', () => {
    const { painter, store } = setUp(3, { paintAllUpTo: 1 });
    const p = document.createElement('p');
    p.textContent = '8 800 999-99-99';
    document.body.prepend(p);
    store.add({ number: '+78009999999', raw: p.textContent }, [{ node: p.firstChild as Text, start: 0, end: 15 }]);
    painter.commitNow();
    // No error, and the new first mark is painted (its fake rect is at the top).
    expect(rangeTexts(registry.get(HIGHLIGHT_NAME)!)).toContain('8 800 999-99-99');
  });

  it('leaves the registry as it found it when cleared', () => {
    const { painter } = setUp(3);
    painter.commitNow();
    painter.clear();
    expect(registry.has(HIGHLIGHT_NAME)).toBe(false);
    expect(registry.has(HOVER_HIGHLIGHT_NAME)).toBe(false);
  });
});
