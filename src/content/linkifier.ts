// Finds the numbers of a page and keeps them marked while the page changes: one walk of the
// page, then a MutationObserver whose records are batched and processed in slices of idle time
// (anchors.md B3). Text that changes in place is re-read block by block; marks whose text left
// the page are dropped.
import type { FoundNumber } from '../core/phone/types.ts';
import { spanToFragments } from './mapping.ts';
import { MarkStore, type Painter } from './marks.ts';
import { dialTargetOf, findInText, type Detect } from './scan.ts';
import { Scheduler, type SliceDeadline, type Task } from './scheduler.ts';
import { isInSkippedSubtree, MARK_TAG, TIP_TAG } from './skip.ts';
import { blockContainerOf, walkBlocks, type TextBlock } from './walker.ts';

export interface LinkifierOptions {
  readonly doc: Document;
  readonly detect: Detect;
  readonly painter: Painter;
  /** Longest slice of work, ms (default 8). */
  readonly budgetMs?: number;
  /** Asks for a slice (default: the platform's idle callback). */
  readonly request: (run: (deadline: SliceDeadline) => void) => () => void;
  readonly now?: () => number;
  /** Each open shadow root found (to give it Ringside's styles); called once per root. */
  readonly onShadowRoot?: (root: ShadowRoot) => void;
  /** After a slice that changed the marks: how many there are now. */
  readonly onMarksChanged?: (count: number) => void;
  /** Least time between two sweeps for marks whose text left the page, ms (default 1000). */
  readonly sweepIntervalMs?: number;
  /** Marks no more numbers once this many are marked (element mode's cap). */
  readonly maxMarks?: number;
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true };
const HAS_DIGIT = /[0-9]/;

export class Linkifier {
  readonly store: MarkStore;
  private readonly scheduler: Scheduler;
  private readonly observer: MutationObserver;
  private readonly shadowRoots = new WeakSet<ShadowRoot>();
  private readonly pending = new Set<Node>();
  private flushQueued = false;
  private sweepWanted = false;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private changed = false;
  private settled = false;
  private running = false;
  private readonly now: () => number;

  constructor(private readonly options: LinkifierOptions) {
    this.now = options.now ?? (() => performance.now());
    this.store = new MarkStore(options.painter);
    this.scheduler = new Scheduler({
      budgetMs: options.budgetMs ?? 8,
      request: options.request,
      now: this.now,
      afterSlice: () => this.afterSlice(),
    });
    const Observer = (options.doc.defaultView as (Window & typeof globalThis) | null)?.MutationObserver ?? MutationObserver;
    this.observer = new Observer((records) => this.onMutations(records));
  }

  /** True while queued work remains (the walk of the page or changes to process). */
  get busy(): boolean {
    return this.scheduler.busy;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const root = this.options.doc.documentElement;
    if (!root) return;
    // Observe first: whatever the page adds while the first walk runs is processed after it.
    this.observer.observe(this.options.doc, OBSERVE);
    this.scheduler.push(this.scan(root, false));
  }

  stop(): void {
    this.running = false;
    this.observer.disconnect();
    this.scheduler.stop();
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.pending.clear();
    this.store.clear();
  }

  /** Runs all queued work now (tests). */
  drain(): void {
    this.onMutations(this.observer.takeRecords());
    this.scheduler.drain();
  }

  /** The mark's text changed since it was marked: re-read its block. */
  recheck(node: Text): void {
    this.pending.add(node);
    this.queueFlush();
  }

  private *scan(root: Node, includeAll: boolean): Generator<void, void, void> {
    const walk = walkBlocks(root, { includeAll, onShadowRoot: (shadow) => this.addShadowRoot(shadow) });
    for (;;) {
      const step = walk.next();
      if (step.done) {
        if (step.value.interrupted && root.isConnected) {
          this.pending.add(root);
          this.queueFlush();
        }
        return;
      }
      if (step.value) this.markBlock(step.value);
      yield;
    }
  }

  private addShadowRoot(shadow: ShadowRoot): void {
    if (this.shadowRoots.has(shadow)) return;
    this.shadowRoots.add(shadow);
    this.observer.observe(shadow, OBSERVE);
    this.options.onShadowRoot?.(shadow);
    this.scheduler.push(this.scan(shadow, false));
  }

