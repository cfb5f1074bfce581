// The options form as typed (strings), its checks, and the settings it turns into. Pure, so
// every message a user can see under a field is unit-testable.
import { originPattern, parseDeviceAddress, type DeviceAddress } from '../../core/address.ts';
import {
  POLL_MAX_MS,
  POLL_MIN_MS,
  SETTINGS_VERSION,
  settingsSchema,
  type Backend,
  type Settings,
} from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';

export interface Draft {
  readonly backend: Backend;
  readonly address: string;
  readonly password: string;
  readonly account: string;
  /** Seconds, as typed ("1", "0.5", "1,5"). */
  readonly poll: string;
}

/** The checked fields, in the order they appear on the page (the first invalid one gets focus). */
export const CHECKED_FIELDS = ['address', 'account', 'poll'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];
export type FieldErrors = Partial<Record<CheckedField, LocalText>>;

export const ACCOUNT_MIN = 1;
export const ACCOUNT_MAX = 16;

export function draftFromSettings(settings: Settings): Draft {
  const gs = settings.grandstream;
  return {
    backend: settings.backend,
    address: gs.address,
    password: gs.password,
    account: String(gs.account),
    poll: String(gs.pollIntervalMs / 1000),
  };
}

function parseNumber(value: string): number | undefined {
  const cleaned = value.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

export function parseAccount(value: string): number | undefined {
  const n = parseNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= ACCOUNT_MIN && n <= ACCOUNT_MAX ? n : undefined;
}

export function parsePollMs(value: string): number | undefined {
  const n = parseNumber(value);
  if (n === undefined) return undefined;
  const ms = Math.round(n * 1000);
  return ms >= POLL_MIN_MS && ms <= POLL_MAX_MS ? ms : undefined;
}

/** Writes a number for a message ("0.5" in English, "0,5" in Russian). */
export type NumberFormatter = (value: number) => string;

/** The message under one field, or undefined when it is fine. */
export function checkField(field: CheckedField, draft: Draft, formatNumber: NumberFormatter = String): LocalText | undefined {
  switch (field) {
    case 'address': {
      const parsed = parseDeviceAddress(draft.address);
      return parsed.ok ? undefined : parsed.error;
    }
    case 'account':
      return parseAccount(draft.account) === undefined ? text('errAccountRange', formatNumber(ACCOUNT_MIN), formatNumber(ACCOUNT_MAX)) : undefined;
    case 'poll':
      return parsePollMs(draft.poll) === undefined ? text('errPollRange', formatNumber(POLL_MIN_MS / 1000), formatNumber(POLL_MAX_MS / 1000)) : undefined;
  }
}

export type DraftResult =
  | {
      readonly ok: true;
      readonly settings: Settings;
      /** The device to ask host access for; undefined when no backend is chosen. */
      readonly device: { readonly address: DeviceAddress; readonly pattern: string } | undefined;
    }
  | { readonly ok: false; readonly errors: FieldErrors; readonly first: CheckedField };

/**
 * Checks the whole form. With no backend chosen the hidden Grandstream fields are not checked
 * and the last saved Grandstream profile is kept, so switching off and on loses nothing.
 */
export function validateDraft(draft: Draft, saved: Settings, formatNumber: NumberFormatter = String): DraftResult {
  if (draft.backend === 'none') {
    return { ok: true, settings: settingsSchema.parse({ ...saved, version: SETTINGS_VERSION, backend: 'none' }), device: undefined };
  }
  const errors: FieldErrors = {};
  for (const field of CHECKED_FIELDS) {
    const error = checkField(field, draft, formatNumber);
    if (error) errors[field] = error;
  }
  const first = CHECKED_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };

  const parsed = parseDeviceAddress(draft.address);
  if (!parsed.ok) return { ok: false, errors: { address: parsed.error }, first: 'address' };
  const settings = settingsSchema.parse({
    version: SETTINGS_VERSION,
    backend: draft.backend,
    grandstream: {
      address: parsed.address.origin,
      password: draft.password,
      account: parseAccount(draft.account),
      pollIntervalMs: parsePollMs(draft.poll),
    },
  });
  return { ok: true, settings, device: { address: parsed.address, pattern: originPattern(parsed.address) } };
}
