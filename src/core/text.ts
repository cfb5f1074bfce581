// A sentence for the user, kept as a message key plus substitutions so that core code and
// drivers stay free of browser APIs; the UI renders it with browser.i18n (en, ru).
// Keys are the names in public/_locales/*/messages.json.
import { z } from 'zod';

export interface LocalText {
  readonly key: string;
  readonly subs?: readonly string[];
}

export const localTextSchema = z.object({ key: z.string().max(100), subs: z.array(z.string()).readonly().optional() });

export function text(key: string, ...subs: (string | number)[]): LocalText {
  return subs.length ? { key, subs: subs.map(String) } : { key };
}

/** Renders a LocalText with a messages.json-shaped catalog (used by tests and by the demo). */
export function renderText(
  catalog: Record<string, { message: string }>,
  value: LocalText,
): string {
  const entry = catalog[value.key];
  if (!entry) return value.key;
  return entry.message.replace(/\$(\d)/g, (_, n: string) => value.subs?.[Number(n) - 1] ?? '');
}
