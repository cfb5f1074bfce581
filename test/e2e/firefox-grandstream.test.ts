// The dial and ring paths in Firefox ESR: an event page instead of a service worker, no
// notification buttons (a click opens the call window instead).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startGrandstreamSim, type GrandstreamSim } from '../sim/grandstream/server.ts';
import { eventually } from './chromium.ts';
import { launchFirefox, type FirefoxWithAddon } from './firefox.ts';
import { backgroundOnline, dialSelectionFromMenu, existingMenuItems, shownNotifications } from './firefoxHook.ts';

let sim: GrandstreamSim;
let ff: FirefoxWithAddon;
let options: Page;

/** What the background has shown and cleared (firefoxHook.ts). */
const journal = () => shownNotifications(options);

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
    await options.select('#pg-region', 'RU');
    await options.click('#save');
    await options.waitForSelector('#saved');
    await backgroundOnline(options);
  });

  it('offers "Dial" on a selection and on tel:/callto:/sip: links', async () => {
    const ids = ['ringside-dial-selection', 'ringside-dial-link'];
    expect(await existingMenuItems(options, ids)).toEqual(ids);
  });

  it('dials a selected number from the context menu', async () => {
    await dialSelectionFromMenu(options, '8 (912) 345-67-89');
    expect((await sim.waitFor(() => sim.dialled[0])).number).toBe('89123456789');
    sim.remoteHangup();
  });

  it('pops a notification with the caller, without buttons, and clears it when the call ends', async () => {
    // Headless Firefox has no notification server: a notification closes as soon as it is shown,
    // so notifications.getAll() is empty. The background's journal records what was shown and cleared.
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

  it('answers from the call window a notification click opens (Firefox has no notification buttons)', async () => {
    const line = sim.ring('+74953334455', 'Window caller');
    const ring = await eventually(async () => (await journal()).find((n) => n.message.includes('+74953334455')), 'the ring notification');
    const callId = ring.id.slice('ring:'.length);
    const win = await ff.openPage(`src/ui/callwindow/index.html?call=${encodeURIComponent(callId)}`);
    await win.waitForSelector('#call[data-state="ringing"] [data-action="answer"]');
    await win.click('#call [data-action="answer"]');
    await sim.waitFor(() => sim.lines()[line - 1]?.state === 'connected');
    sim.remoteHangup(line);
    await eventually(async () => (await journal()).find((n) => n.id === ring.id)?.clearedAt, 'the notification to clear');
    await win.close().catch(() => undefined);
  });

  it('keeps watching after 45 s without any extension event (the keep-alive alarm), then still pops', async () => {
    // Firefox ends an idle event page ~30 s after the last extension event even while fetches
    // run (toolchain.md §5). Nothing here touches the background during the wait: only the
    // simulator's request log shows whether polling went on.
    const polls = () => sim.requests.filter((r) => r.path === '/cgi-bin/api-get_line_status');
    const start = Date.now();
    await sim.waitFor(() => polls().some((r) => r.at >= start + 45_000), 60_000);
    const window = polls().filter((r) => r.at >= start);
    const gaps = window.slice(1).map((r, i) => r.at - window[i]!.at);
    expect(Math.max(...gaps)).toBeLessThan(3000);
    sim.ring('+74959998877', 'After idle');
    await eventually(async () => (await journal()).some((n) => n.message.includes('+74959998877')), 'the ring notification after idling');
  }, 90_000);
});
