// Small pieces every driver's watch loop needs: report the connection status only when it
// changes, and wait between retries without treating a stop as an error.
import type { ConnectionStatus } from '../core/call.ts';
import type { DriverEvent, DriverIO } from './contract.ts';

/** A status emitter that stays silent when state and reason are what was reported last. */
export function statusReporter(emit: (event: DriverEvent) => void): (status: ConnectionStatus) => void {
  let last = '';
  return (status) => {
    const key = `${status.state}|${JSON.stringify(status.reason ?? null)}`;
    if (key === last) return;
    last = key;
    emit({ type: 'status', status });
  };
}

/** Sleeps, or returns early when the loop is stopped (the loop's condition then ends it). */
export async function pauseQuietly(io: Pick<DriverIO, 'sleep'>, ms: number, signal: AbortSignal): Promise<void> {
  try {
    // setTimeout overflows above 2^31 − 1 ms.
    await io.sleep(Math.min(ms, 2 ** 31 - 1), signal);
  } catch {
    // stopped
  }
}
