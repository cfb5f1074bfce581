// Which parts of a page Ringside never marks: code and form controls, editors, existing links,
// its own marks, and whatever the page's author opted out of (anchors.md B3, A4.3 and A4.6).

/** Elements whose text is not prose a person reads as a phone number, or that the user types in. */
const SKIPPED_TAGS = new Set([
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'code',
  'pre',
  'kbd',
  'samp',
  'textarea',
  'input',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'svg',
  'math',
  'iframe',
  'frame',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
]);

/** Ringside's own elements: the element-mode mark and the hover tip. */
export const MARK_TAG = 'ringside-number';
export const TIP_TAG = 'ringside-tip';

/** The page-author opt-out: `data-ringside="off"` or `class="ringside-off"` on any ancestor. */
export const OPT_OUT_ATTRIBUTE = 'data-ringside';
export const OPT_OUT_CLASS = 'ringside-off';

/** ARIA roles of text fields built from divs. */
const EDITABLE_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

export function isOptedOut(el: Element): boolean {
  return el.getAttribute(OPT_OUT_ATTRIBUTE) === 'off' || el.classList.contains(OPT_OUT_CLASS);
}

/** True when nothing under `el` (itself included) may be marked. */
export function isSkippedElement(el: Element): boolean {
  const tag = el.localName;
  if (SKIPPED_TAGS.has(tag) || tag === MARK_TAG || tag === TIP_TAG) return true;
  // Existing links already do something on click (tel: links are handled on their own).
  if ((tag === 'a' || tag === 'area') && el.hasAttribute('href')) return true;
  // Any contenteditable, "false" included: inside an editor (a Gmail reply box) a rewritten or
  // highlighted node is the user's draft; outside one the attribute is rare enough to respect.
  if (el.hasAttribute('contenteditable')) return true;
  const role = el.getAttribute('role');
  if (role !== null && EDITABLE_ROLES.has(role)) return true;
  return isOptedOut(el);
}

/** The parent of a node, stepping from a shadow root to its host. */
export function composedParent(node: Node): Node | null {
  const parent = node.parentNode;
  if (parent && parent.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */ && (parent as ShadowRoot).host) return (parent as ShadowRoot).host;
  return parent;
}

/**
 * True when `node` or one of its ancestors (across shadow roots) is skipped — the check for
 * nodes the page adds later, whose ancestors the walk has not seen.
 */
export function isInSkippedSubtree(node: Node): boolean {
  for (let current: Node | null = node; current; current = composedParent(current)) {
    if (current.nodeType === 1 && isSkippedElement(current as Element)) return true;
  }
  return false;
}

/**
 * The whole page opted out: an editor document (designMode), `data-ringside="off"` on <html> or
 * <body>, or the iOS convention `<meta name="format-detection" content="telephone=no">`, which
 * a page uses to say "my numbers are not for automatic links".
 */
export function pageOptedOut(doc: Document): boolean {
  if (doc.designMode === 'on') return true;
  if (doc.documentElement && isOptedOut(doc.documentElement)) return true;
  if (doc.body && isOptedOut(doc.body)) return true;
  for (const meta of doc.querySelectorAll('meta[name="format-detection" i]')) {
    if (/telephone\s*=\s*no/i.test(meta.getAttribute('content') ?? '')) return true;
  }
  return false;
}

/**
 * Inline elements: text on both sides of them reads as one run, so `<b>+7</b> (495) 123-45-67`
 * is one number. Everything else (blocks, table cells, list items, <br>, unknown and custom
 * elements) separates text. Decided by tag, not by computed style: reading styles for every
 * element would force style recalculation on large pages, and tags are right for the markup
 * numbers are written in.
 */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdi',
  'bdo',
  'big',
  'cite',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'label',
  'mark',
  'nobr',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'wbr',
]);

export function isInline(el: Element): boolean {
  return INLINE_TAGS.has(el.localName);
}
