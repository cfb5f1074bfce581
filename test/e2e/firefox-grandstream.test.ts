// The dial and ring paths in Firefox ESR: an event page instead of a service worker, no
// notification buttons (a click opens the call window instead).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startGrandstreamSim, type GrandstreamSim } from '../sim/grandstream/server.ts';
import { eventually } from './chromium.ts';
import { launchFirefox, type FirefoxWithAddon } from './firefox.ts';

let sim: GrandstreamSim;
let ff: FirefoxWithAddon;
let options: Page;

declare const browser: {
  runtime: {
    getBackgroundPage(): Promise<{
      __ringside: {
        handleMenuClick(i: object): Promise<void>;
        shownNotifications: { id: string; message: string; buttons: string[]; clearedAt?: number }[];
      };
    }>;
  };
  storage: { session: { get(k: string): Promise<Record<string, { status: { state: string } } | undefined>> } };
};

beforeAll(async () => {
  sim = await startGrandstreamSim({ password: 'secret' });
  ff = await launchFirefox();
}, 60_000);

afterAll(async () => {
  await ff?.close();
  await sim?.close();
});

describe('Ringside in Firefox ESR with a Grandstream phone', () => {
  it('is configured through the options page', async () => {
    options = await ff.openPage('src/ui/options/index.html');
    await options.waitForSelector('#backend');
    await options.select('#backend', 'grandstream');
    await options.waitForSelector('#address');
    await options.type('#address', sim.url);
    await options.type('#password', 'secret');
    await options.click('#save');
    await options.waitForSelector('#saved');
    await eventually(
      () => options.evaluate(async () => (await browser.storage.session.get('callBook')).callBook?.status.state === 'online'),
      'the background to go online',
    );
  });

  it('dials a selected number from the context menu', async () => {
    await options.evaluate(async () => {
      const bg = await browser.runtime.getBackgroundPage();
      await bg.__ringside.handleMenuClick({ menuItemId: 'ringside-dial-selection', selectionText: '8 (912) 345-67-89', editable: false });
    });
    expect((await sim.waitFor(() => sim.dialled[0])).number).toBe('89123456789');
    sim.remoteHangup();
  });

  it('pops a notification with the caller, without buttons, and clears it when the call ends', async () => {
    // Headless Firefox has no notification server: a notification closes as soon as it is shown,
    // so notifications.getAll() is empty. The background's journal records what was shown and cleared.
    const journal = () =>
      options.evaluate(async () => {
        const bg = await browser.runtime.getBackgroundPage();
        return bg.__ringside.shownNotifications.map((n) => ({ ...n }));
      });
    sim.ring('+74951112233', 'Olga Smirnova');
    const ring = await eventually(async () => (await journal()).find((n) => n.id.startsWith('ring:')), 'the ring notification');
    expect(ring.message).toContain('+74951112233');
    expect(ring.message).toContain('Olga Smirnova');
    expect(ring.buttons).toEqual([]);
    expect(ring.clearedAt).toBeUndefined();
    sim.remoteHangup();
    await eventually(async () => (await journal()).find((n) => n.id === ring.id)?.clearedAt, 'the notification to clear');
    expect((await journal()).filter((n) => n.id.startsWith('ring:'))).toHaveLength(1);
  });
});
