/**
 * Runs the Asterisk AJAM simulator until Ctrl-C:
 *
 *   npx tsx test/sim/asterisk/cli.ts [--port 8088] [--prefix asterisk] [--user ext] [--secret ext-secret]
 *                                    [--device PJSIP/101] [--v11]
 *
 * Open the printed page URL in a browser to make the phone ring and to watch the Originates; point
 * the extension at the printed AJAM URL with the printed credentials.
 */
import { parseArgs } from 'node:util';
import { runSimulatorCli, type ClosableSim } from '../shared/cli.ts';
import { DEFAULT_USER, startAsteriskSim } from './server.ts';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8088;
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new Error(`--port must be 0..65535, got "${value}"`);
  return Number(value);
}

async function main(): Promise<ClosableSim> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      prefix: { type: 'string' },
      user: { type: 'string' },
      secret: { type: 'string' },
      device: { type: 'string' },
      v11: { type: 'boolean' },
    },
    strict: true,
  });
  const username = values.user ?? DEFAULT_USER.username;
  const secret = values.secret ?? DEFAULT_USER.secret;
  const sim = await startAsteriskSim({
    port: parsePort(values.port),
    prefix: values.prefix ?? 'asterisk',
    users: [{ ...DEFAULT_USER, username, secret }],
    ...(values.device ? { device: values.device } : {}),
    v11: values.v11 ?? false,
  });
  const settings = sim.currentSettings();
  console.log(`Asterisk ${settings.asteriskVersion} AJAM simulator${settings.v11 ? ' (Asterisk 11 events)' : ''}`);
  console.log(`  page:        ${sim.url}/`);
  console.log(`  AJAM:        ${sim.rawmanUrl}`);
  console.log(`  AMI user:    ${username}  secret: ${secret}`);
  console.log(`  user phone:  ${settings.device}`);
  return sim;
}

runSimulatorCli(main);
