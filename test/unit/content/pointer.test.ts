// @vitest-environment happy-dom
// Clicks on marked numbers: only a trusted click dials; a script's element.click() or
// dispatchEvent does nothing. Hit-testing maps the click point back to the number.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fragment } from '../../../src/content/mapping.ts';
import { Linkifier } from '../../../src/content/linkifier.ts';
import { highlightPainter } from '../../../src/content/highlights.ts';
import { elementPainter } from '../../../src/content/paint.ts';
import { markAt, watchPointer, type Geometry } from '../../../src/content/pointer.ts';
import type { DialTarget } from '../../../src/content/scan.ts';
import { installHighlights, removeHighlights, testDetect, trusted } from './helpers.ts';

/** Lays every text node of the body out on its own 20 px line (in document order), 10 px per character. */
function fakeGeometry(): Geometry {
  const lineOf = (node: Text) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let i = 0, n = walker.nextNode(); n; n = walker.nextNode(), i++) if (n === node) return i;
    return -1;
  };
  return {
    rectsOf(f: Fragment) {
      return [new DOMRect(f.start * 10, lineOf(f.node) * 20, (f.end - f.start) * 10, 18)];
    },
    caret: () => undefined,
  };
}

function setUp(mode: 'highlight' | 'element') {
  const linkifier = new Linkifier({ doc: document, detect: testDetect, painter: mode === 'highlight' ? highlightPainter(document) : elementPainter(document, () => ''), request: () => () => undefined });
  linkifier.start();
  linkifier.drain();
  const dialled: DialTarget[] = [];
  const stale: string[] = [];
  let clock = 0;
  const geometry = fakeGeometry();
  const stop = watchPointer({ doc: document, store: () => linkifier.store, dial: (t) => dialled.push(t), stale: (m) => stale.push(m.target.number), geometry, now: () => clock });
  return {
    linkifier,
    dialled,
    stale,
    geometry,
    stop,
    advance: (ms: number) => (clock += ms),
  };
}

function click(target: Element, x: number, y: number, init: MouseEventInit = {}) {
  return new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, clientX: x, clientY: y, detail: 1, ...init });
}

beforeEach(() => {
  installHighlights();
  // Office line "Офис: +7 (495) 123-45-67": the number spans x = 60…240 on line 0 (y 0…18).
  document.body.innerHTML = '<p id="office">Офис: +7 (495) 123-45-67</p><p id="other">Склад: 8 800 555-35-35</p>';
});
afterEach(() => removeHighlights());

describe('a click on a marked number', () => {
  it('dials when the browser says the user clicked (isTrusted)', () => {
    const t = setUp('highlight');
    const p = document.getElementById('office')!;
    const event = trusted(click(p, 100, 9));
    p.dispatchEvent(event);
    expect(t.dialled).toEqual([{ number: '+74951234567', raw: '+7 (495) 123-45-67' }]);
    expect(event.defaultPrevented).toBe(true);
    t.stop();
  });

  it('does nothing for element.click() or a dispatched event (isTrusted false), exactly on the number', () => {
    const t = setUp('highlight');
    const p = document.getElementById('office')!;
    p.click();
    const synthetic = click(p, 100, 9);
    p.dispatchEvent(synthetic);
    p.dispatchEvent(new PointerEvent('click', { bubbles: true, clientX: 100, clientY: 9 }));
    expect(t.dialled).toEqual([]);
    // Nothing of the page's own handling is taken away either.
    expect(synthetic.defaultPrevented).toBe(false);
    t.stop();
  });

  it('does nothing beside the number, with a modifier key, with another button, or after selecting text', () => {
    const t = setUp('highlight');
    const p = document.getElementById('office')!;
    p.dispatchEvent(trusted(click(p, 20, 9))); // on "Офис:"
    p.dispatchEvent(trusted(click(p, 100, 9, { ctrlKey: true })));
    p.dispatchEvent(trusted(click(p, 100, 9, { button: 1 })));
    const selection = window.getSelection()!;
    const range = document.createRange();
    range.selectNodeContents(p);
    selection.removeAllRanges();
    selection.addRange(range);
    p.dispatchEvent(trusted(click(p, 100, 9)));
    selection.removeAllRanges();
    expect(t.dialled).toEqual([]);
    t.stop();
  });

  it('dials once for a double-click and for a quick second click', () => {
    const t = setUp('highlight');
    const p = document.getElementById('office')!;
    p.dispatchEvent(trusted(click(p, 100, 9, { detail: 1 })));
    p.dispatchEvent(trusted(click(p, 100, 9, { detail: 2 })));
    t.advance(500);
    p.dispatchEvent(trusted(click(p, 100, 9, { detail: 1 })));
    expect(t.dialled).toHaveLength(1);
    t.advance(3000);
    p.dispatchEvent(trusted(click(p, 100, 9, { detail: 1 })));
    expect(t.dialled).toHaveLength(2);
    t.stop();
  });

  it('does not dial a number whose text the page changed after it was marked', () => {
    const t = setUp('highlight');
    const p = document.getElementById('office')!;
    const text = p.firstChild as Text;
    // A same-length rewrite that the observer has not delivered yet.
    const mark = [...t.linkifier.store.all()].find((m) => m.target.number === '+74951234567')!;
    Object.defineProperty(text, 'data', { value: 'Офис: +7 (495) 999-99-99', configurable: true });
    p.dispatchEvent(trusted(click(p, 100, 9)));
    expect(t.dialled).toEqual([]);
    expect(t.stale).toEqual([mark.target.number]);
    t.stop();
  });

  it('finds the number under the point among several, split ones included', () => {
    document.body.innerHTML = '<p id="p">Склад: <b id="b">+7</b> (495) 765-43-21</p>';
    const t = setUp('highlight');
    const b = document.getElementById('b')!;
    const p = document.getElementById('p')!;
    // Text nodes: "Склад: " (line 0), "+7" (line 1: y 20…38), " (495) 765-43-21" (line 2).
    expect(markAt(t.linkifier.store, b, 5, 25, t.geometry)?.target.number).toBe('+74957654321');
    expect(markAt(t.linkifier.store, p, 5, 45, t.geometry)?.target.number).toBe('+74957654321');
    expect(markAt(t.linkifier.store, p, 300, 45, t.geometry)).toBeUndefined();
    // A decoy laid over the number (another element) is not the number.
    const decoy = document.createElement('div');
    document.body.append(decoy);
    expect(markAt(t.linkifier.store, decoy, 5, 25, t.geometry)).toBeUndefined();
    t.stop();
  });
});

describe('element mode', () => {
  beforeEach(() => removeHighlights());

  it('dials a trusted click on its element, not element.click(), and not a look-alike made by the page', () => {
    const t = setUp('element');
    const el = document.querySelector('ringside-number')!;
    el.dispatchEvent(trusted(click(el, 0, 0)));
    expect(t.dialled.map((d) => d.number)).toEqual(['+74951234567']);
    t.advance(5000);
    (el as HTMLElement).click();
    const fake = document.createElement('ringside-number');
    fake.setAttribute('data-ringside-number', '+79990000000');
    fake.textContent = '+7 999 000-00-00';
    document.body.append(fake);
    fake.dispatchEvent(trusted(click(fake, 0, 0)));
    expect(t.dialled.map((d) => d.number)).toEqual(['+74951234567']);
    t.stop();
  });
});
