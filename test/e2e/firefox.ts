// Firefox ESR driven over WebDriver BiDi with puppeteer-core (toolchain.md §6): install the
// built add-on temporarily, and reach its pages with --remote-allow-system-access.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { resolve } from 'node:path';
import manifest from '../../manifest.json' with { type: 'json' };

export const FIREFOX_DIST = resolve(import.meta.dirname, '../../dist/firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = manifest.browser_specific_settings.gecko.id;
/** Pinned so the test knows the moz-extension:// origin in advance. */
export const ADDON_UUID = '6f3a8a47-2a0e-4a43-9d59-2f1b7c1d9e01';

export interface FirefoxWithAddon {
  readonly browser: Browser;
  readonly base: string;
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<FirefoxWithAddon> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: FIREFOX,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    },
  });
  await browser.installExtension(FIREFOX_DIST);
  const base = `moz-extension://${ADDON_UUID}/`;
  return {
    browser,
    base,
    async openPage(path: string) {
      const page = await browser.newPage();
      // The navigation event never arrives for moz-extension:// pages under BiDi; the page loads anyway.
      await page.goto(base + path, { timeout: 3000 }).catch(() => undefined);
      await page.waitForSelector('body *', { timeout: 10_000 });
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}
