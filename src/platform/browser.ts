// Every difference between Chrome and Firefox that Ringside cares about, in one place
// (DESIGN.md "Style to follow", after Dark Reader).
import browser from 'webextension-polyfill';

/** runtime.getBrowserInfo exists only in Firefox. */
export const isFirefox: boolean = typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function';

/**
 * Chrome shows up to two buttons on a notification and keeps it until the user acts when asked
 * to; Firefox rejects both options outright, so its notification is plain and a click on it
 * opens the call window instead.
 */
export const notificationButtons: boolean = !isFirefox;

/**
 * Firefox ends an idle event page ~30 s after the last extension event even while fetches run;
 * an alarm every 0.4 min keeps it (toolchain.md §5). Chrome's worker stays alive while the poll
 * loop fetches; its alarm is only a watchdog that restarts the loop if the worker was stopped.
 * Packed Chrome extensions get at most one alarm per 30 s.
 */
export const keepAlivePeriodMinutes: number = isFirefox ? 0.4 : 0.5;

/** Opens the small call window: a popup-type window in both browsers. */
export async function openCallWindow(callId: string | undefined): Promise<void> {
  const url = browser.runtime.getURL(`src/ui/callwindow/index.html${callId ? `?call=${encodeURIComponent(callId)}` : ''}`);
  const existing = await browser.windows.getAll({ populate: true, windowTypes: ['popup'] });
  const mine = existing.find((w) => w.tabs?.some((t) => t.url?.startsWith(browser.runtime.getURL('src/ui/callwindow/'))));
  if (mine?.id !== undefined) {
    const tab = mine.tabs?.[0];
    if (tab?.id !== undefined) await browser.tabs.update(tab.id, { url });
    await browser.windows.update(mine.id, { focused: true });
    return;
  }
  await browser.windows.create({ url, type: 'popup', width: 380, height: 320, focused: true });
}
