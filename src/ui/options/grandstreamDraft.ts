// The Grandstream part of the options form as typed (strings), its checks, and the settings
// section it turns into. Pure, so every message a user can see under a field is unit-testable.
import { parseDeviceAddress, type DeviceAddress } from '../../core/address.ts';
import { grandstreamSettingsSchema, POLL_MAX_MS, POLL_MIN_MS, type GrandstreamSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';

export interface GrandstreamDraft {
  readonly address: string;
  readonly password: string;
  readonly account: string;
  /** Seconds, as typed ("1", "0.5", "1,5"). */
  readonly poll: string;
}

/** The checked fields by element id, in the order they appear on the page (the first invalid one gets focus). */
export const GRANDSTREAM_FIELDS = ['address', 'account', 'poll'] as const;
export type GrandstreamField = (typeof GRANDSTREAM_FIELDS)[number];

export const ACCOUNT_MIN = 1;
export const ACCOUNT_MAX = 16;

export function grandstreamDraftFrom(settings: GrandstreamSettings): GrandstreamDraft {
  return {
    address: settings.address,
    password: settings.password,
    account: String(settings.account),
    poll: String(settings.pollIntervalMs / 1000),
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

/** The message under one field, or undefined when it is fine. */
export function checkGrandstreamField(
  field: GrandstreamField,
  draft: GrandstreamDraft,
  formatNumber: (n: number) => string = String,
): LocalText | undefined {
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

export type GrandstreamErrors = Partial<Record<GrandstreamField, LocalText>>;

export type GrandstreamDraftResult =
  | { readonly ok: true; readonly settings: GrandstreamSettings; readonly address: DeviceAddress }
  | { readonly ok: false; readonly errors: GrandstreamErrors; readonly first: GrandstreamField };

/** Checks every Grandstream field and, when all are fine, gives the settings section to store. */
export function validateGrandstreamDraft(draft: GrandstreamDraft, formatNumber: (n: number) => string = String): GrandstreamDraftResult {
  const errors: GrandstreamErrors = {};
  for (const field of GRANDSTREAM_FIELDS) {
    const error = checkGrandstreamField(field, draft, formatNumber);
    if (error) errors[field] = error;
  }
  const first = GRANDSTREAM_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };

  const parsed = parseDeviceAddress(draft.address);
  if (!parsed.ok) return { ok: false, errors: { address: parsed.error }, first: 'address' };
  const settings = grandstreamSettingsSchema.parse({
    address: parsed.address.origin,
    password: draft.password,
    account: parseAccount(draft.account),
    pollIntervalMs: parsePollMs(draft.poll),
  });
  return { ok: true, settings, address: parsed.address };
}
