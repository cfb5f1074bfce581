// Clicks and hovers on marked numbers. Highlights are not elements: the number under the pointer
// is found by hit-testing the pointer against the marks' text rectangles. Only a trusted click
// dials (DESIGN.md: a page cannot dial by itself); a script's element.click() or
// dispatchEvent(new MouseEvent('click')) has isTrusted false and does nothing.
import { caretAt } from '../platform/content.ts';
import type { Fragment } from './mapping.ts';
import type { Mark, MarkStore } from './marks.ts';
import type { DialTarget } from './scan.ts';

/** Where text is on screen; replaced in unit tests, where nothing has a layout. */
export interface Geometry {
  rectsOf(fragment: Fragment): ArrayLike<DOMRectReadOnly>;
  caret(x: number, y: number): { node: Node; offset: number } | undefined;
}

export function realGeometry(doc: Document): Geometry {
  return {
    rectsOf(f) {
      const range = doc.createRange();
      range.setStart(f.node, Math.min(f.start, f.node.data.length));
      range.setEnd(f.node, Math.min(f.end, f.node.data.length));
      return range.getClientRects();
    },
    caret: (x, y) => caretAt(doc, x, y),
  };
}

/** A few pixels of slack: a click on the underline or between two characters still counts. */
const SLACK = 2;
/** Above this many marks under one element, ask the caret position first instead of measuring each. */
const MEASURE_ALL_UP_TO = 24;

function contains(rects: ArrayLike<DOMRectReadOnly>, x: number, y: number): boolean {
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    if (r.width === 0 && r.height === 0) continue;
    if (x >= r.left - SLACK && x <= r.right + SLACK && y >= r.top - SLACK && y <= r.bottom + SLACK) return true;
  }
  return false;
}

/**
 * The mark under (x, y) among those with text directly inside `target` — the element the event
 * hit. Going by the event's target (not by the point alone) means that a transparent overlay
 * the page lays over a number catches the click itself: no dial through a decoy.
 */
export function markAt(store: MarkStore, target: EventTarget | null, x: number, y: number, geometry: Geometry): Mark | undefined {
  if (!target || (target as Node).nodeType !== 1) return undefined;
  const el = target as Element;
  const byElement = store.painter.markOfElement;
  if (byElement) {
    for (let n: Element | null = el; n; n = n.parentElement) {
      const mark = byElement(n);
      if (mark) return mark;
    }
    return undefined;
  }
  const marks = store.marksUnder(el);
  if (!marks) return undefined;
  let candidates: Iterable<Mark> = marks;
  if (marks.size > MEASURE_ALL_UP_TO) {
    const caret = geometry.caret(x, y);
    const near = caret ? store.marksOfNode(caret.node).filter((m) => marks.has(m)) : [];
    if (near.length) candidates = near;
  }
  for (const mark of candidates) {
    for (const f of mark.fragments) {
      if (f.node.parentNode !== el) continue;
      if (contains(geometry.rectsOf(f), x, y)) return mark;
    }
  }
  return undefined;
}

/** The first rectangle of a mark, to place the hover tip under it. */
export function markRect(mark: Mark, geometry: Geometry): DOMRectReadOnly | undefined {
  for (const f of mark.fragments) {
    const rects = geometry.rectsOf(f);
    if (rects.length) return rects[0];
  }
  return undefined;
}

export interface PointerOptions {
  readonly doc: Document;
  /** The marks now (undefined while linkify is off). */
  readonly store: () => MarkStore | undefined;
  readonly dial: (target: DialTarget) => void;
  /** A marked number's text changed since it was marked: it must be re-read, not dialled. */
  readonly stale: (mark: Mark) => void;
  readonly tip?: { show(mark: Mark, rect: DOMRectReadOnly): void; hide(): void };
  readonly geometry?: Geometry;
  readonly now?: () => number;
}

/** The same number clicked again this soon is one call, not two. */
const REPEAT_MS = 2000;

/** Listens for clicks and hovers on marks; returns the function that stops listening. */
export function watchPointer(options: PointerOptions): () => void {
  const { doc } = options;
  const win = doc.defaultView!;
  const geometry = options.geometry ?? realGeometry(doc);
  const now = options.now ?? (() => Date.now());
  let last: { number: string; at: number } | undefined;
  let hovered: Mark | undefined;
  let frame: number | undefined;
  let move: { target: EventTarget | null; x: number; y: number } | undefined;

  const eventTarget = (event: Event) => event.composedPath()[0] ?? event.target;

  const onClick = (event: MouseEvent) => {
    const store = options.store();
    if (!store || store.size === 0) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const mark = markAt(store, eventTarget(event), event.clientX, event.clientY, geometry);
    if (!mark) return;
    // The one rule that keeps a page from dialling: a script's click has isTrusted false.
    if (!event.isTrusted) return;
    // A drag that selected the number (to copy it) ends in a click too: leave it a selection.
    const selection = win.getSelection();
    if (selection && !selection.isCollapsed && selection.toString().trim() !== '') return;
    // The number is ours to act on: the page's own click handlers (a row that opens a card)
    // do not run as well.
    event.preventDefault();
    event.stopPropagation();
    if (event.detail > 1) return; // the second click of a double-click
    if (!store.isIntact(mark)) {
      options.stale(mark);
      return;
    }
    const at = now();
    if (last && last.number === mark.target.number && at - last.at < REPEAT_MS) return;
    last = { number: mark.target.number, at };
    options.dial(mark.target);
  };

  const setHover = (mark: Mark | undefined) => {
    if (mark === hovered) return;
    hovered = mark;
    options.store()?.painter.hover(mark);
    if (!options.tip) return;
    const rect = mark ? markRect(mark, geometry) : undefined;
    if (mark && rect) options.tip.show(mark, rect);
    else options.tip.hide();
  };

  const onMove = (event: MouseEvent) => {
    const store = options.store();
    if (!store || store.size === 0) {
      if (hovered) setHover(undefined);
      return;
    }
    move = { target: eventTarget(event), x: event.clientX, y: event.clientY };
    if (frame !== undefined) return;
    // One hit test per frame, however fast the mouse moves.
    frame = win.requestAnimationFrame(() => {
      frame = undefined;
      const m = move;
      const current = options.store();
      if (!m || !current) return;
      setHover(markAt(current, m.target, m.x, m.y, geometry));
    });
  };
  const onLeave = () => setHover(undefined);
  const onOut = (event: MouseEvent) => {
    if (!event.relatedTarget) setHover(undefined); // the pointer left the window
  };

  win.addEventListener('click', onClick, true);
  doc.addEventListener('mousemove', onMove, { capture: true, passive: true });
  doc.addEventListener('mouseout', onOut, true);
  win.addEventListener('scroll', onLeave, { capture: true, passive: true });
  win.addEventListener('blur', onLeave);
  return () => {
    win.removeEventListener('click', onClick, true);
    doc.removeEventListener('mousemove', onMove, true);
    doc.removeEventListener('mouseout', onOut, true);
    win.removeEventListener('scroll', onLeave, true);
    win.removeEventListener('blur', onLeave);
    if (frame !== undefined) win.cancelAnimationFrame(frame);
    setHover(undefined);
  };
}
