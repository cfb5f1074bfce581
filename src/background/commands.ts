// What the user asks the phone to do, from any trusted place (context menu, popup, call window,
// notification buttons). Web pages cannot reach this: the message router accepts only the
// extension's own pages.
import browser from 'webextension-polyfill';
import type { CallAction } from '../core/call.ts';
import { cleanNumberForDial } from '../core/numbers.ts';
import { text, type LocalText } from '../core/text.ts';
import type { CommandResult } from '../drivers/contract.ts';
import type { Monitor } from './monitor.ts';
import { showNote } from './notifications.ts';

export type DialOutcome = { ok: true; number: string } | { ok: false; error: LocalText };

export async function dialFromUser(monitor: Monitor, input: string, notify: boolean): Promise<DialOutcome> {
  const cleaned = cleanNumberForDial(input);
  if (!cleaned.ok) {
    if (notify) await showNote(text('notifCannotDial'), cleaned.reason);
    return { ok: false, error: cleaned.reason };
  }
  const driver = monitor.activeDriver;
  if (!driver) {
    // Set up but not connected (refused password, no permission…): say that, not "not set up".
    const error = (await monitor.problem()) ?? text('errNotSetUp');
    if (notify) {
      await showNote(text('notifCannotDial'), error);
      await browser.runtime.openOptionsPage();
    }
    return { ok: false, error };
  }
  const result = await driver.dial(cleaned.number);
  if (!result.ok) {
    if (notify) await showNote(text('notifDialFailed', cleaned.number), result.error);
    return { ok: false, error: result.error };
  }
  if (notify) await showNote(text('notifDialling', cleaned.number), text('notifDiallingBody'));
  return { ok: true, number: cleaned.number };
}

export async function actOnCall(monitor: Monitor, callId: string, action: CallAction): Promise<CommandResult> {
  const driver = monitor.activeDriver;
  if (!driver) return { ok: false, error: text('errNotSetUp') };
  if (!driver.capabilities.has(action)) return { ok: false, error: text('errNotSupported') };
  return driver[action](callId);
}
