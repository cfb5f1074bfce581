/**
 * Runs the Oktell simulator until Ctrl-C:
 *
 *   npx tsx test/sim/oktell/cli.ts [--port 4055] [--client-port 4059] [--no-intercom] [--no-client]
 *
 * Open the printed page URL to make the line ring; point the extension at the printed address
 * (WebSocket port = the same port) with the printed logins.
 */
import { parseArgs } from 'node:util';
import { runSimulatorCli, type ClosableSim } from '../shared/cli.ts';
import { DEFAULT_USER, DEFAULT_WEB_API_ACCOUNT, startOktellSim } from './server.ts';

function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new Error(`--${name} must be 0..65535, got "${value}"`);
  return Number(value);
}

async function main(): Promise<ClosableSim> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'client-port': { type: 'string' },
      'no-intercom': { type: 'boolean' },
      'no-client': { type: 'boolean' },
    },
    strict: true,
  });
  const sim = await startOktellSim({
    port: parsePort(values.port, 'port', 4055),
    clientPort: parsePort(values['client-port'], 'client-port', 4059),
    intercom: !values['no-intercom'],
    clientRunning: !values['no-client'],
  });
  console.log('Oktell simulator');
  console.log(`  page:            ${sim.url}/sim`);
  console.log(`  server address:  ${sim.url}   (WebSocket port ${sim.port})`);
  console.log(`  desktop client:  http://127.0.0.1:${sim.clientPort}${values['no-client'] ? ' (not running)' : ''}`);
  console.log(`  user login:      ${DEFAULT_USER.login}  password: ${DEFAULT_USER.password}  (line ${DEFAULT_USER.number}, workplace ${DEFAULT_USER.workplace})`);
  console.log(`  Web-API account: ${DEFAULT_WEB_API_ACCOUNT.login}  password: ${DEFAULT_WEB_API_ACCOUNT.password}`);
  return sim;
}

runSimulatorCli(main);
