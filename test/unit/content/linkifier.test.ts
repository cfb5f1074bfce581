// @vitest-environment happy-dom
// The linkifier on a page that changes: the first walk, rows added later, text changed in place,
// removed parts, batching under a time budget, and the two ways of marking.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Linkifier } from '../../../src/content/linkifier.ts';
import { DEFAULT_POLICY, HIGHLIGHT_NAME, highlightPainter } from '../../../src/content/highlights.ts';
import { elementPainter } from '../../../src/content/paint.ts';
import { Scheduler } from '../../../src/content/scheduler.ts';
import { FakeHighlight, installHighlights, rangeTexts, removeHighlights, testDetect } from './helpers.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A linkifier whose slices run only when the test says so. */
function manual(mode: 'highlight' | 'element', extra: Partial<ConstructorParameters<typeof Linkifier>[0]> = {}) {
  let queued: ((d: { timeRemaining(): number }) => void) | undefined;
  const counts: number[] = [];
  const painter = mode === 'highlight' ? highlightPainter(document, { policy: { ...DEFAULT_POLICY, commitIntervalMs: 0 } }) : elementPainter(document, (t) => `Call ${t.number}`);
  const linkifier = new Linkifier({
    doc: document,
    detect: testDetect,
    painter,
    request: (run) => {
      queued = run;
      return () => (queued = undefined);
    },
    onMarksChanged: (n) => counts.push(n),
    sweepIntervalMs: 0,
    ...extra,
  });
  return {
    linkifier,
    counts,
    /** Runs queued slices until there is no more work (mutation records first). */
    async settle() {
      await tick();
      for (let i = 0; i < 10_000 && queued; i++) {
        const run = queued;
        queued = undefined;
        run({ timeRemaining: () => 50 });
        await tick();
      }
    },
    get slicePending() {
      return queued !== undefined;
    },
  };
}

