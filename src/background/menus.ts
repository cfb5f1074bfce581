// The context menu: "Dial “…”" on a selection, and on tel:/callto:/sip: links.
import browser from 'webextension-polyfill';
import { t } from '../platform/i18n.ts';

export const MENU_DIAL_SELECTION = 'ringside-dial-selection';
export const MENU_DIAL_LINK = 'ringside-dial-link';

/** Links the link item is offered on. Match patterns cannot name these schemes, so they are checked on click too. */
export const PHONE_LINK = /^(tel|callto|sips?|phone):/i;

export async function createMenus(): Promise<void> {
  // Menus persist across restarts in Chrome but not always in Firefox event pages: rebuild each start.
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_DIAL_SELECTION,
    title: t('menuDialSelection'), // "%s" is the selection, filled in by the browser
    contexts: ['selection'],
  });
  browser.contextMenus.create({
    id: MENU_DIAL_LINK,
    title: t('menuDialLink'),
    contexts: ['link'],
    targetUrlPatterns: ['tel:*', 'callto:*', 'sip:*', 'sips:*'],
  });
}

/** The text to dial for a menu click, or undefined when the click was not for us. */
export function numberFromMenuClick(info: { menuItemId: string | number; selectionText?: string; linkUrl?: string }): string | undefined {
  if (info.menuItemId === MENU_DIAL_SELECTION) return info.selectionText ?? '';
  if (info.menuItemId === MENU_DIAL_LINK && info.linkUrl && PHONE_LINK.test(info.linkUrl)) return info.linkUrl;
  return undefined;
}
