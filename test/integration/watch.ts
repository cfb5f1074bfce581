// Runs a driver's watch loop against a simulator and collects what it reports; `until` awaits an
// event without sleeping. Shared by the driver integration tests.
import type { Call } from '../../src/core/call.ts';
import type { Driver, DriverEvent } from '../../src/drivers/contract.ts';
import { Waiters } from '../sim/shared/waiters.ts';

export interface WatchOptions {
  /** Calls the driver already knows of (a restart). */
  known?: Call[];
  /** Subscribes `recheck` to the simulator's own events, so waits re-check when something happens there too. */
  recheckOn(recheck: () => void): void;
  /** What a timed-out wait shows after the predicate. */
  describe(events: readonly DriverEvent[]): string;
  /** The test file's cleanup list (run after each test): stops the loop and waits for it to end. */
  cleanups: (() => Promise<void> | void)[];
}

export function watchDriver(driver: Driver, { known = [], recheckOn, describe, cleanups }: WatchOptions) {
  const events: DriverEvent[] = [];
  const waiters = new Waiters();
  recheckOn(() => waiters.check());
  const controller = new AbortController();
  const done = driver.watch(controller.signal, (e) => {
    events.push(e);
    waiters.check();
  }, known);
  cleanups.push(async () => {
    controller.abort();
    await done;
  });
  const calls = () => events.flatMap((e) => (e.type === 'call' ? [e.call] : []));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const until = <T>(predicate: () => T | undefined | false | null, ms = 5000) =>
    waiters.waitFor(predicate, ms, () => describe(events));
  return { events, calls, statuses, until, done, stop: () => controller.abort() };
}
