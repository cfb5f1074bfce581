// Country names for the region select, in the UI language (Intl.DisplayNames, no locale keys).
import browser from 'webextension-polyfill';
import { regionPlan } from '../../core/phone/dialRules.ts';

let names: Intl.DisplayNames | undefined | null;

function displayNames(): Intl.DisplayNames | undefined {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([browser.i18n.getUILanguage(), 'en'], { type: 'region' });
    } catch {
      names = null;
    }
  }
  return names ?? undefined;
}

/** "Russia", "Россия"; the code itself when the browser has no name for it. */
export function regionName(region: string): string {
  try {
    return displayNames()?.of(region) ?? region;
  } catch {
    return region;
  }
}

/** "Russia (+7)". */
export function regionLabel(region: string): string {
  const plan = regionPlan(region);
  return plan ? `${regionName(region)} (+${plan.cc})` : regionName(region);
}
