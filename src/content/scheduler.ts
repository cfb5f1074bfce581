// Runs the linkifier's work in slices of a few milliseconds, in the page's idle time, so that a
// page with 20,000 numbers never gets a long task from Ringside (DESIGN.md: none over 50 ms).

/** One unit of work per next(); done when the task is finished. */
export type Task = Iterator<unknown, unknown, void>;

export interface SliceDeadline {
  timeRemaining(): number;
}

export interface SchedulerOptions {
  /** Longest slice, ms. */
  readonly budgetMs: number;
  /** Asks for the next slice; returns a cancel function. */
  readonly request: (run: (deadline: SliceDeadline) => void) => () => void;
  readonly now: () => number;
  /** After every slice that did work (to publish the count of marks). */
  readonly afterSlice?: () => void;
}

export class Scheduler {
  private readonly queue: Task[] = [];
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  get busy(): boolean {
    return this.queue.length > 0;
  }

  push(task: Task): void {
    if (this.stopped) return;
    this.queue.push(task);
    this.wake();
  }

  /** Makes sure a slice is coming (after push, or when a caller has other work for afterSlice). */
  wake(): void {
    if (this.stopped || this.cancel) return;
    this.cancel = this.options.request((deadline) => {
      this.cancel = undefined;
      this.runSlice(deadline);
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    this.queue.length = 0;
  }

  /** Runs one slice now (tests; also what each scheduled callback does). */
  runSlice(deadline?: SliceDeadline): void {
    const { budgetMs, now } = this.options;
    // An idle period shorter than the budget is respected; a timed-out idle callback
    // (timeRemaining 0 on a page that is never idle) still gets one budget's worth of work.
    const remaining = deadline ? deadline.timeRemaining() : budgetMs;
    const until = now() + (remaining > 1 ? Math.min(budgetMs, remaining) : budgetMs);
    while (this.queue.length > 0) {
      const task = this.queue[0]!;
      const step = task.next();
      if (step.done) this.queue.shift();
      if (now() >= until) break;
    }
    this.options.afterSlice?.();
    if (this.queue.length > 0) this.wake();
  }

  /** Runs every queued task to the end (tests). */
  drain(): void {
    for (let guard = 0; this.queue.length > 0 && guard < 1_000_000; guard++) this.runSlice({ timeRemaining: () => Number.POSITIVE_INFINITY });
  }
}
