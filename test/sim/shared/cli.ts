/**
 * Start-up and shutdown shared by the simulators' command lines (each cli.ts parses its own
 * options and prints its own banner).
 */

export interface ClosableSim {
  close(): Promise<void>;
}

/**
 * Runs `start` (parse the arguments, start the simulator, print where it is), then keeps the
 * simulator up until Ctrl-C or SIGTERM closes it. A failure to start prints its message and
 * exits 1; so does a failure to close.
 */
export function runSimulatorCli(start: () => Promise<ClosableSim>): void {
  start().then(stopOnSignals).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

function stopOnSignals(sim: ClosableSim): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
