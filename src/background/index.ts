// The background: a thin map of event handlers around the Monitor (DESIGN.md "Shape of the code").
// Every listener is registered synchronously at the top level so that an event that wakes a
// stopped worker or event page is delivered.
import browser from 'webextension-polyfill';
import { isOwnContentScript, pageRequestSchema, requestSchema, type Response } from '../core/messages.ts';
import { classifyDialable } from '../core/phone/dialString.ts';
import { settingsSchema } from '../core/settings.ts';
import { text } from '../core/text.ts';
import { createDriver, defaultIO } from '../drivers/index.ts';
import { keepAlivePeriodMinutes, openCallWindow } from '../platform/browser.ts';
import { actOnCall, dialContext, dialFoundNumber, dialFromUser } from './commands.ts';
import { createMenus, numberFromMenuClick } from './menus.ts';
import { log, Monitor } from './monitor.ts';
import { callIdOfNotification, ringButtons, shownNotifications } from './notifications.ts';
import { isOwnWriteBack, loadSettings, sameConnection, SETTINGS_KEY } from './settingsStore.ts';

const KEEPALIVE_ALARM = 'ringside-keepalive';
const monitor = new Monitor();

async function start(byUser: boolean): Promise<void> {
  const settings = await loadSettings();
  await monitor.restart(settings, byUser);
}

// The background was (re)started: resume watching at once.
const booted = start(false).catch((e) => log(`start failed: ${String(e)}`));
void createMenus().catch((e) => log(`menus: ${String(e)}`));
void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: keepAlivePeriodMinutes });

browser.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name !== KEEPALIVE_ALARM) return;
  await booted;
  // Watchdog: start the loop if this instance never did, or if it died of an error (a refused
  // password ends it without an error and is left alone).
  if (!monitor.hasStarted || monitor.hasCrashed) await start(false);
});

browser.runtime.onInstalled.addListener(async (details) => {
  if (details.reason === 'install') await browser.runtime.openOptionsPage();
});

browser.storage.onChanged.addListener((changes, area) => {
  if (!(area === 'local' && SETTINGS_KEY in changes)) return;
  // The background's own write-back of migrated settings is no user action: it must not retry
  // a password the device already refused.
  const { oldValue, newValue } = changes[SETTINGS_KEY] ?? {};
  // Settings for pages (site switches, dialling rules) do not touch the connection.
  if (oldValue !== undefined && sameConnection(oldValue, newValue)) return;
  void start(!isOwnWriteBack(newValue));
});

browser.permissions.onAdded.addListener(() => void start(true));
browser.permissions.onRemoved.addListener(() => void start(true));

async function handleMenuClick(info: browser.Menus.OnClickData): Promise<void> {
  const input = numberFromMenuClick(info);
  if (input === undefined) return;
  await booted;
  await dialFromUser(monitor, input, true);
}
browser.contextMenus.onClicked.addListener((info) => void handleMenuClick(info));

browser.notifications.onButtonClicked.addListener(async (notificationId, buttonIndex) => {
  const callId = callIdOfNotification(notificationId);
  if (!callId) return;
  await booted;
  const driver = monitor.activeDriver;
  const action = driver ? ringButtons(driver.capabilities)[buttonIndex] : undefined;
  if (!action) return;
  const result = await actOnCall(monitor, callId, action);
  if (!result.ok) log(`${action} failed`);
});

browser.notifications.onClicked.addListener(async (notificationId) => {
  const callId = callIdOfNotification(notificationId);
  if (callId) await openCallWindow(callId);
});

// Ringside's content script (issue 5) may ask for one thing only: to dial a number the user
// clicked (it checked event.isTrusted). Everything else from a web page's tab is refused below.
async function handlePageMessage(message: unknown): Promise<Response> {
  const parsed = pageRequestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: text('errForbidden') };
  await booted;
  const { number, extension, raw } = parsed.data;
  const { region } = dialContext(await loadSettings(), browser.i18n.getUILanguage());
  return dialFoundNumber(monitor, { ...classifyDialable(number, region, extension), raw }, true);
}

async function handleMessage(message: unknown, sender: browser.Runtime.MessageSender): Promise<Response> {
  if (isOwnContentScript(sender, browser.runtime.id)) return handlePageMessage(message);
  // Only the extension's own pages may command the phone; content scripts and web pages never.
  const ownPage = sender.id === browser.runtime.id && !sender.tab?.url?.match(/^https?:/) && sender.url?.startsWith(browser.runtime.getURL(''));
  if (!ownPage) return { ok: false, error: text('errForbidden') };
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: text('errBadMessage') };
  const request = parsed.data;
  await booted;
  switch (request.type) {
    case 'dial':
      return dialFromUser(monitor, request.number, false);
    case 'call-action':
      return actOnCall(monitor, request.callId, request.action);
    case 'wake':
      return { ok: true };
    case 'reconnect':
      await start(true);
      return { ok: true };
    case 'diagnose': {
      const settings = settingsSchema.parse(request.settings);
      const driver = createDriver(settings, { io: defaultIO(log) });
      if (!driver) return { ok: false, error: text('errNotSetUp') };
      const diagnosis = await driver.diagnose();
      return { ok: true, diagnosis: { outcome: diagnosis.outcome, messages: [...diagnosis.messages] } };
    }
  }
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  handleMessage(message, sender).catch((e): Response => {
    log(`message failed: ${String(e)}`);
    return { ok: false, error: text('errInternal', String(e)) };
  }),
);

// For the end-to-end tests and the scripted demo: Firefox has no contextMenus.onClicked.dispatch
// (toolchain.md §6), so they call the same handler through the background's global scope, which
// only the extension's own pages can reach.
Object.assign(globalThis, {
  __ringside: {
    handleMenuClick: (info: browser.Menus.OnClickData) => handleMenuClick(info),
    restart: () => start(true),
    shownNotifications,
  },
});
