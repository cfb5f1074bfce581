// The fallback way of showing a number, for browsers without the CSS Custom Highlight API
// (highlights.ts): each piece of a number is wrapped in an inline <ringside-number>, which
// changes no layout but does split the page's text nodes.
import type { Fragment } from './mapping.ts';
import type { Mark, Painter } from './marks.ts';
import type { DialTarget } from './scan.ts';
import { MARK_TAG } from './skip.ts';

export const MARK_ATTRIBUTE = 'data-ringside-number';
/** On the elements under the pointer's number: the cursor becomes a hand (marks.css). */
export const HOVER_ATTRIBUTE = 'data-ringside-hover';

/**
 * The fallback. `title` names what a click dials. The page could make look-alike elements, so
 * a click counts only on elements this painter made (kept in a WeakMap, not read from attributes).
 */
export function elementPainter(doc: Document, title: (target: DialTarget) => string): Painter {
  const markOf = new WeakMap<Element, Mark>();
  const elements = new Map<Mark, Element[]>();
  let made: Element[] = [];
  let hoveredEls: Element[] = [];

  const wrap = (target: DialTarget, f: Fragment): Fragment => {
    let node = f.node;
    if (f.end < node.data.length) node.splitText(f.end);
    if (f.start > 0) node = node.splitText(f.start);
    const el = doc.createElement(MARK_TAG);
    el.setAttribute(MARK_ATTRIBUTE, target.number);
    el.setAttribute('title', title(target));
    node.parentNode!.insertBefore(el, node);
    el.appendChild(node);
    made.push(el);
    return { node, start: 0, end: node.data.length };
  };
  const unwrap = (el: Element) => {
    if (el.parentNode) el.replaceWith(...el.childNodes);
  };

  return {
    mode: 'element',
    paint(target, fragments) {
      made = [];
      // Last piece first: splitting a node keeps the offsets before the split valid.
      return fragments
        .slice()
        .reverse()
        .map((f) => wrap(target, f))
        .reverse();
    },
    painted(mark) {
      for (const el of made) markOf.set(el, mark);
      elements.set(mark, made);
      made = [];
    },
    erase(mark) {
      for (const el of elements.get(mark) ?? []) unwrap(el);
      elements.delete(mark);
    },
    hover(mark) {
      for (const el of hoveredEls) el.removeAttribute(HOVER_ATTRIBUTE);
      hoveredEls = mark ? (elements.get(mark) ?? []) : [];
      for (const el of hoveredEls) el.setAttribute(HOVER_ATTRIBUTE, '');
    },
    clear() {
      for (const els of elements.values()) for (const el of els) unwrap(el);
      elements.clear();
      hoveredEls = [];
    },
    markOfElement: (el) => markOf.get(el),
  };
}
