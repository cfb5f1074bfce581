// From a span of a block's joined text back to the text nodes it covers.
import type { TextBlock } from './walker.ts';

/** A piece of a found number inside one text node: node.data.slice(start, end). */
export interface Fragment {
  readonly node: Text;
  readonly start: number;
  readonly end: number;
}

/** Index of the node that holds text offset `offset` (the last node starting at or before it). */
function nodeIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The fragments covering [start, end) of block.text, in order, without empty ones. A span that
 * starts exactly where a node ends begins in the next node.
 */
export function spanToFragments(block: TextBlock, start: number, end: number): Fragment[] {
  const out: Fragment[] = [];
  if (end <= start || block.nodes.length === 0) return out;
  let i = nodeIndexAt(block.starts, start);
  for (; i < block.nodes.length; i++) {
    const nodeStart = block.starts[i]!;
    if (nodeStart >= end) break;
    const node = block.nodes[i]!;
    const from = Math.max(start, nodeStart) - nodeStart;
    const to = Math.min(end, nodeStart + node.data.length) - nodeStart;
    if (to > from) out.push({ node, start: from, end: to });
  }
  return out;
}

/** The text the fragments cover now (to notice a page that changed a number after it was marked). */
export function fragmentsText(fragments: readonly Fragment[]): string {
  let s = '';
  for (const f of fragments) s += f.node.data.slice(f.start, f.end);
  return s;
}
