// The numbers Ringside has marked on this page, indexed by text node (to drop them when their
// text changes) and by parent node (to find the one under the pointer), and how they are shown:
// a painter — CSS Custom Highlights, or inline elements where the browser has none.
import { fragmentsText, type Fragment } from './mapping.ts';
import type { DialTarget } from './scan.ts';

export interface Mark {
  readonly target: DialTarget;
  /** Where the number is on the page (element mode: the text nodes inside its elements). */
  readonly fragments: readonly Fragment[];
  /** The text the fragments covered when marked. */
  readonly text: string;
}

export interface Painter {
  readonly mode: 'highlight' | 'element';
  /**
   * Shows a number found at `fragments`; returns where it is afterwards (the same fragments for
   * highlights; element mode splits text nodes and returns the pieces inside its elements).
   */
  paint(target: DialTarget, fragments: readonly Fragment[]): readonly Fragment[];
  /** Called once the mark exists (element mode files its elements under it). */
  painted?(mark: Mark): void;
  erase(mark: Mark): void;
  /** Emphasises the mark under the pointer (undefined: none). */
  hover(mark: Mark | undefined): void;
  /** Removes every mark from the page. */
  clear(): void;
  /** Element mode: the mark one of its elements belongs to. */
  markOfElement?(el: Element): Mark | undefined;
}

interface Filed {
  readonly parents: Node[];
}

export class MarkStore {
  private readonly marks = new Map<Mark, Filed>();
  private readonly byNode = new Map<Text, Mark[]>();
  private readonly byParent = new Map<Node, Set<Mark>>();

  constructor(readonly painter: Painter) {}

  get size(): number {
    return this.marks.size;
  }

  all(): IterableIterator<Mark> {
    return this.marks.keys();
  }

  /** Marks a number; `fragments` must be valid now and touch no other mark. */
  add(target: DialTarget, fragments: readonly Fragment[]): Mark {
    const painted = this.painter.paint(target, fragments);
    const mark: Mark = { target, fragments: painted, text: fragmentsText(painted) };
    const parents: Node[] = [];
    for (const f of painted) {
      const list = this.byNode.get(f.node);
      if (list) list.push(mark);
      else this.byNode.set(f.node, [mark]);
      const parent = f.node.parentNode;
      if (parent && !parents.includes(parent)) {
        parents.push(parent);
        const set = this.byParent.get(parent);
        if (set) set.add(mark);
        else this.byParent.set(parent, new Set([mark]));
      }
    }
    this.marks.set(mark, { parents });
    this.painter.painted?.(mark);
    return mark;
  }

  drop(mark: Mark): void {
    const filed = this.marks.get(mark);
    if (!filed) return;
    this.marks.delete(mark);
    this.painter.erase(mark);
    for (const f of mark.fragments) {
      const list = this.byNode.get(f.node);
      if (!list) continue;
      const rest = list.filter((m) => m !== mark);
      if (rest.length) this.byNode.set(f.node, rest);
      else this.byNode.delete(f.node);
    }
    for (const parent of filed.parents) {
      const set = this.byParent.get(parent);
      if (!set) continue;
      set.delete(mark);
      if (set.size === 0) this.byParent.delete(parent);
    }
  }

  /** Drops every mark that touches `node`; returns how many. */
  dropNode(node: Text): number {
    const list = this.byNode.get(node);
    if (!list) return 0;
    const marks = [...list];
    for (const mark of marks) this.drop(mark);
    return marks.length;
  }

  marksOfNode(node: Node): readonly Mark[] {
    return this.byNode.get(node as Text) ?? [];
  }

  /** Marks with a piece of text directly under `parent`. */
  marksUnder(parent: Node): ReadonlySet<Mark> | undefined {
    return this.byParent.get(parent);
  }

  /**
   * True when the mark still stands on the page as it was found: attached, in range, and the
   * same text — a page that rewrites a number in place must not get the old one dialled.
   */
  isIntact(mark: Mark): boolean {
    for (const f of mark.fragments) {
      if (!f.node.isConnected || f.end > f.node.data.length) return false;
    }
    return fragmentsText(mark.fragments) === mark.text;
  }

  /** Drops marks whose text left the page or changed; returns how many. */
  sweep(): number {
    let dropped = 0;
    for (const mark of [...this.marks.keys()]) {
      if (!this.isIntact(mark)) {
        this.drop(mark);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.painter.clear();
    this.marks.clear();
    this.byNode.clear();
    this.byParent.clear();
  }
}