  /** Replaces the marks of a block with what detection finds in it now. */
  private markBlock(block: TextBlock): void {
    const elementMode = this.store.painter.mode === 'element';
    // Element mode splits text nodes: keep the page's records apart from our own.
    if (elementMode) this.onMutations(this.observer.takeRecords());
    for (const node of block.nodes) if (this.store.dropNode(node)) this.changed = true;
    if (HAS_DIGIT.test(block.text)) {
      const found = nonOverlapping(findInText(block.text, this.options.detect));
      // Last first: in element mode a split keeps the offsets before it valid.
      for (let i = found.length - 1; i >= 0; i--) {
        const f = found[i]!;
        const target = dialTargetOf(f);
        if (!target) continue;
        if (this.store.size >= (this.options.maxMarks ?? Number.POSITIVE_INFINITY)) break;
        const fragments = spanToFragments(block, f.start, f.end);
        if (fragments.length === 0) continue;
        this.store.add(target, fragments);
        this.changed = true;
      }
    }
    if (elementMode) this.observer.takeRecords();
  }

  private onMutations(records: MutationRecord[]): void {
    if (!this.running) return;
    let any = false;
    for (const record of records) {
      if (record.type === 'characterData') {
        // Its marks are stale from now on: a click must not dial what the text no longer says.
        if (this.store.dropNode(record.target as Text)) this.changed = true;
        this.pending.add(record.target);
        any = true;
        continue;
      }
      for (const node of record.addedNodes) {
        if (isOwnNode(node)) continue;
        this.pending.add(node);
        any = true;
      }
      for (const node of record.removedNodes) {
        if (node.nodeType === 3) {
          if (this.store.dropNode(node as Text)) this.changed = true;
        } else if (node.nodeType === 1 && !isOwnNode(node)) {
          this.sweepWanted = true;
          any = true;
        }
      }
    }
    if (any) this.queueFlush();
  }

  private queueFlush(): void {
    if (this.flushQueued || !this.running) return;
    this.flushQueued = true;
    this.scheduler.push(this.flush());
  }

  /** Processes what changed since the last flush, as one task. */
  private *flush(): Generator<void, void, void> {
    this.flushQueued = false;
    const nodes = [...this.pending];
    this.pending.clear();
    const containers = new Set<Node>();
    for (const node of nodes) {
      if (!node.isConnected) continue;
      containers.add(blockContainerOf(node) ?? node);
    }
    for (const root of containers) {
      if (hasAncestorIn(root, containers)) continue;
      if (isInSkippedSubtree(root)) continue;
      yield* this.scan(root, true);
    }
    if (this.sweepWanted) this.sweepSoon();
  }

  private sweepSoon(): void {
    const interval = this.options.sweepIntervalMs ?? 1000;
    const wait = this.lastSweep + interval - this.now();
    if (wait <= 0) {
      this.sweepWanted = false;
      this.lastSweep = this.now();
      if (this.store.sweep()) this.changed = true;
      return;
    }
    if (this.sweepTimer !== undefined) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      if (!this.running) return;
      this.scheduler.push(
        (function* (self: Linkifier) {
          self.sweepSoon();
        })(this),
      );
    }, wait);
  }

  private afterSlice(): void {
    // Also once the first walk is over, so that a page without numbers says "0".
    const settledNow = !this.settled && !this.scheduler.busy;
    if (!this.changed && !settledNow) return;
    if (settledNow) this.settled = true;
    this.changed = false;
    this.options.onMarksChanged?.(this.store.size);
  }
}

function isOwnNode(node: Node): boolean {
  return node.nodeType === 1 && ((node as Element).localName === MARK_TAG || (node as Element).localName === TIP_TAG);
}

function hasAncestorIn(node: Node, set: ReadonlySet<Node>): boolean {
  for (let p = node.parentNode; p; p = p.parentNode) if (set.has(p)) return true;
  return false;
}

/** Detection should not return overlapping spans; if it ever does, the first one wins. */
function nonOverlapping(found: readonly FoundNumber[]): FoundNumber[] {
  const sorted = [...found].sort((a, b) => a.start - b.start);
  const out: FoundNumber[] = [];
  let end = -1;
  for (const f of sorted) {
    if (f.start < end || f.end <= f.start) continue;
    out.push(f);
    end = f.end;
  }
  return out;
}

export type { Task };
