// Launches Debian's Chromium with the built extension (toolchain.md §3). No outside network:
// the background-networking flags keep Chromium from calling home.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROME_DIST = resolve(import.meta.dirname, '../../dist/chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  worker(): Promise<Worker>;
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchWithExtension(options: { headless?: boolean; lang?: string } = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ringside-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    headless: options.headless ?? true,
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${CHROME_DIST}`, `--load-extension=${CHROME_DIST}`, `--lang=${options.lang ?? 'en-US'}`],
    locale: options.lang ?? 'en-US',
  });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(first.url()).host;
  // A fresh install opens the options page by itself (runtime.onInstalled). Wait for it and close
  // it, or it would race with a test opening the same page: Chrome reuses an options tab.
  const isOptions = (p: Page) => p.url().startsWith(`chrome-extension://${extensionId}/src/ui/options/`);
  const welcome = await eventually(async () => context.pages().find(isOptions), 'the options page opened on install', 15_000);
  await welcome.close();
  return {
    context,
    extensionId,
    async worker() {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      return live ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
    },
    async openPage(path: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits for a condition that only the browser can tell, checking every 50 ms up to a deadline. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

type VersionInfo = { versionId: string; scriptURL: string; runningStatus: string };

/**
 * Stops the extension's service worker the way Chrome does when it is idle (DevTools'
 * "stop" — CDP ServiceWorker.stopWorker), then opens `wakePage`, whose "wake" message starts a
 * fresh worker. Resolves with that worker; its globals are new (checked by the caller).
 */
export async function restartServiceWorker(ext: ExtensionBrowser, wakePage: string): Promise<{ worker: Worker; page: Page }> {
  const probe = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(probe);
  const script = `chrome-extension://${ext.extensionId}/`;
  const updates: VersionInfo[] = [];
  let notify = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated' as never, (event: { versions: VersionInfo[] }) => {
    updates.push(...event.versions.filter((v) => v.scriptURL.startsWith(script)));
    notify();
  });
  const waitFor = (status: string, after: number) =>
    new Promise<VersionInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`service worker never became ${status}`)), 10_000);
      notify = () => {
        const hit = updates.slice(after).find((v) => v.runningStatus === status);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        }
      };
      notify();
    });
  await cdp.send('ServiceWorker.enable' as never);
  const running = await waitFor('running', 0);
  const mark = updates.length;
  await cdp.send('ServiceWorker.stopWorker' as never, { versionId: running.versionId } as never);
  await waitFor('stopped', mark);
  const restartedFrom = updates.length;
  const page = await ext.openPage(wakePage);
  await waitFor('running', restartedFrom);
  await cdp.detach();
  await probe.close();
  return { worker: await ext.worker(), page };
}

/** The ids among `ids` of context-menu items that exist (a duplicate create fails: there is no read API). */
export function existingMenuItems(worker: Worker, ids: string[]): Promise<string[]> {
  return worker.evaluate(async (wanted) => {
    const found: string[] = [];
    for (const id of wanted) {
      const error = await new Promise<string | undefined>((done) =>
        chrome.contextMenus.create({ id, title: 'probe', contexts: ['link'] }, () => done(chrome.runtime.lastError?.message)),
      );
      if (error?.includes('duplicate id')) found.push(id);
      else await chrome.contextMenus.remove(id);
    }
    return found;
  }, ids);
}