const marked = () => [...document.querySelectorAll('ringside-number')].map((el) => el.textContent);
const numbersOf = (l: Linkifier) => [...l.store.all()].map((m) => m.target.number).sort();

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('highlight mode', () => {
  let registry: Map<string, FakeHighlight>;
  beforeEach(() => {
    registry = installHighlights();
  });
  afterEach(() => removeHighlights());

  it('marks the numbers of the page without touching its DOM', async () => {
    document.body.innerHTML = '<p>Офис: +7 (495) 123-45-67</p><p>Склад: <b>+7</b> (495) <span>765-43-21</span></p><pre>+7 (495) 000-00-01</pre>';
    const before = document.body.innerHTML;
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74951234567', '+74957654321']);
    expect(rangeTexts(registry.get(HIGHLIGHT_NAME)!).sort()).toEqual([' (495) ', '+7', '+7 (495) 123-45-67', '765-43-21']);
    expect(document.body.innerHTML).toBe(before);
    expect(t.counts.at(-1)).toBe(2);
  });

  it('marks rows a page adds later, and re-reads text that changes in place', async () => {
    document.body.innerHTML = '<table><tbody id="rows"></tbody></table><p>Дежурный: <span id="duty">+7 (495) 999-99-99</span></p>';
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74959999999']);

    const rows = document.getElementById('rows')!;
    for (let i = 0; i < 3; i++) {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td>Сделка ${i}</td><td>+7 916 000-00-0${i}</td>`;
      rows.append(tr);
    }
    (document.getElementById('duty')!.firstChild as Text).data = '+7 (495) 333-44-55';
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74953334455', '+79160000000', '+79160000001', '+79160000002']);
    expect(registry.get(HIGHLIGHT_NAME)!.size).toBe(4);
  });

  it('drops a number whose text stops being a number, and ones whose text leaves the page', async () => {
    document.body.innerHTML = '<p id="a">+7 (495) 123-45-67</p><div id="b"><p>+7 (495) 765-43-21</p></div>';
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    expect(t.linkifier.store.size).toBe(2);
    (document.getElementById('a')!.firstChild as Text).data = 'нет номера';
    document.getElementById('b')!.remove();
    await t.settle();
    expect(t.linkifier.store.size).toBe(0);
    expect(registry.get(HIGHLIGHT_NAME)!.size).toBe(0);
    expect(t.counts.at(-1)).toBe(0);
  });

  it('joins a piece added next to a number into one block', async () => {
    document.body.innerHTML = '<div><p id="p"><b>+7</b> (495)</p></div>';
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    expect(t.linkifier.store.size).toBe(0);
    document.getElementById('p')!.insertAdjacentHTML('beforeend', '<span> 123-45-67</span>');
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74951234567']);
  });

  it('marks numbers in open shadow roots, also ones added there later', async () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Shadow: <i>+7 (495) 222-33-44</i></p>';
    const roots: ShadowRoot[] = [];
    const t = manual('highlight', { onShadowRoot: (r) => roots.push(r) });
    t.linkifier.start();
    await t.settle();
    expect(roots).toEqual([shadow]);
    expect(numbersOf(t.linkifier)).toEqual(['+74952223344']);
    shadow.append(Object.assign(document.createElement('p'), { textContent: '8 800 555-35-35' }));
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74952223344', '+78005553535']);
  });

  it('leaves numbers added inside an editor or an opted-out part alone', async () => {
    document.body.innerHTML = '<div id="editor" contenteditable="true"></div><div id="off" data-ringside="off"></div>';
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    document.getElementById('editor')!.innerHTML = '<p>Ответ: +7 (495) 123-45-67</p>';
    document.getElementById('off')!.append('8 800 555-35-35');
    await t.settle();
    expect(t.linkifier.store.size).toBe(0);
  });

  it('removes every mark and stops following the page when stopped', async () => {
    document.body.innerHTML = '<p>+7 (495) 123-45-67</p>';
    const t = manual('highlight');
    t.linkifier.start();
    await t.settle();
    t.linkifier.stop();
    expect(registry.has(HIGHLIGHT_NAME)).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<p>8 800 555-35-35</p>');
    await t.settle();
    expect(t.linkifier.store.size).toBe(0);
    expect(t.slicePending).toBe(false);
  });
});

describe('element mode (no highlights in the browser)', () => {
  it('wraps each piece of a number in an inline element with the dial target, and nothing else changes', async () => {
    document.body.innerHTML = '<p id="p">Офис: +7 (495) 123-45-67, склад: <b>+7</b> (495) 765-43-21.</p>';
    const t = manual('element');
    t.linkifier.start();
    await t.settle();
    expect(marked()).toEqual(['+7 (495) 123-45-67', '+7', ' (495) 765-43-21']);
    expect(document.getElementById('p')!.textContent).toBe('Офис: +7 (495) 123-45-67, склад: +7 (495) 765-43-21.');
    const first = document.querySelector('ringside-number')!;
    expect(first.getAttribute('data-ringside-number')).toBe('+74951234567');
    expect(first.getAttribute('title')).toBe('Call +74951234567');
    // Its own wrapping is not mistaken for a page change: no rescans, no second marks.
    await t.settle();
    expect(marked()).toHaveLength(3);
    expect(t.linkifier.store.size).toBe(2);
  });

  it('marks added rows and unwraps everything when stopped', async () => {
    document.body.innerHTML = '<ul id="list"></ul>';
    const t = manual('element');
    t.linkifier.start();
    await t.settle();
    document.getElementById('list')!.innerHTML = '<li>+7 916 000-00-01</li><li>+7 916 000-00-02</li>';
    await t.settle();
    expect(marked()).toEqual(['+7 916 000-00-01', '+7 916 000-00-02']);
    t.linkifier.stop();
    expect(marked()).toEqual([]);
    expect(document.getElementById('list')!.textContent).toBe('+7 916 000-00-01+7 916 000-00-02');
  });

  it('notices text changed inside its own element and re-reads it', async () => {
    document.body.innerHTML = '<p>+7 (495) 123-45-67</p>';
    const t = manual('element');
    t.linkifier.start();
    await t.settle();
    const inner = document.querySelector('ringside-number')!.firstChild as Text;
    inner.data = '+7 (495) 765-43-21';
    await t.settle();
    expect(numbersOf(t.linkifier)).toEqual(['+74957654321']);
    expect(marked()).toEqual(['+7 (495) 765-43-21']);
  });
});

describe('batching', () => {
  it('does the work in slices no longer than the budget, and a slice does at least one step', () => {
    installHighlights();
    try {
      document.body.innerHTML = Array.from({ length: 60 }, (_, i) => `<p>Клиент ${i}: +7 916 ${String(1000000 + i).slice(1, 4)}-00-00</p>`).join('');
      let clock = 0;
      let queued: ((d: { timeRemaining(): number }) => void) | undefined;
      const linkifier = new Linkifier({
        doc: document,
        // Each block costs 1 ms of "detection".
        detect: (text) => {
          clock += 1;
          return testDetect(text);
        },
        painter: highlightPainter(document),
        budgetMs: 8,
        now: () => clock,
        request: (run) => {
          queued = run;
          return () => (queued = undefined);
        },
      });
      linkifier.start();
      const perSlice: number[] = [];
      for (let slices = 0; queued && slices < 100; slices++) {
        const run = queued;
        queued = undefined;
        const before = linkifier.store.size;
        run({ timeRemaining: () => 50 });
        perSlice.push(linkifier.store.size - before);
      }
      expect(linkifier.store.size).toBe(60);
      // 8 ms budget, 1 ms per block: at most 8 blocks per slice.
      expect(Math.max(...perSlice)).toBeLessThanOrEqual(8);
      expect(perSlice.length).toBeGreaterThanOrEqual(8);
      // An idle period shorter than the budget is respected.
      const small = new Scheduler({ budgetMs: 8, now: () => clock, request: () => () => undefined });
      let steps = 0;
      small.push(
        (function* () {
          for (;;) {
            clock += 1;
            steps++;
            yield;
          }
        })(),
      );
      small.runSlice({ timeRemaining: () => 3 });
      expect(steps).toBe(3);
      // A timed-out idle callback (timeRemaining 0) still gets a budget's worth.
      steps = 0;
      small.runSlice({ timeRemaining: () => 0 });
      expect(steps).toBe(8);
      small.stop();
    } finally {
      removeHighlights();
    }
  });
});
