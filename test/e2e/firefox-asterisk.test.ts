// Asterisk in Firefox ESR: configure, dial, pop — and the WaitEvent loop still works after more
// than two minutes without any extension event (the event page would have been stopped at ~30 s
// without the keep-alive alarm, toolchain.md §5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startAsteriskSim, type AsteriskSim } from '../sim/asterisk/server.ts';
import { eventually } from './chromium.ts';
import { launchFirefox, type FirefoxWithAddon } from './firefox.ts';
import { backgroundOnline, dialSelectionFromMenu, shownNotifications } from './firefoxHook.ts';

let sim: AsteriskSim;
let ff: FirefoxWithAddon;
let options: Page;

const journal = () => shownNotifications(options);

beforeAll(async () => {
  sim = await startAsteriskSim({ loginFailDelayMs: 0 });
  ff = await launchFirefox();
}, 60_000);

afterAll(async () => {
  await ff?.close();
  await sim?.close();
});

describe('Ringside in Firefox ESR with Asterisk (AJAM)', () => {
  it('is configured through the options page', async () => {
    options = await ff.openPage('src/ui/options/index.html');
    await options.waitForSelector('#backend');
    await options.select('#backend', 'asterisk');
    await options.waitForSelector('#ast-address');
    await options.type('#ast-address', sim.url);
    expect(await options.$eval('#ast-prefix', (el) => (el as HTMLInputElement).value)).toBe('asterisk'); // the common default
    await options.type('#ast-username', 'ext');
    await options.type('#ast-secret', 'ext-secret');
    await options.type('#ast-extension', '101');
    await options.type('#ast-device', 'PJSIP/101');
    await options.select('#pg-region', 'RU');
    await options.click('#save');
    await options.waitForSelector('#saved');
    await backgroundOnline(options);
  });

  it('dials from the context menu with an Originate', async () => {
    await dialSelectionFromMenu(options, '8 (912) 345-67-89');
    expect(await sim.waitFor(() => sim.originates[0])).toMatchObject({ channel: 'PJSIP/101', exten: '89123456789', context: 'from-internal' });
  });

  it('pops the caller after more than two minutes without any extension event', async () => {
    const waits = () => sim.requests.filter((r) => r.action.toLowerCase() === 'waitevent');
    const start = Date.now();
    // Nothing touches the extension meanwhile; only the simulator's log shows the loop going on.
    await sim.waitFor(() => waits().some((r) => r.at >= start + 125_000), 150_000);
    const during = waits().filter((r) => r.at >= start);
    const gaps = during.slice(1).map((r, i) => r.at - during[i]!.at);
    expect(Math.max(...gaps)).toBeLessThan(25_000);
    sim.incoming({ from: '+74959876543', name: 'Maria Ivanova', outcome: 'manual' });
    const ring = await eventually(async () => (await journal()).find((n) => n.message.includes('+74959876543')), 'the ring notification', 5000);
    expect(ring.message).toContain('Maria Ivanova');
  }, 180_000);
});
