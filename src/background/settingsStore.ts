import browser from 'webextension-polyfill';
import { readSettings, type Settings } from '../core/settings.ts';

export const SETTINGS_KEY = 'settings';

/** Reads settings, migrating or repairing what is stored and writing the result back. */
let lastWriteBack: string | undefined;

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const { settings, changed } = readSettings(stored);
  if (changed && stored !== undefined) {
    lastWriteBack = JSON.stringify(settings);
    await browser.storage.local.set({ [SETTINGS_KEY]: settings });
  }
  return settings;
}

/** True for the storage change that loadSettings' own write-back of migrated settings caused. */
export function isOwnWriteBack(newValue: unknown): boolean {
  return lastWriteBack !== undefined && JSON.stringify(newValue) === lastWriteBack;
}

/** True when two stored settings differ only in what does not affect the device connection. */
export function sameConnection(a: unknown, b: unknown): boolean {
  const connection = (value: unknown) => {
    const { settings } = readSettings(value);
    return JSON.stringify({ ...settings, pages: undefined, dialRules: undefined });
  };
  return connection(a) === connection(b);
}
