/**
 * Runs the RanderWEB simulator until Ctrl-C:
 *
 *   npx tsx test/sim/rander/cli.ts [--port 5005] [--user admin] [--password 1234] [--hub RanderHub]
 *                                  [--login-via token-endpoint|path] [--keep-alive-ms 10000]
 *
 * Point the extension at the printed address with the printed login and extension; make the
 * extension ring with the control API, e.g.
 *   curl -X POST 'http://127.0.0.1:5005/sim/ring?from=%2B74951234567&name=Ivan%20Petrov&to=103'
 */
import { parseArgs } from 'node:util';
import { runSimulatorCli, type ClosableSim } from '../shared/cli.ts';
import { DEFAULT_USER, startRanderSim } from './server.ts';

function parseNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) > max) throw new Error(`--${name} must be 0..${max}, got "${value}"`);
  return Number(value);
}

async function main(): Promise<ClosableSim> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      hub: { type: 'string' },
      'login-via': { type: 'string' },
      'keep-alive-ms': { type: 'string' },
    },
    strict: true,
  });
  const loginVia = values['login-via'] ?? 'token-endpoint';
  if (loginVia !== 'token-endpoint' && loginVia !== 'path') throw new Error(`--login-via must be token-endpoint or path, got "${loginVia}"`);
  const username = values.user ?? DEFAULT_USER.username;
  const password = values.password ?? DEFAULT_USER.password;
  const sim = await startRanderSim({
    port: parseNumber('port', values.port, 5005, 65535),
    users: [{ username, password }],
    ...(values.hub ? { hub: values.hub } : {}),
    loginVia,
    keepAliveMs: parseNumber('keep-alive-ms', values['keep-alive-ms'], 10_000, 600_000) || null,
  });
  console.log('RanderWEB simulator (Web API + SignalR 2.2 hub)');
  console.log(`  address:    ${sim.url}`);
  console.log(`  login:      ${username}  password: ${password}  (${loginVia === 'path' ? 'GET /api/rander/login/…' : 'POST /token'})`);
  console.log(`  hub:        ${sim.hub}  (SignalR at ${sim.url}/signalr)`);
  console.log(`  extension:  any, e.g. 103 — ring it: curl -X POST '${sim.url}/sim/ring?from=74951234567&name=Ivan&to=103'`);
  console.log(`  state:      ${sim.url}/sim/state`);
  return sim;
}

runSimulatorCli(main);
