// End to end in real Chromium with the built extension and the Grandstream simulator: configure
// as a user would, dial from the context menu, ring → notification → Answer, hang-up → gone,
// and a background restart mid-call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { startGrandstreamSim, type GrandstreamSim } from '../sim/grandstream/server.ts';
import { eventually, existingMenuItems, launchWithExtension, restartServiceWorker, type ExtensionBrowser } from './chromium.ts';

let sim: GrandstreamSim;
let ext: ExtensionBrowser;

interface Shown {
  id: string;
  title: string;
  message: string;
  buttons: string[];
}

const shown = (sw: Worker) =>
  sw.evaluate(() => (globalThis as unknown as { __ringside: { shownNotifications: Shown[] } }).__ringside.shownNotifications);
const openIds = (sw: Worker) => sw.evaluate(() => chrome.notifications.getAll().then((all) => Object.keys(all)));
const callBook = (sw: Worker) =>
  sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => r.callBook as { status: { state: string }; live: { id: string; state: string; remote: { number: string } }[] } | undefined));

beforeAll(async () => {
  sim = await startGrandstreamSim({ password: 'Adm1n& #x', lines: 3 });
  ext = await launchWithExtension();
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('Ringside in Chromium with a Grandstream phone', () => {
  let options: Page;

  it('is configured through the options page as a user would', async () => {
    options = await ext.openPage('src/ui/options/index.html');
    await options.selectOption('#backend', 'grandstream');
    await options.fill('#address', 'htp://127.0.0.1');
    await options.click('#save');
    await expect.poll(() => options.textContent('#address-error')).toMatch(/http|https/i);
    await options.fill('#address', sim.url);
    await options.fill('#password', 'Adm1n& #x');
    await options.fill('#poll', '1');
    // The browser speaks en-US; this office dials Russian numbers the Russian way.
    await options.selectOption('#pg-region', 'RU');
    await options.click('#test');
    await options.waitForSelector('#diagnosis[data-outcome="ok"]');
    expect(await options.textContent('#diagnosis')).toMatch(/lines: 3/);
    await options.click('#save');
    await options.waitForSelector('#saved');
    const sw = await ext.worker();
    await eventually(async () => (await callBook(sw))?.status.state === 'online', 'the background to go online');
    await options.waitForSelector('#status[data-state="online"]');
  });

  it('offers "Dial" on a selection and on tel:/callto:/sip: links', async () => {
    const sw = await ext.worker();
    const ids = ['ringside-dial-selection', 'ringside-dial-link'];
    expect(await existingMenuItems(sw, ids)).toEqual(ids);
  });

  it('dials a selected number from the context menu', async () => {
    const sw = await ext.worker();
    await sw.evaluate(() =>
      (globalThis as unknown as { __ringside: { handleMenuClick(i: object): Promise<void> } }).__ringside.handleMenuClick({
        menuItemId: 'ringside-dial-selection',
        selectionText: 'Tel.: +7 (495) 123-45-67',
        editable: false,
      }),
    );
    const dialled = await sim.waitFor(() => sim.dialled[0]);
    // Dialling rules: a domestic number in the trunk form (+7 → 8).
    expect(dialled.number).toBe('84951234567');
    sim.remoteHangup();
  });

  it('dials from the real context-menu listener, and explains a selection without a number', async () => {
    const sw = await ext.worker();
    await sw.evaluate(() => {
      const onClicked = chrome.contextMenus.onClicked as unknown as { dispatch(info: object, tab?: object): void };
      onClicked.dispatch({ menuItemId: 'ringside-dial-link', linkUrl: 'tel:8-800-555-35-35', editable: false, pageUrl: 'http://127.0.0.1/' });
    });
    expect((await sim.waitFor(() => sim.dialled[1])).number).toBe('88005553535');
    sim.remoteHangup();
    await sw.evaluate(() =>
      (globalThis as unknown as { __ringside: { handleMenuClick(i: object): Promise<void> } }).__ringside.handleMenuClick({
        menuItemId: 'ringside-dial-selection',
        selectionText: 'call us today',
        editable: false,
      }),
    );
    const note = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('call us today')), 'the explanation');
    expect(note.title).toMatch(/cannot dial|can't dial|not dial/i);
    expect(sim.dialled).toHaveLength(2);
  });

  it('pops one notification with the caller when the phone rings, and Answer connects the line', async () => {
    const sw = await ext.worker();
    const line = sim.ring('+74957654321', 'Ivan Petrov', 2);
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.id.startsWith('ring:')), 'the ring notification');
    expect(ring.message).toContain('+74957654321');
    expect(ring.message).toContain('Ivan Petrov');
    expect(ring.buttons).toEqual(['Answer', 'Reject']);
    expect(await openIds(sw)).toContain(ring.id);
    await sw.evaluate((id) => {
      const onButtonClicked = chrome.notifications.onButtonClicked as unknown as { dispatch(id: string, index: number): void };
      onButtonClicked.dispatch(id, 0);
    }, ring.id);
    await sim.waitFor(() => sim.lines()[line - 1]?.state === 'connected');
    // Answered: the ring notification has done its job.
    await eventually(async () => !(await openIds(sw)).includes(ring.id), 'the notification to clear after answering');
    expect((await shown(sw)).filter((n) => n.id.startsWith('ring:'))).toHaveLength(1);
    sim.remoteHangup(line);
    await eventually(async () => (await callBook(sw))?.live.length === 0, 'the call to end');
  });

  it('clears the notification when the caller hangs up before an answer', async () => {
    const sw = await ext.worker();
    sim.ring('201', 'Gives up');
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('201')), 'the ring notification');
    expect(await openIds(sw)).toContain(ring.id);
    sim.remoteHangup();
    await eventually(async () => !(await openIds(sw)).includes(ring.id), 'the notification to disappear');
  });

  it('survives a restart of the background mid-call: no second notification, and the next call pops', async () => {
    let sw = await ext.worker();
    sim.ring('+79161234567', 'Before restart', 1);
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('+79161234567')), 'the first ring');

    // Stop the service worker as Chrome does when it is idle, then let a page wake it.
    await sw.evaluate(() => Object.assign(globalThis, { beforeRestart: true }));
    const restarted = await restartServiceWorker(ext, 'src/ui/popup/index.html');
    sw = restarted.worker;
    const page = restarted.page;
    expect(await sw.evaluate(() => 'beforeRestart' in globalThis)).toBe(false);

    const before = sim.requestCount('/cgi-bin/api-get_line_status');
    await sim.waitFor(() => sim.requestCount('/cgi-bin/api-get_line_status') >= before + 3, 10_000);
    expect((await shown(sw)).filter((n) => n.id.startsWith('ring:'))).toEqual([]);
    expect((await openIds(sw)).filter((id) => id.startsWith('ring:'))).toEqual([ring.id]);

    sim.remoteHangup(1);
    await eventually(async () => !(await openIds(sw)).includes(ring.id), 'the old ring to clear after the restart');
    sim.ring('+79169999999', 'After restart', 1);
    const next = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('+79169999999')), 'the next call to pop');
    expect(next.id).not.toBe(ring.id);
    sim.remoteHangup(1);
    await eventually(async () => (await callBook(sw))?.live.length === 0, 'the call to end');
    await page.close();
  });

  it('keys in the extension after a number once the call is answered, when the rules say so', async () => {
    const sw = await ext.worker();
    // Only the dialling rules change: the connection is not restarted for that.
    await sw.evaluate(async () => {
      const { settings } = await chrome.storage.local.get('settings');
      const s = settings as { dialRules?: Record<string, Record<string, unknown>> };
      await chrome.storage.local.set({ settings: { ...s, dialRules: { ...s.dialRules, grandstream: { ...(s.dialRules?.grandstream ?? {}), extension: 'dtmf' } } } });
    });
    const before = sim.dialled.length;
    await sw.evaluate(() =>
      (globalThis as unknown as { __ringside: { handleMenuClick(i: object): Promise<void> } }).__ringside.handleMenuClick({
        menuItemId: 'ringside-dial-selection',
        selectionText: '+7 (495) 222-33-44 доб. 305',
        editable: false,
      }),
    );
    expect((await sim.waitFor(() => sim.dialled[before])).number).toBe('84952223344');
    const note = await eventually(async () => (await shown(sw)).find((n) => n.title.includes('84952223344')), 'the dialling note');
    expect(note.message).toContain('305');
    expect(sim.dtmf).toEqual([]);
    sim.remoteAnswer();
    await sim.waitFor(() => sim.dtmf.length === 3 && sim.dtmf);
    expect(sim.dtmf.map((d) => d.key).join('')).toBe('305');
    sim.remoteHangup();
    await eventually(async () => (await callBook(sw))?.live.length === 0, 'the call to end');
  });

  it('dials from the popup and answers a ringing call with its button', async () => {
    const popup = await ext.openPage('src/ui/popup/index.html');
    await popup.waitForSelector('#status[data-state="online"]');
    await popup.fill('#dial-input', '8 (495) 765-43-21');
    await popup.click('#dial-button');
    await popup.waitForSelector('#dial-status');
    expect((await sim.waitFor(() => sim.dialled.find((d) => d.number === '84957654321'))).via).toBe('make_call');
    await popup.waitForSelector('#call[data-state="dialing"]');
    sim.remoteHangup();
    await popup.waitForSelector('#call', { state: 'detached' });

    const line = sim.ring('+74951230000', 'Popup caller', 3);
    await popup.waitForSelector('#call[data-state="ringing"]');
    expect(await popup.textContent('#call')).toContain('Popup caller');
    expect(await popup.$$eval('#call [data-action]', (b) => b.map((x) => x.getAttribute('data-action')))).toEqual(['answer', 'reject']);
    await popup.click('#call [data-action="answer"]');
    await sim.waitFor(() => sim.lines()[line - 1]?.state === 'connected');
    await popup.waitForSelector('#call[data-state="connected"]');
    await popup.click('#call [data-action="hangup"]');
    await sim.waitFor(() => sim.lines()[line - 1]?.state === 'idle');
    await popup.waitForSelector('#recent [data-ending="answered-here"]');
    await popup.close();
  });

  it('opens the call window from a click on the notification, where Reject works', async () => {
    const sw = await ext.worker();
    const line = sim.ring('+74950000001', 'Window caller', 1);
    const ring = await eventually(async () => (await shown(sw)).find((n) => n.message.includes('+74950000001')), 'the ring notification');
    const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('callwindow') });
    await sw.evaluate((id) => (chrome.notifications.onClicked as unknown as { dispatch(id: string): void }).dispatch(id), ring.id);
    const win = await opened;
    await win.waitForSelector('#call[data-state="ringing"]');
    await win.click('#call [data-action="reject"]');
    await sim.waitFor(() => sim.operations.find((o) => o.cmd === 'rejectcall' && o.ok));
    expect(sim.lines()[line - 1]?.state).toBe('idle');
    await eventually(async () => !(await openIds(sw)).includes(ring.id), 'the notification to clear after rejecting');
    await eventually(async () => (await callBook(sw))?.live.length === 0, 'the call to end');
  });

  it('shows the connection problem in the badge when the phone goes offline', async () => {
    const sw = await ext.worker();
    sim.setOffline(true);
    await eventually(async () => (await sw.evaluate(() => chrome.action.getBadgeText({}))) === '!', 'the problem badge');
    sim.setOffline(false);
    await eventually(async () => (await sw.evaluate(() => chrome.action.getBadgeText({}))) === '', 'the badge to clear');
  });
});
