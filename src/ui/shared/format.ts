// Numbers, names and times as the user reads them.
import browser from 'webextension-polyfill';
import type { Call, Capability } from '../../core/call.ts';
import { t } from '../../platform/i18n.ts';

const CAPABILITIES: readonly Capability[] = ['dial', 'answer', 'reject', 'hangup', 'hold', 'resume', 'dtmf', 'transfer', 'monitor'];

/** The call book stores capabilities as plain strings; keep only the ones this build knows. */
export function toCapabilities(list: readonly string[]): ReadonlySet<Capability> {
  return new Set(CAPABILITIES.filter((c) => list.includes(c)));
}

/** The line to show in big letters: the caller's name when the phone knows one, else the number. */
export function partyTitle(call: Call): string {
  const { name, number } = call.remote;
  if (name && name !== number) return name;
  return number || t('unknownNumber');
}

/** The smaller line under the title: the number, when the title is a name. */
export function partySubtitle(call: Call): string | undefined {
  const { name, number } = call.remote;
  if (name && name !== number) return number || t('unknownNumber');
  return undefined;
}

/** 0:07, 12:45, 1:02:03 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

let language: string | undefined;
function uiLanguage(): string {
  language ??= browser.i18n.getUILanguage();
  return language;
}

/** A number as the UI language writes it: 0.5 / 0,5. */
export function formatNumber(value: number): string {
  try {
    return new Intl.NumberFormat(uiLanguage()).format(value);
  } catch {
    return String(value);
  }
}

/** "14:05" today, "3 Nov, 14:05" on another day. */
export function formatWhen(timestamp: number, now = Date.now()): string {
  const date = new Date(timestamp);
  const today = new Date(now);
  const sameDay = date.toDateString() === today.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(uiLanguage(), options).format(date);
  } catch {
    return date.toLocaleString();
  }
}
