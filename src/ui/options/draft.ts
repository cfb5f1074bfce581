// The options form as typed: the backend chosen and, for each backend, its fields. Every
// backend's draft is kept while the user switches between them, and saving one keeps the
// others' saved profiles, so nothing typed or saved is lost by trying another choice.
import { originPattern, parseDeviceAddress, type DeviceAddress } from '../../core/address.ts';
import { SETTINGS_VERSION, settingsSchema, type Backend, type Settings } from '../../core/settings.ts';
import type { LocalText } from '../../core/text.ts';
import {
  ASTERISK_FIELD_VALUE,
  asteriskDraftFrom,
  checkAsteriskField,
  parseAsteriskAddress,
  validateAsteriskDraft,
  type AsteriskDraft,
  type AsteriskField,
} from './asteriskDraft.ts';
import {
  checkGrandstreamField,
  GRANDSTREAM_FIELDS,
  grandstreamDraftFrom,
  validateGrandstreamDraft,
  type GrandstreamDraft,
  type GrandstreamField,
} from './grandstreamDraft.ts';
import {
  checkOktellField,
  OKTELL_FIELD_VALUE,
  OKTELL_FIELDS,
  oktellDraftFrom,
  parseOktellAddress,
  validateOktellDraft,
  type OktellDraft,
  type OktellField,
} from './oktellDraft.ts';
import {
  checkNumbersField,
  isNumbersField,
  numbersDraftFrom,
  numbersFieldValue,
  validateNumbersDraft,
  type NumbersDraft,
  type NumbersField,
} from './numbersDraft.ts';
import {
  checkRanderField,
  parseRanderAddress,
  RANDER_FIELD_VALUE,
  RANDER_FIELDS,
  randerDraftFrom,
  validateRanderDraft,
  type RanderDraft,
  type RanderField,
} from './randerDraft.ts';

export interface Draft {
  readonly backend: Backend;
  readonly grandstream: GrandstreamDraft;
  readonly asterisk: AsteriskDraft;
  readonly oktell: OktellDraft;
  readonly rander: RanderDraft;
  /** Dialling rules of every backend profile and the settings for numbers on web pages. */
  readonly numbers: NumbersDraft;
}

/** A checked field, named by its element id; its message has the id "<field>-error". */
export type CheckedField = GrandstreamField | AsteriskField | OktellField | RanderField | NumbersField;
export type FieldErrors = Partial<Record<CheckedField, LocalText>>;

/** Writes a number for a message ("0.5" in English, "0,5" in Russian). */
export type NumberFormatter = (value: number) => string;

export function draftFromSettings(settings: Settings): Draft {
  return {
    backend: settings.backend,
    grandstream: grandstreamDraftFrom(settings.grandstream),
    asterisk: asteriskDraftFrom(settings.asterisk),
    oktell: oktellDraftFrom(settings.oktell),
    rander: randerDraftFrom(settings.rander),
    numbers: numbersDraftFrom(settings.dialRules, settings.pages),
  };
}

function isGrandstreamField(field: CheckedField): field is GrandstreamField {
  return (GRANDSTREAM_FIELDS as readonly string[]).includes(field);
}

function isOktellField(field: CheckedField): field is OktellField {
  return (OKTELL_FIELDS as readonly string[]).includes(field);
}

function isRanderField(field: CheckedField): field is RanderField {
  return (RANDER_FIELDS as readonly string[]).includes(field);
}

/** The message under one field, or undefined when it is fine. */
export function checkField(field: CheckedField, draft: Draft, formatNumber: NumberFormatter = String): LocalText | undefined {
  if (isNumbersField(field)) return checkNumbersField(field, draft.numbers, draft.backend);
  if (isGrandstreamField(field)) return checkGrandstreamField(field, draft.grandstream, formatNumber);
  if (isOktellField(field)) return checkOktellField(field, draft.oktell);
  if (isRanderField(field)) return checkRanderField(field, draft.rander);
  return checkAsteriskField(field, draft.asterisk, formatNumber);
}

/** What the user typed into a checked field. */
export function fieldValue(field: CheckedField, draft: Draft): string {
  if (isNumbersField(field)) return numbersFieldValue(field, draft.numbers, draft.backend);
  if (isGrandstreamField(field)) return draft.grandstream[field];
  if (isOktellField(field)) return String(draft.oktell[OKTELL_FIELD_VALUE[field]]);
  if (isRanderField(field)) return String(draft.rander[RANDER_FIELD_VALUE[field]]);
  return String(draft.asterisk[ASTERISK_FIELD_VALUE[field]]);
}

