// The text a linkifier would search on a page (issue 5 item 2), for the labelled corpus.
//
// Parses an HTML page with happy-dom and walks document.body the way the content script does:
// only text that is shown and that Ringside may touch. Left out entirely (contribute nothing, as
// when rendering): script, style, template, noscript, head-ish elements, and anything hidden by the
// `hidden` attribute, `aria-hidden="true"` or an inline `display:none` / `visibility:hidden`.
// Shown but skipped (they end the current run of text, like a wall the linkifier does not cross):
// code, pre, textarea, input, select, option, button, svg, math, iframe, existing links
// (<a href>), contenteditable areas and the page author's opt-out (`data-ringside="off"` or class
// `ringside-off` on any ancestor).
//
// Text inside inline elements is joined to its neighbours exactly as written, so
// `<b>+7</b> (495) 123-45-67` gives "+7 (495) 123-45-67". Collapsible whitespace (space, tab, CR,
// LF, FF) collapses to one space as CSS renders it; NBSP, thin and other non-collapsible spaces are
// kept as they are. Block boundaries, <br> and skipped elements become a newline.

import { Window } from 'happy-dom';

/** Not rendered at all. */
const NOT_RENDERED = new Set([
  'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'META', 'LINK', 'BASE', 'DATALIST',
  'OBJECT', 'EMBED', 'PARAM', 'SOURCE', 'TRACK', 'AUDIO', 'VIDEO', 'CANVAS', 'MAP', 'IMG',
]);

/** Rendered, but the linkifier leaves them alone. */
const SKIPPED = new Set([
  'CODE', 'PRE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'OPTGROUP', 'BUTTON',
  'SVG', 'MATH', 'IFRAME',
]);

/** Elements whose text flows on the same line as their neighbours. */
const INLINE = new Set([
  'A', 'ABBR', 'ACRONYM', 'B', 'BDI', 'BDO', 'BIG', 'CITE', 'DATA', 'DEL', 'DFN', 'EM', 'FONT', 'I',
  'INS', 'LABEL', 'MARK', 'NOBR', 'Q', 'RP', 'RT', 'RUBY', 'S', 'SMALL', 'SPAN', 'STRIKE', 'STRONG',
  'SUB', 'SUP', 'TIME', 'TT', 'U', 'VAR', 'WBR', 'OUTPUT', 'METER', 'PROGRESS',
]);

const BLOCK_DISPLAY = /^(block|flex|grid|list-item|table|table-row|table-cell|table-caption|flow-root)$/;

interface StyleFacts {
  hidden: boolean;
  display?: string;
}

function inlineStyle(el: Element): StyleFacts {
  const style = el.getAttribute('style');
  if (!style) return { hidden: false };
  let hidden = false;
  let display: string | undefined;
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    if (prop === 'display') {
      display = value;
      if (value === 'none') hidden = true;
    }
    if (prop === 'visibility' && (value === 'hidden' || value === 'collapse')) hidden = true;
  }
  return display === undefined ? { hidden } : { hidden, display };
}

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  if ((el.getAttribute('aria-hidden') ?? '').trim().toLowerCase() === 'true') return true;
  return inlineStyle(el).hidden;
}

function isOptOut(el: Element): boolean {
  if ((el.getAttribute('data-ringside') ?? '').trim().toLowerCase() === 'off') return true;
  return el.classList.contains('ringside-off');
}

function isEditable(el: Element): boolean {
  const ce = el.getAttribute('contenteditable');
  if (ce === null) return false;
  const v = ce.trim().toLowerCase();
  return v === '' || v === 'true' || v === 'plaintext-only';
}

function isExistingLink(el: Element): boolean {
  return el.tagName.toUpperCase() === 'A' && el.hasAttribute('href');
}

function isInline(el: Element): boolean {
  const display = inlineStyle(el).display;
  if (display !== undefined) {
    if (display === 'inline' || display === 'inline-block' || display === 'inline-flex') return true;
    if (BLOCK_DISPLAY.test(display)) return false;
  }
  return INLINE.has(el.tagName.toUpperCase());
}

/** Collapses CSS-collapsible whitespace only (not NBSP, thin space, narrow NBSP …). */
function collapse(s: string): string {
  return s.replace(/[ \t\r\n\f]+/g, ' ');
}

/**
 * The visible, linkifiable text of an HTML page: text runs separated by "\n".
 * Each line is trimmed of collapsible spaces; empty lines are dropped.
 */
export function visibleText(html: string): string {
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === 3 /* TEXT_NODE */) {
        parts.push(collapse(node.nodeValue ?? ''));
        return;
      }
      if (node.nodeType !== 1 /* ELEMENT_NODE */) return;
      const el = node as Element;
      const tag = el.tagName.toUpperCase();
      if (NOT_RENDERED.has(tag) || isHidden(el)) return;
      if (tag === 'BR') {
        parts.push('\n');
        return;
      }
      if (SKIPPED.has(tag) || isOptOut(el) || isEditable(el) || isExistingLink(el)) {
        parts.push('\n');
        return;
      }
      const inline = isInline(el);
      if (!inline) parts.push('\n');
      for (let child = el.firstChild; child; child = child.nextSibling) walk(child as unknown as Node);
      if (!inline) parts.push('\n');
    };
    if (doc.body) walk(doc.body as unknown as Node);
    return parts
      .join('')
      .split('\n')
      .map((line) => line.replace(/^[ \t\r\f]+|[ \t\r\f]+$/g, ''))
      .filter((line) => line.length > 0)
      .join('\n');
  } finally {
    void window.happyDOM.close();
  }
}
