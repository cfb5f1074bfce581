// Numbers on pages in real Chromium (issue 5 §7): numbers become clickable, a trusted click dials
// the rule-applied string, rows an SPA adds later become clickable, and a page that clicks by
// script dials nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startGrandstreamSim, type GrandstreamSim } from '../sim/grandstream/server.ts';
import { eventually, launchWithExtension, type ExtensionBrowser } from './chromium.ts';
import { centreOfText, grandstreamSettings, serveFixtures } from './pageNumbers.ts';

let sim: GrandstreamSim;
let ext: ExtensionBrowser;
let pages: Awaited<ReturnType<typeof serveFixtures>>;

beforeAll(async () => {
  [sim, pages, ext] = await Promise.all([startGrandstreamSim({ password: 'admin' }), serveFixtures(), launchWithExtension()]);
  const sw = await ext.worker();
  await sw.evaluate((settings) => chrome.storage.local.set({ settings }), grandstreamSettings(sim.url));
  await eventually(
    () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { status: { state: string } } | undefined)?.status.state === 'online')),
    'the background to go online',
  );
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await sim?.close();
  await pages?.close();
});

async function open(path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`${pages.url}/${path}`);
  return page;
}

const marked = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.ringsideCount ?? 0));

async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const point = await page.evaluate(centreOfText, [selector, text] as const);
  expect(point, `${text} is on the page`).not.toBeNull();
  await page.mouse.click(point!.x, point!.y);
}

describe('numbers on pages in Chromium', () => {
  it('marks the numbers a person would click, and none inside code, fields, editors or opt-outs', async () => {
    const page = await open('numbers.html');
    const expected = await page.evaluate(() => document.querySelectorAll('[data-expect]').length);
    await eventually(async () => (await marked(page)) >= expected, 'the numbers to be marked');
    const numbers = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('ringside:numbers', (e) => resolve((e as CustomEvent<string>).detail), { once: true });
          document.dispatchEvent(new CustomEvent('ringside:query'));
        }),
    );
    const list = JSON.parse(numbers) as { number: string }[];
    const wanted = await page.evaluate(() => [...document.querySelectorAll('[data-expect]')].map((e) => e.getAttribute('data-expect')));
    expect(list.map((n) => n.number).sort()).toEqual([...wanted].sort());
    await page.close();
  });

  it('dials a clicked number with the dialling rules applied (outside prefix 9, +7 → 8)', async () => {
    const page = await open('numbers.html');
    await eventually(async () => (await marked(page)) > 0, 'the numbers to be marked');
    await clickText(page, '#office', '+7 (495) 123-45-67');
    expect((await sim.waitFor(() => sim.dialled.at(-1))).number).toBe('984951234567');
    sim.remoteHangup();
    // A number split across <b> and <span> is one number.
    await clickText(page, '#split', '+7 (495) 765-43-21');
    await sim.waitFor(() => sim.dialled.find((d) => d.number === '984957654321'));
    sim.remoteHangup();
    await page.close();
  });

  it('dials a tel: link through Ringside instead of the system handler', async () => {
    const page = await open('numbers.html');
    await eventually(async () => (await marked(page)) > 0, 'the content script to start');
    const before = sim.dialled.length;
    await clickText(page, '#tel-link', '111-22-33');
    const dial = await sim.waitFor(() => sim.dialled[before]);
    expect(dial.number).toBe('984951112233');
    expect(page.url()).toContain('numbers.html');
    sim.remoteHangup();
    await page.close();
  });

  it('makes rows a single-page app adds later clickable', async () => {
    const page = await open('spa.html?rows=20&delay=200');
    await page.waitForSelector('body[data-rows-added]');
    await eventually(async () => (await marked(page)) >= 20, 'the added rows to be marked');
    await clickText(page, '#rows tr:nth-child(7)', '+7 916 000-00-06');
    await sim.waitFor(() => sim.dialled.find((d) => d.number === '989160000006'));
    sim.remoteHangup();
    await page.close();
  });

  it('dials nothing when the page itself clicks a number or a tel: link', async () => {
    const before = sim.dialled.length;
    const page = await open('synthetic.html');
    // Two rounds of element.click() and dispatched mouse events, the second after the marking.
    await page.waitForSelector('body[data-tried="2"]', { timeout: 10_000 });
    await page.evaluate(() => (window as unknown as { clickEverything(): void }).clickEverything());
    // Then one real click on the tel: link: the first dial the phone receives must be that one
    // (a page-made dial of the number would have arrived first).
    await clickText(page, '#tel-link', '765-43-21');
    const first = await sim.waitFor(() => sim.dialled[before]);
    expect(first.number).toBe('984957654321');
    expect(sim.dialled.slice(before).map((d) => d.number)).toEqual(['984957654321']);
    sim.remoteHangup();
    await page.close();
  });
});