/** The address Ringside needs host access to for what is typed now, if it is valid. */
export function draftAddress(draft: Draft): DeviceAddress | undefined {
  switch (draft.backend) {
    case 'grandstream': {
      const parsed = parseDeviceAddress(draft.grandstream.address);
      return parsed.ok ? parsed.address : undefined;
    }
    case 'asterisk': {
      const parsed = parseAsteriskAddress(draft.asterisk.address);
      return parsed.ok ? parsed.address : undefined;
    }
    case 'oktell': {
      // Empty is fine when dialling through the Oktell client only (127.0.0.1 is always allowed).
      if (draft.oktell.address.trim() === '') return undefined;
      const parsed = parseOktellAddress(draft.oktell.address);
      return parsed.ok ? parsed.address : undefined;
    }
    case 'rander': {
      const parsed = parseRanderAddress(draft.rander.address);
      return parsed.ok ? parsed.address : undefined;
    }
    case 'none':
      return undefined;
  }
}

export type DraftResult =
  | {
      readonly ok: true;
      readonly settings: Settings;
      /** The device or server to ask host access for; undefined when none is needed (no backend, or the Oktell client only). */
      readonly device: { readonly address: DeviceAddress; readonly pattern: string } | undefined;
    }
  | { readonly ok: false; readonly errors: FieldErrors; readonly first: CheckedField };

/**
 * Checks the fields of the backend chosen. The other backends' fields are not checked and their
 * last saved profiles are kept; with no backend chosen every saved profile is kept.
 */
export function validateDraft(draft: Draft, saved: Settings, formatNumber: NumberFormatter = String): DraftResult {
  // The numbers section comes after the backend's fields on the page: both are checked so that
  // every message shows at once, and the first invalid field in page order gets focus.
  const numbers = validateNumbersDraft(draft.numbers, draft.backend);
  const base: Settings = numbers.ok
    ? {
        ...saved,
        pages: numbers.pages,
        dialRules: draft.backend === 'none' || !numbers.rules ? saved.dialRules : { ...saved.dialRules, [draft.backend]: numbers.rules },
      }
    : saved;
  const result = validateBackend(draft, base, formatNumber);
  if (numbers.ok) return result;
  if (result.ok) return { ok: false, errors: numbers.errors, first: numbers.first };
  return { ok: false, errors: { ...result.errors, ...numbers.errors }, first: result.first };
}

function validateBackend(draft: Draft, saved: Settings, formatNumber: NumberFormatter): DraftResult {
  const base = { ...saved, version: SETTINGS_VERSION };
  switch (draft.backend) {
    case 'none':
      return { ok: true, settings: settingsSchema.parse({ ...base, backend: draft.backend }), device: undefined };
    case 'grandstream': {
      const result = validateGrandstreamDraft(draft.grandstream, formatNumber);
      if (!result.ok) return result;
      return {
        ok: true,
        settings: settingsSchema.parse({ ...base, backend: 'grandstream', grandstream: result.settings }),
        device: { address: result.address, pattern: originPattern(result.address) },
      };
    }
    case 'asterisk': {
      const result = validateAsteriskDraft(draft.asterisk, formatNumber);
      if (!result.ok) return result;
      return {
        ok: true,
        settings: settingsSchema.parse({ ...base, backend: 'asterisk', asterisk: result.settings }),
        device: { address: result.address, pattern: originPattern(result.address) },
      };
    }
    case 'oktell': {
      const result = validateOktellDraft(draft.oktell);
      if (!result.ok) return result;
      return {
        ok: true,
        settings: settingsSchema.parse({ ...base, backend: 'oktell', oktell: result.settings }),
        // The server's origin covers its Web-API and WebSocket ports; the desktop client on
        // 127.0.0.1 is granted by the manifest.
        device: result.address ? { address: result.address, pattern: originPattern(result.address) } : undefined,
      };
    }
    case 'rander': {
      const result = validateRanderDraft(draft.rander);
      if (!result.ok) return result;
      return {
        ok: true,
        settings: settingsSchema.parse({ ...base, backend: 'rander', rander: result.settings }),
        device: { address: result.address, pattern: originPattern(result.address) },
      };
    }
  }
}
