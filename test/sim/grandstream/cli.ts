/**
 * Runs the Grandstream simulator until Ctrl-C:
 *
 *   npx tsx test/sim/grandstream/cli.ts [--port 8080] [--password admin] [--lines 3]
 *
 * Open the printed URL in a browser to make the phone ring; point the extension at the same URL.
 */
import { parseArgs } from 'node:util';
import { runSimulatorCli, type ClosableSim } from '../shared/cli.ts';
import { startGrandstreamSim } from './server.ts';

function parseIntegerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

async function main(): Promise<ClosableSim> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      password: { type: 'string' },
      lines: { type: 'string' },
    },
    strict: true,
  });
  const password = values.password ?? 'admin';
  const sim = await startGrandstreamSim({
    port: parseIntegerOption(values.port, 'port', 0),
    password,
    lines: parseIntegerOption(values.lines, 'lines', 3),
  });
  console.log(`Grandstream simulator on ${sim.url} (password ${JSON.stringify(password)})`);
  return sim;
}

runSimulatorCli(main);
