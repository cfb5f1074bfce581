// Desktop notifications: one per ringing call (id "ring:<callId>"), plus short notes for dial
// results and problems. Chrome gets Answer / Reject buttons; Firefox a click that opens the
// call window (src/platform/browser.ts).
import browser from 'webextension-polyfill';
import type { Call, Capability } from '../core/call.ts';
import type { LocalText } from '../core/text.ts';
import { notificationButtons } from '../platform/browser.ts';
import { render, t } from '../platform/i18n.ts';

const RING_PREFIX = 'ring:';
export const NOTE_ID = 'ringside-note';

export function ringNotificationId(callId: string): string {
  return RING_PREFIX + callId;
}

export function callIdOfNotification(notificationId: string): string | undefined {
  return notificationId.startsWith(RING_PREFIX) ? notificationId.slice(RING_PREFIX.length) : undefined;
}

export interface ShownNotification {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly buttons: readonly string[];
  readonly at: number;
  /** When Ringside cleared it (answered, ended); unset while it should be on screen. */
  clearedAt?: number;
}

/**
 * What this instance of the background showed, newest last, in memory only. Chrome's
 * notifications.getAll returns ids but not contents, so the end-to-end tests and the scripted
 * demo read this to check what the user saw. Holds no secrets.
 */
export const shownNotifications: ShownNotification[] = [];

function remember(id: string, options: { title: string; message: string; buttons?: { title: string }[] }): void {
  shownNotifications.push({ id, title: options.title, message: options.message, buttons: (options.buttons ?? []).map((b) => b.title), at: Date.now() });
  if (shownNotifications.length > 50) shownNotifications.shift();
}

const icon = () => browser.runtime.getURL('icons/icon-128.png');

export function callerLine(call: Call): string {
  const number = call.remote.number || t('unknownNumber');
  return call.remote.name && call.remote.name !== call.remote.number ? `${call.remote.name} — ${number}` : number;
}

/** The buttons of a ring notification, in order; shared with the click handler. */
export function ringButtons(capabilities: ReadonlySet<Capability>): ('answer' | 'reject')[] {
  if (!notificationButtons) return [];
  return (['answer', 'reject'] as const).filter((a) => capabilities.has(a));
}

/** The small print under the caller: where to answer it. */
function ringContext(call: Call, capabilities: ReadonlySet<Capability>): string {
  if (!capabilities.has('answer')) return t('callAnswerOnPhone');
  if (!notificationButtons) return t('notifClickToAnswer');
  return /^\d+$/.test(call.line) ? t('notifLine', [call.line]) : '';
}

export async function showRing(call: Call, capabilities: ReadonlySet<Capability>): Promise<void> {
  const buttons = ringButtons(capabilities);
  const options: browser.Notifications.CreateNotificationOptions & Record<string, unknown> = {
    type: 'basic',
    iconUrl: icon(),
    title: t('notifIncomingTitle'),
    message: callerLine(call),
    contextMessage: ringContext(call, capabilities),
    priority: 2,
  };
  if (notificationButtons) {
    options.buttons = buttons.map((b) => ({ title: t(b === 'answer' ? 'actionAnswer' : 'actionReject') }));
    options.requireInteraction = true;
  }
  await browser.notifications.create(ringNotificationId(call.id), options);
  remember(ringNotificationId(call.id), options as { title: string; message: string; buttons?: { title: string }[] });
}

export async function clearRing(callId: string): Promise<void> {
  const id = ringNotificationId(callId);
  await browser.notifications.clear(id);
  for (const entry of shownNotifications) if (entry.id === id) entry.clearedAt ??= Date.now();
}

/** A one-off note: why a dial did not happen, that the phone is dialling, a lost connection. */
export async function showNote(title: LocalText, message: LocalText): Promise<void> {
  const options = { type: 'basic' as const, iconUrl: icon(), title: render(title), message: render(message) };
  await browser.notifications.create(NOTE_ID, options);
  remember(NOTE_ID, options);
}
