// The Firefox end-to-end tests reach the background page's test hook (`__ringside`) from a page of
// the add-on (the options page) through `browser.runtime.getBackgroundPage()`. The callbacks below
// run in that page, not in Node: they may use only `browser` and their arguments.
import type { Page } from 'puppeteer-core';
import { eventually } from './chromium.ts';

/** One entry of the background's journal of notifications shown (and cleared). */
export interface ShownNotification {
  id: string;
  message: string;
  buttons: string[];
  clearedAt?: number;
}

/** The part of the WebExtension `browser` API an add-on page uses here. */
export interface FirefoxAddonBrowser {
  runtime: {
    getBackgroundPage(): Promise<{
      __ringside: { handleMenuClick(i: object): Promise<void>; shownNotifications: ShownNotification[] };
    }>;
  };
  storage: { session: { get(k: string): Promise<Record<string, { status: { state: string } } | undefined>> } };
}

declare const browser: FirefoxAddonBrowser;

/**
 * The background's journal of notifications. Headless Firefox has no notification server: a
 * notification closes as soon as it is shown, so notifications.getAll() is empty.
 */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => (await browser.runtime.getBackgroundPage()).__ringside.shownNotifications.map((n) => ({ ...n })));
}

/** Dials `selectionText` through the background's context-menu handler, as a click on "dial the selection". */
export function dialSelectionFromMenu(page: Page, selectionText: string): Promise<void> {
  return page.evaluate(async (text) => {
    const bg = await browser.runtime.getBackgroundPage();
    await bg.__ringside.handleMenuClick({ menuItemId: 'ringside-dial-selection', selectionText: text, editable: false });
  }, selectionText);
}

/** Waits until the background's call book says it is online. */
export async function backgroundOnline(page: Page): Promise<void> {
  await eventually(
    () => page.evaluate(async () => (await browser.storage.session.get('callBook')).callBook?.status.state === 'online'),
    'the background to go online',
  );
}

/**
 * The ids of Ringside's context-menu items that exist in the background. There is no read API
 * for menus: creating an item with an id that exists fails with "already exists".
 */
export function existingMenuItems(page: Page, ids: string[]): Promise<string[]> {
  return page.evaluate(async (wanted) => {
    const bg = (await browser.runtime.getBackgroundPage()) as unknown as {
      browser: { contextMenus: { create(p: object, cb: () => void): void; remove(id: string): Promise<void> }; runtime: { lastError?: { message: string } } };
    };
    const found: string[] = [];
    for (const id of wanted) {
      const error = await new Promise<string | undefined>((done) =>
        bg.browser.contextMenus.create({ id, title: 'probe', contexts: ['link'] }, () => done(bg.browser.runtime.lastError?.message)),
      );
      if (error?.includes('already exists')) found.push(id);
      else await bg.browser.contextMenus.remove(id);
    }
    return found;
  }, ids);
}
