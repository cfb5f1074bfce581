// The options form as typed: the backend chosen and, for each backend, its fields. Both
// backends' drafts are kept while the user switches between them, and saving one keeps the
// other's saved profile, so nothing typed or saved is lost by trying the other choice.
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

export interface Draft {
  readonly backend: Backend;
  readonly grandstream: GrandstreamDraft;
  readonly asterisk: AsteriskDraft;
}

/** A checked field, named by its element id; its message has the id "<field>-error". */
export type CheckedField = GrandstreamField | AsteriskField;
export type FieldErrors = Partial<Record<CheckedField, LocalText>>;

/** Writes a number for a message ("0.5" in English, "0,5" in Russian). */
export type NumberFormatter = (value: number) => string;

export function draftFromSettings(settings: Settings): Draft {
  return {
    backend: settings.backend,
    grandstream: grandstreamDraftFrom(settings.grandstream),
    asterisk: asteriskDraftFrom(settings.asterisk),
  };
}

function isGrandstreamField(field: CheckedField): field is GrandstreamField {
  return (GRANDSTREAM_FIELDS as readonly string[]).includes(field);
}

/** The message under one field, or undefined when it is fine. */
export function checkField(field: CheckedField, draft: Draft, formatNumber: NumberFormatter = String): LocalText | undefined {
  return isGrandstreamField(field)
    ? checkGrandstreamField(field, draft.grandstream, formatNumber)
    : checkAsteriskField(field, draft.asterisk, formatNumber);
}

/** What the user typed into a checked field. */
export function fieldValue(field: CheckedField, draft: Draft): string {
  return isGrandstreamField(field) ? draft.grandstream[field] : String(draft.asterisk[ASTERISK_FIELD_VALUE[field]]);
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
    case 'none':
      return undefined;
  }
}

export type DraftResult =
  | {
      readonly ok: true;
      readonly settings: Settings;
      /** The device or server to ask host access for; undefined when no backend is chosen. */
      readonly device: { readonly address: DeviceAddress; readonly pattern: string } | undefined;
    }
  | { readonly ok: false; readonly errors: FieldErrors; readonly first: CheckedField };

/**
 * Checks the fields of the backend chosen. The other backend's fields are not checked and its
 * last saved profile is kept; with no backend chosen both saved profiles are kept.
 */
export function validateDraft(draft: Draft, saved: Settings, formatNumber: NumberFormatter = String): DraftResult {
  const base = { ...saved, version: SETTINGS_VERSION };
  switch (draft.backend) {
    case 'none':
    // Oktell and RanderWEB have no form yet (issue 4): keep whatever is saved for them.
    case 'oktell':
    case 'rander':
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
  }
}
