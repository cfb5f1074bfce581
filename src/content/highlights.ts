// Marks shown with the CSS Custom Highlight API: no DOM change at all. What it costs, measured in
// Chromium 156 on a 5 MB page (test/bench/linkify.ts): every frame in which a highlight changes,
// or the page's DOM or style changes while highlights exist, Blink rebuilds the markers of *all*
// ranges (HighlightRegistry::ValidateHighlightMarkers) — about 13 µs per range, 265 ms per page
// edit with 20,000 ranges — on top of a repaint of the page. So:
//  - changes are committed together, at most one commit per COMMIT_INTERVAL_MS;
//  - up to PAINT_ALL_UP_TO marks (nearly every real page) all are painted;
//  - above that only the marks within a few screens of the viewport are painted, and the set is
//    moved as the user scrolls. Every mark stays clickable and hoverable: hit-testing uses the
//    marks themselves, not what is painted.
import { makeRange } from '../platform/content.ts';
import type { Mark, Painter } from './marks.ts';
import { HOVER_ATTRIBUTE } from './paint.ts';

export const HIGHLIGHT_NAME = 'ringside-number';
export const HOVER_HIGHLIGHT_NAME = 'ringside-number-hover';

export interface HighlightPolicy {
  /** Up to this many marks all are painted; beyond, those near the viewport. */
  readonly paintAllUpTo: number;
  /** Least time between two commits (each costs the page a marker rebuild), ms. */
  readonly commitIntervalMs: number;
  /** Painted marks reach this many viewport heights above and below the viewport. */
  readonly reachViewports: number;
  /** The painted set is moved once a mark within this many viewport heights is unpainted. */
  readonly keepViewports: number;
}

export const DEFAULT_POLICY: HighlightPolicy = { paintAllUpTo: 1500, commitIntervalMs: 150, reachViewports: 2.5, keepViewports: 1 };

type HighlightWindow = Window & typeof globalThis & { Highlight: typeof Highlight; CSS: { highlights: HighlightRegistry } };

export interface HighlightPainter extends Painter {
  /** Marks painted now (tests, the bench). */
  readonly paintedCount: number;
  /** Applies pending changes now (tests). */
  commitNow(): void;
}

/** Scrolling is over when no scroll event came for this long, ms. */
const SCROLL_SETTLE_MS = 120;

const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING

/** a comes before b in the document. */
function before(a: Mark, b: Mark): boolean {
  return (a.fragments[0]!.node.compareDocumentPosition(b.fragments[0]!.node) & FOLLOWING) !== 0;
}

export interface HighlightOptions {
  readonly policy?: HighlightPolicy;
  /** Where a mark is on screen (tests replace it: happy-dom has no layout). */
  readonly rectOf?: (mark: Mark) => DOMRectReadOnly | undefined;
}

