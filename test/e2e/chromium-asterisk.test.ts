// End to end in real Chromium with the AJAM simulator: configure Asterisk through the options
// page, dial from the context menu (Originate), and an incoming call pops with the caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { startAsteriskSim, type AsteriskSim } from '../sim/asterisk/server.ts';
import { eventually, launchWithExtension, type ExtensionBrowser } from './chromium.ts';

let sim: AsteriskSim;
let ext: ExtensionBrowser;

type Shown = { id: string; title: string; message: string; buttons: string[]; clearedAt?: number };
const shown = (sw: Worker) =>
  sw.evaluate(() => (globalThis as unknown as { __ringside: { shownNotifications: Shown[] } }).__ringside.shownNotifications);
const status = (sw: Worker) =>
  sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { status: { state: string } } | undefined)?.status.state));

beforeAll(async () => {
  sim = await startAsteriskSim({ loginFailDelayMs: 0, secondMs: 50 });
  ext = await launchWithExtension();
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('Ringside in Chromium with Asterisk (AJAM)', () => {
  it('is configured through the options page, and Test connection names the Asterisk version', async () => {
    const options = await ext.openPage('src/ui/options/index.html');
    await options.selectOption('#backend', 'asterisk');
    await options.fill('#ast-address', sim.url.replace('http://', ''));
    await options.fill('#ast-prefix', 'asterisk');
    await options.fill('#ast-username', 'ext');
    await options.fill('#ast-secret', 'ext-secret');
    await options.fill('#ast-extension', '101');
    await options.fill('#ast-device', 'PJSIP/101');
    await options.fill('#ast-context', 'from-internal');
    await options.selectOption('#pg-region', 'RU');
    await options.click('#test');
    await options.waitForSelector('#diagnosis[data-outcome="ok"]');
    expect(await options.textContent('#diagnosis')).toContain('22.10.1');
    await options.click('#save');
    await options.waitForSelector('#saved');
    const sw = await ext.worker();
    await eventually(async () => (await status(sw)) === 'online', 'the background to go online');
    await options.close();
  });

  it('runs one WaitEvent loop: never two long-polls at once on the session (they would kick each other)', async () => {
    const waits = () => sim.requests.filter((r) => r.action.toLowerCase() === 'waitevent');
    const from = waits().length;
    // One "Asterisk second" is 50 ms here, so each idle WaitEvent lasts about a second.
    await sim.waitFor(() => waits().length >= from + 3 && waits()[from + 2]!.finishedAt !== null, 10_000);
    const recent = waits().slice(from);
    for (let i = 1; i < recent.length; i++) expect(recent[i]!.at).toBeGreaterThanOrEqual(recent[i - 1]!.finishedAt ?? Infinity);
    expect(recent.slice(0, 3).every((r) => r.finishedAt! - r.at >= 500)).toBe(true);
  });

  it('dials from the context menu with an Originate carrying the right fields', async () => {
    const sw = await ext.worker();
    sim.nextOriginate('answer');
    await sw.evaluate(() => {
      const onClicked = chrome.contextMenus.onClicked as unknown as { dispatch(info: object): void };
      onClicked.dispatch({ menuItemId: 'ringside-dial-selection', selectionText: '+7 (495) 000-00-00', editable: false });
    });
    const originate = await sim.waitFor(() => sim.originates[0]);
    expect(originate).toMatchObject({ channel: 'PJSIP/101', context: 'from-internal', exten: '84950000000', priority: '1', async: 'true', timeout: '30000' });
    expect(originate.actionId).toMatch(/^ringside-/);
    // The PBX saw the secret only in a POST body.
    expect(sim.requests.every((r) => !r.path.toLowerCase().includes('secret'))).toBe(true);
  });

  it('pops a notification with the caller number and name, without buttons AMI cannot press', async () => {
    const sw = await ext.worker();
    const call = sim.incoming({ from: '+74951234567', name: 'Ivan Petrov', outcome: 'manual' });
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.id.startsWith('ring:') && n.message.includes('+74951234567')), 'the ring notification', 5000);
    expect(ring.message).toContain('Ivan Petrov');
    expect(ring.buttons).toEqual([]);
    sim.answeredElsewhere(call.id);
    await eventually(async () => (await shown(sw)).find((n) => n.id === ring.id)?.clearedAt, 'the notification to clear when another phone answers');
  });
});
