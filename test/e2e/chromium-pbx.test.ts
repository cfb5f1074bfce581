// Oktell and RanderWEB end to end in real Chromium: dial from the context menu reaches the
// simulator, and a ring pops a notification with the caller (issue 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { startOktellSim, type OktellSim } from '../sim/oktell/server.ts';
import { startRanderSim, type RanderSim } from '../sim/rander/server.ts';
import { eventually, launchWithExtension, type ExtensionBrowser } from './chromium.ts';

type Shown = { id: string; title: string; message: string; buttons: string[]; clearedAt?: number };
const shown = (sw: Worker) =>
  sw.evaluate(() => (globalThis as unknown as { __ringside: { shownNotifications: Shown[] } }).__ringside.shownNotifications);
const status = (sw: Worker) =>
  sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { status: { state: string } } | undefined)?.status.state));
const dialFromMenu = (sw: Worker, selectionText: string) =>
  sw.evaluate((text) => {
    const onClicked = chrome.contextMenus.onClicked as unknown as { dispatch(info: object): void };
    onClicked.dispatch({ menuItemId: 'ringside-dial-selection', selectionText: text, editable: false });
  }, selectionText);

let ext: ExtensionBrowser;
let oktell: OktellSim;
let rander: RanderSim;

beforeAll(async () => {
  [oktell, rander, ext] = await Promise.all([startOktellSim(), startRanderSim(), launchWithExtension()]);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await oktell?.close();
  await rander?.close();
});

describe('Ringside in Chromium with Oktell', () => {
  it('connects over the Oktell WebSocket', async () => {
    const sw = await ext.worker();
    await sw.evaluate(
      ({ url, port }) =>
        chrome.storage.local.set({
          settings: {
            version: 1,
            backend: 'oktell',
            oktell: {
              address: url, webApiUser: 'ringside', webApiPassword: 'api-secret', dialVia: 'server', clientPort: 4059,
              callerBy: 'login', callerValue: 'operator', direction: 'auto', sequence: 'direct',
              userLogin: 'operator', userPassword: 'Secret-1', wsPort: port,
            },
            pages: { region: 'RU' },
          },
        }),
      { url: oktell.url, port: oktell.port },
    );
    await eventually(async () => (await status(sw)) === 'online', 'the background to log in to Oktell');
  });

  it('dials from the context menu through the server Web-API as the chosen employee', async () => {
    const sw = await ext.worker();
    await dialFromMenu(sw, '+7 (495) 123-45-67');
    const dial = await oktell.waitFor(() => oktell.dials.find((d) => d.via === 'web-api'));
    expect(dial.path).toContain('wp_autocallstart');
    expect(dial.params).toMatchObject({ user: 'operator', number: '84951234567' });
    expect(dial.auth).toEqual({ user: 'ringside', password: 'api-secret' });
    oktell.hangup('remote'); // the auto-call the server started ends
  });

  it('pops a notification with the caller when the phone rings', async () => {
    const sw = await ext.worker();
    oktell.ring('+74957654321', 'Петров Иван');
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.id.startsWith('ring:') && n.message.includes('+74957654321')), 'the Oktell ring notification', 5000);
    expect(ring.message).toContain('Петров Иван');
    oktell.missed();
    await eventually(async () => (await shown(sw)).find((n) => n.id === ring.id)?.clearedAt, 'the notification to clear');
  });
});

describe('Ringside in Chromium with RanderWEB', () => {
  it('connects to the SignalR hub', async () => {
    const sw = await ext.worker();
    await sw.evaluate(
      (url) =>
        chrome.storage.local.set({
          settings: { version: 1, backend: 'rander', rander: { address: url, username: 'admin', password: '1234', extension: '103', hub: 'randerHub' }, pages: { region: 'RU' } },
        }),
      rander.url,
    );
    // The status was already online for Oktell: wait for the hub subscription itself.
    await rander.waitFor(() => rander.invocations.find((i) => i.method === 'SetMyExtension' && i.args[0] === '103' && i.error === null), 10_000);
    await eventually(async () => (await status(sw)) === 'online', 'the background to connect to RanderWEB');
  });

  it('dials from the context menu with the Web API and the token', async () => {
    const sw = await ext.worker();
    await dialFromMenu(sw, '8 (912) 345-67-89');
    const command = await rander.waitFor(() => rander.commands.find((c) => c.command.toLowerCase() === 'makecall'));
    expect(command.params).toEqual(['103', '89123456789']);
    expect(command.token).not.toBe('');
    rander.hangup(undefined, 'remote'); // the far end hangs up the call Ringside placed
  });

  it('pops a notification with the caller when the extension rings', async () => {
    const sw = await ext.worker();
    rander.ring({ from: '+74951112233', name: 'Olga Smirnova', to: '103' });
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('+74951112233')), 'the RanderWEB ring notification', 5000);
    expect(ring.message).toContain('Olga Smirnova');
  });
});
