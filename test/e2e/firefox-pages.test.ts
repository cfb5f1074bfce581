// Numbers on pages in Firefox ESR (issue 5 §7): marked, a trusted click dials the rule-applied
// string, rows added later are clickable, and the page's own clicks dial nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startGrandstreamSim, type GrandstreamSim } from '../sim/grandstream/server.ts';
import { eventually } from './chromium.ts';
import { launchFirefox, type FirefoxWithAddon } from './firefox.ts';
import { backgroundOnline } from './firefoxHook.ts';
import { centreOfText, grandstreamSettings, serveFixtures } from './pageNumbers.ts';

let sim: GrandstreamSim;
let ff: FirefoxWithAddon;
let pages: Awaited<ReturnType<typeof serveFixtures>>;

declare const browser: { storage: { local: { set(v: object): Promise<void> } } };

beforeAll(async () => {
  [sim, pages, ff] = await Promise.all([startGrandstreamSim({ password: 'admin' }), serveFixtures(), launchFirefox()]);
  const options = await ff.openPage('src/ui/options/index.html');
  await options.evaluate((settings) => browser.storage.local.set({ settings }), grandstreamSettings(sim.url));
  await backgroundOnline(options);
}, 60_000);

afterAll(async () => {
  await ff?.close();
  await sim?.close();
  await pages?.close();
});

async function open(path: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(`${pages.url}/${path}`);
  return page;
}

const marked = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.ringsideCount ?? 0));

async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const point = await page.evaluate(centreOfText, [selector, text] as const);
  expect(point, `${text} is on the page`).not.toBeNull();
  await page.mouse.click(point!.x, point!.y);
}

describe('numbers on pages in Firefox', () => {
  it('marks numbers and dials a clicked one with the dialling rules applied', async () => {
    const page = await open('numbers.html');
    const expected = await page.evaluate(() => document.querySelectorAll('[data-expect]').length);
    await eventually(async () => (await marked(page)) >= expected, 'the numbers to be marked');
    await clickText(page, '#office', '+7 (495) 123-45-67');
    expect((await sim.waitFor(() => sim.dialled.at(-1))).number).toBe('984951234567');
    sim.remoteHangup();
    await page.close();
  });

  it('makes rows added later clickable', async () => {
    const page = await open('spa.html?rows=10&delay=200');
    await page.waitForSelector('body[data-rows-added]');
    await eventually(async () => (await marked(page)) >= 10, 'the added rows to be marked');
    await clickText(page, '#rows tr:nth-child(4)', '+7 916 000-00-03');
    await sim.waitFor(() => sim.dialled.find((d) => d.number === '989160000003'));
    sim.remoteHangup();
    await page.close();
  });

  it('dials nothing when the page clicks by script, and a real click on a tel: link dials it', async () => {
    const before = sim.dialled.length;
    const page = await open('synthetic.html');
    await page.waitForSelector('body[data-tried="2"]', { timeout: 10_000 });
    await clickText(page, '#tel-link', '765-43-21');
    await sim.waitFor(() => sim.dialled[before]);
    expect(sim.dialled.slice(before).map((d) => d.number)).toEqual(['984957654321']);
    sim.remoteHangup();
    await page.close();
  });
});
