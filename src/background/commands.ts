// What the user asks the phone to do, from any trusted place (context menu, popup, call window,
// notification buttons). Web pages cannot reach this: the message router accepts only the
// extension's own pages.
//
// A number to dial goes through the dialling rules of the active backend (settings.dialRules,
// src/core/phone/dialRules.ts) first: the phone is sent exactly the string the rules give, and
// the "Dialling …" notification shows that string.
import browser from 'webextension-polyfill';
import type { CallAction } from '../core/call.ts';
import { applyDialRules, dialStringForSelection, findNumbers, resolveRegion, type DialResult } from '../core/phone/dialRules.ts';
import type { FoundNumber } from '../core/phone/types.ts';
import { DEFAULT_SETTINGS, readSettings, type DialRules, type Settings } from '../core/settings.ts';
import { text, type LocalText } from '../core/text.ts';
import type { CommandResult } from '../drivers/contract.ts';
import type { Monitor } from './monitor.ts';
import { showNote } from './notifications.ts';
import { SETTINGS_KEY } from './settingsStore.ts';

export type DialOutcome = { ok: true; number: string } | { ok: false; error: LocalText };

/** The settings as stored, read only (the background writes repairs back when it starts). */
async function currentSettings(): Promise<Settings> {
  try {
    return readSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).settings;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** The dialling rules and the region numbers are read in, for the backend the settings choose. */
export function dialContext(settings: Settings, uiLanguage: string): { readonly rules: DialRules; readonly region: string } {
  const rules = settings.backend === 'none' ? DEFAULT_SETTINGS.dialRules.grandstream : settings.dialRules[settings.backend];
  return { rules, region: resolveRegion(settings.pages.region, uiLanguage) };
}

/** A selection, a typed number or a tel:/callto:/sip: link (context menu, popup). */
export async function dialFromUser(monitor: Monitor, input: string, notify: boolean): Promise<DialOutcome> {
  const { rules, region } = dialContext(await currentSettings(), browser.i18n.getUILanguage());
  return placeCall(monitor, dialStringForSelection(input, rules, region, findNumbers), notify);
}

/** A number detection found on a page (the content script's trusted click, relayed by the background). */
export async function dialFoundNumber(monitor: Monitor, found: FoundNumber, notify: boolean): Promise<DialOutcome> {
  const { rules, region } = dialContext(await currentSettings(), browser.i18n.getUILanguage());
  return placeCall(monitor, applyDialRules(found, rules, region), notify);
}

/** The notification text under "Dialling …": with the extension, what happens to it. */
export function diallingBody(plan: DialResult & { ok: true }): LocalText {
  // The driver cannot send tones (see placeCall for the ones that can): the user keys it in.
  if (plan.dtmf) return text('notifDiallingBodyExtDtmf', plan.dtmf);
  if (plan.extensionLeftOut) return text('notifDiallingBodyExtLeftOut', plan.extensionLeftOut);
  return text('notifDiallingBody');
}

async function placeCall(monitor: Monitor, plan: DialResult, notify: boolean): Promise<DialOutcome> {
  if (!plan.ok) {
    if (notify) await showNote(text('notifCannotDial'), plan.reason);
    return { ok: false, error: plan.reason };
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
  const result = await driver.dial(plan.dial);
  if (!result.ok) {
    if (notify) await showNote(text('notifDialFailed', plan.dial), result.error);
    return { ok: false, error: result.error };
  }
  const autoDtmf = plan.dtmf !== undefined && driver.capabilities.has('dtmf');
  if (autoDtmf) monitor.expectDtmf(plan.dtmf!);
  if (notify) await showNote(text('notifDialling', plan.dial), autoDtmf ? text('notifDiallingBodyExtAuto', plan.dtmf!) : diallingBody(plan));
  return { ok: true, number: plan.dial };
}

export async function actOnCall(monitor: Monitor, callId: string, action: CallAction): Promise<CommandResult> {
  const driver = monitor.activeDriver;
  if (!driver) return { ok: false, error: text('errNotSetUp') };
  if (!driver.capabilities.has(action)) return { ok: false, error: text('errNotSupported') };
  return driver[action](callId);
}
