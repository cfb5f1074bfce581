// Renders LocalText with the browser's language (en or ru, public/_locales).
import browser from 'webextension-polyfill';
import type { LocalText } from '../core/text.ts';

export function t(key: string, subs?: readonly string[]): string {
  const message = browser.i18n.getMessage(key, subs ? [...subs] : undefined);
  return message || key;
}

export function render(value: LocalText): string {
  return t(value.key, value.subs);
}