export function highlightPainter(doc: Document, options: HighlightOptions = {}): HighlightPainter {
  const policy = options.policy ?? DEFAULT_POLICY;
  const win = doc.defaultView as HighlightWindow;
  const registry = win.CSS.highlights;
  const all = new win.Highlight();
  const hovered = new win.Highlight();
  // Above a page's own highlights of default priority; the hovered number above the rest.
  all.priority = 1;
  hovered.priority = 2;
  registry.set(HIGHLIGHT_NAME, all);
  registry.set(HOVER_HIGHLIGHT_NAME, hovered);

  /** Live marks of the document in document order (plus dead ones until the next commit). */
  let ordered: Mark[] = [];
  const dead = new Set<Mark>();
  /** Marks added since the last commit, in the order they were found. */
  let incoming: Mark[] = [];
  /** Marks in shadow roots: document order across trees is not defined; they are few. */
  const unordered = new Set<Mark>();
  const shown = new Map<Mark, AbstractRange[]>();
  let alive = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  let lastCommit = Number.NEGATIVE_INFINITY;
  let disposed = false;
  let hoverElements: Element[] = [];

  const show = (mark: Mark) => {
    if (shown.has(mark)) return;
    const ranges = mark.fragments.map((f) => makeRange(doc, f.node, f.start, f.end));
    for (const r of ranges) all.add(r);
    shown.set(mark, ranges);
  };
  const hide = (mark: Mark) => {
    const ranges = shown.get(mark);
    if (!ranges) return;
    for (const r of ranges) all.delete(r);
    shown.delete(mark);
  };

  const mergeIncoming = () => {
    if (dead.size) {
      ordered = ordered.filter((m) => !dead.has(m));
      incoming = incoming.filter((m) => !dead.has(m));
      dead.clear();
    }
    if (incoming.length === 0) return;
    let sorted = true;
    for (let i = 1; i < incoming.length && sorted; i++) sorted = before(incoming[i - 1]!, incoming[i]!);
    if (!sorted) incoming.sort((a, b) => (a === b ? 0 : before(a, b) ? -1 : 1));
    // The usual cases: the first walk (everything after what is there) and rows appended at
    // the end of a list; else each goes in by binary search.
    if (ordered.length === 0 || before(ordered[ordered.length - 1]!, incoming[0]!)) {
      ordered = ordered.concat(incoming);
    } else {
      for (const mark of incoming) {
        let lo = 0;
        let hi = ordered.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(ordered[mid]!, mark)) lo = mid + 1;
          else hi = mid;
        }
        ordered.splice(lo, 0, mark);
      }
    }
    incoming = [];
  };

  const rectOf = options.rectOf ?? ((mark: Mark): DOMRectReadOnly | undefined => {
    const f = mark.fragments[0]!;
    if (!f.node.isConnected) return undefined;
    const range = doc.createRange();
    range.setStart(f.node, Math.min(f.start, f.node.data.length));
    range.setEnd(f.node, Math.min(f.end, f.node.data.length));
    return range.getBoundingClientRect();
  });

  /** Paints the marks near the viewport (a page with more marks than paintAllUpTo). */
  const paintNearViewport = () => {
    const height = win.innerHeight || 800;
    const reachTop = -policy.reachViewports * height;
    const reachBottom = height + policy.reachViewports * height;
    const keepTop = -policy.keepViewports * height;
    const keepBottom = height + policy.keepViewports * height;
    // Document order is top-to-bottom order for the long lists and tables that get here.
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const rect = rectOf(ordered[mid]!);
      if (rect && rect.bottom < reachTop) lo = mid + 1;
      else hi = mid;
    }
    const wanted = new Set<Mark>();
    let missing = false;
    for (let i = lo; i < ordered.length && wanted.size < policy.paintAllUpTo; i++) {
      const mark = ordered[i]!;
      const rect = rectOf(mark);
      if (!rect) continue;
      if (rect.top > reachBottom) break;
      wanted.add(mark);
      if (!shown.has(mark) && rect.bottom >= keepTop && rect.top <= keepBottom) missing = true;
    }
    for (const mark of unordered) {
      const rect = rectOf(mark);
      if (!rect || rect.bottom < reachTop || rect.top > reachBottom) continue;
      wanted.add(mark);
      if (!shown.has(mark)) missing = true;
    }
    // Keep the painted set while everything near the screen is painted: moving it costs a rebuild.
    if (!missing) return;
    for (const mark of [...shown.keys()]) if (!wanted.has(mark)) hide(mark);
    for (const mark of wanted) show(mark);
  };

  const commitNow = () => {
    if (disposed) return;
    lastCommit = win.performance.now();
    mergeIncoming();
    if (alive <= policy.paintAllUpTo) {
      for (const mark of ordered) show(mark);
      for (const mark of unordered) show(mark);
      return;
    }
    paintNearViewport();
  };

  const requestCommit = () => {
    if (disposed || timer !== undefined || frame !== undefined) return;
    const wait = Math.max(0, lastCommit + policy.commitIntervalMs - win.performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      // Rects are read just before the frame, when layout is due anyway.
      if (alive > policy.paintAllUpTo) {
        frame = win.requestAnimationFrame(() => {
          frame = undefined;
          commitNow();
        });
      } else {
        commitNow();
      }
    }, wait);
  };

  // Move the painted set once scrolling pauses: a move costs the page a frame (tens of ms on a
  // 5 MB page), which is not noticed after the scroll but would be during it.
  let settle: ReturnType<typeof setTimeout> | undefined;
  const onScroll = () => {
    if (alive <= policy.paintAllUpTo) return;
    if (settle !== undefined) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = undefined;
      requestCommit();
    }, SCROLL_SETTLE_MS);
  };
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });
  win.addEventListener('resize', onScroll, { passive: true });

  return {
    mode: 'highlight',
    paint: (_target, fragments) => fragments,
    painted(mark) {
      alive++;
      if (mark.fragments[0]!.node.getRootNode() === doc) incoming.push(mark);
      else unordered.add(mark);
      requestCommit();
    },
    erase(mark) {
      alive--;
      hide(mark);
      if (!unordered.delete(mark)) dead.add(mark);
      requestCommit();
    },
    hover(mark) {
      hovered.clear();
      // Highlights carry no cursor: the elements holding the number's text show a hand instead.
      for (const el of hoverElements) el.removeAttribute(HOVER_ATTRIBUTE);
      hoverElements = [];
      if (!mark) return;
      for (const f of mark.fragments) {
        hovered.add(makeRange(doc, f.node, f.start, f.end));
        const parent = f.node.parentElement;
        if (parent && !hoverElements.includes(parent)) hoverElements.push(parent);
      }
      for (const el of hoverElements) el.setAttribute(HOVER_ATTRIBUTE, '');
    },
    clear() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      if (frame !== undefined) win.cancelAnimationFrame(frame);
      if (settle !== undefined) clearTimeout(settle);
      doc.removeEventListener('scroll', onScroll, true);
      win.removeEventListener('resize', onScroll);
      for (const el of hoverElements) el.removeAttribute(HOVER_ATTRIBUTE);
      hoverElements = [];
      all.clear();
      hovered.clear();
      shown.clear();
      ordered = [];
      incoming = [];
      unordered.clear();
      dead.clear();
      alive = 0;
      if (registry.get(HIGHLIGHT_NAME) === all) registry.delete(HIGHLIGHT_NAME);
      if (registry.get(HOVER_HIGHLIGHT_NAME) === hovered) registry.delete(HOVER_HIGHLIGHT_NAME);
    },
    get paintedCount() {
      return shown.size;
    },
    commitNow,
  };
}
