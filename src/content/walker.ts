// Turns a part of the page into runs of readable text ("blocks"), each with the text nodes it is
// made of, so that detection sees `<b>+7</b> (495) 123-45-67` as one string and every span it
// finds maps back to (text node, offset) ranges (anchors.md B1 "Lessons", B3).
import { isInline, isSkippedElement } from './skip.ts';

export interface TextBlock {
  /** The block's text: its text nodes' data joined without separators. */
  readonly text: string;
  readonly nodes: readonly Text[];
  /** starts[i] is where nodes[i] begins in text. */
  readonly starts: readonly number[];
}

export interface WalkOptions {
  /** Yield blocks without digits too (a rescan must clear the old marks of every node). */
  readonly includeAll?: boolean;
  /** Called for each open shadow root met on the way; its content is walked separately. */
  readonly onShadowRoot?: (root: ShadowRoot) => void;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Yield a `null` tick this often, so that a long stretch without blocks still lets the caller check its time budget. */
const NODES_PER_TICK = 256;
const HAS_DIGIT = /[0-9]/;

/**
 * Walks `root` in document order and yields its text blocks; `null` values are ticks for the
 * caller's time budget. Skipped subtrees (skip.ts) are not entered and separate blocks. The walk
 * is resumable across slices: if the node it stands on is removed from the page meanwhile, it
 * ends early and says so with `walkInterrupted` (the caller rescans).
 */
export function* walkBlocks(root: Node, options: WalkOptions = {}): Generator<TextBlock | null, WalkEnd, void> {
  let nodes: Text[] = [];
  let starts: number[] = [];
  let text = '';
  let sinceTick = 0;

  const take = (): TextBlock | undefined => {
    if (nodes.length === 0) return undefined;
    const block = { text, nodes, starts };
    nodes = [];
    starts = [];
    text = '';
    return options.includeAll || HAS_DIGIT.test(block.text) ? block : undefined;
  };
  const addText = (node: Text) => {
    const data = node.data;
    if (data.length === 0) return;
    starts.push(text.length);
    nodes.push(node);
    text += data;
  };

  if (root.nodeType === TEXT_NODE) {
    addText(root as Text);
    const block = take();
    if (block) yield block;
    return { interrupted: false };
  }

  let node: Node | null = root.firstChild;
  while (node) {
    let enter = false;
    if (node.nodeType === TEXT_NODE) {
      addText(node as Text);
    } else if (node.nodeType === ELEMENT_NODE) {
      const el = node as Element;
      if (isSkippedElement(el)) {
        const block = take();
        if (block) yield block;
      } else {
        if (!isInline(el)) {
          const block = take();
          if (block) yield block;
        }
        const shadow = el.shadowRoot;
        if (shadow && options.onShadowRoot) options.onShadowRoot(shadow);
        enter = el.firstChild !== null;
      }
    }
    if (++sinceTick >= NODES_PER_TICK) {
      sinceTick = 0;
      yield null;
      // The page may have moved things while we were paused.
      if (!isWithin(node, root)) {
        const block = take();
        if (block) yield block;
        return { interrupted: true };
      }
    }
    if (enter) {
      node = node.firstChild;
      continue;
    }
    // Next in document order, leaving elements on the way up (a block's end is a boundary).
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root && node.nodeType === ELEMENT_NODE && !isInline(node as Element)) {
        const block = take();
        if (block) yield block;
      }
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  const block = take();
  if (block) yield block;
  return { interrupted: false };
}

export interface WalkEnd {
  /** The walk stopped early because the page removed the part it was in. */
  readonly interrupted: boolean;
}

function isWithin(node: Node, root: Node): boolean {
  return node === root || root.contains(node);
}

/** Collects every block of `root` at once (tests, small subtrees). */
export function collectBlocks(root: Node, options: WalkOptions = {}): TextBlock[] {
  const out: TextBlock[] = [];
  for (const block of walkBlocks(root, options)) if (block) out.push(block);
  return out;
}

/**
 * Where a rescan of `node` must start so that a number joined across inline elements is seen
 * whole: the nearest ancestor that is not inline. undefined when that is the page's <body> or
 * <html> (rescanning the whole page for one added span is what anchors.md B1 warns about): the
 * node alone is scanned then.
 */
export function blockContainerOf(node: Node): Node | undefined {
  let current: Node | null = node.nodeType === TEXT_NODE ? node.parentNode : node;
  while (current && current.nodeType === ELEMENT_NODE && isInline(current as Element)) current = current.parentNode;
  if (!current || current.nodeType !== ELEMENT_NODE) return undefined;
  const name = (current as Element).localName;
  if (name === 'body' || name === 'html') return undefined;
  return current;
}
