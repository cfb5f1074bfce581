/**
 * Event-driven "wait until" for simulators: a predicate is re-evaluated whenever the simulator
 * reports that something happened (call `check()` after every emitted event), never on a polling
 * timer, so tests finish as soon as the condition holds and fail with a clear message otherwise.
 */

interface Waiter {
  /** Evaluates the predicate; settles the promise when it is truthy or throws. */
  attempt(): void;
  fail(err: Error): void;
}

export class Waiters {
  private readonly pending = new Set<Waiter>();

  /**
   * Resolves with the predicate's first truthy value. Rejects after `timeoutMs` with an Error that
   * names the predicate and the simulator state (`describeState`), or at once if the predicate
   * throws.
   */
  waitFor<T>(
    predicate: () => T | undefined | false | null,
    timeoutMs: number,
    describeState: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        this.pending.delete(waiter);
        if (timer !== undefined) clearTimeout(timer);
        return true;
      };
      const waiter: Waiter = {
        attempt: () => {
          let value: T | undefined | false | null;
          try {
            value = predicate();
          } catch (err) {
            if (settle()) reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (value && settle()) resolve(value);
        },
        fail: (err) => {
          if (settle()) reject(err);
        },
      };
      waiter.attempt();
      if (settled) return;
      this.pending.add(waiter);
      timer = setTimeout(() => {
        waiter.fail(new Error(`waitFor timed out after ${timeoutMs} ms: ${summarise(predicate)}\n${describeState()}`));
      }, timeoutMs);
    });
  }

  /** Re-evaluates every pending predicate. Cheap: predicates are small closures over sim state. */
  check(): void {
    for (const waiter of [...this.pending]) waiter.attempt();
  }

  /** Rejects every pending wait (the simulator is shutting down). */
  rejectAll(reason: string): void {
    for (const waiter of [...this.pending]) waiter.fail(new Error(reason));
  }
}

function summarise(fn: () => unknown): string {
  const text = fn.toString().replace(/\s+/g, ' ');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * Runs `fn` after `ms` (at least 0), keeping the handle in `timers` while it is pending so a
 * closing simulator can clear them all. Returns a function that cancels it.
 */
export function trackedTimer(timers: Set<NodeJS.Timeout>, ms: number, fn: () => void): () => void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, Math.max(0, ms));
  timers.add(t);
  return () => {
    clearTimeout(t);
    timers.delete(t);
  };
}
