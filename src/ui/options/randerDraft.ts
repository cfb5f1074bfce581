// The RanderWEB part of the options form as typed (strings), its checks, and the settings section
// it turns into. Pure, so every message a user can see under a field is unit-testable.
import type { DeviceAddress } from '../../core/address.ts';
import { randerSettingsSchema, type RanderSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { parseServerAddress, type ServerAddressResult } from './serverAddress.ts';

export interface RanderDraft {
  readonly address: string;
  readonly username: string;
  readonly password: string;
  readonly extension: string;
  readonly hub: string;
}

/** The checked fields by element id, in the order they appear on the page (the first invalid one gets focus). */
export const RANDER_FIELDS = ['rd-address', 'rd-username', 'rd-extension', 'rd-hub'] as const;
export type RanderField = (typeof RANDER_FIELDS)[number];

/** Which draft value each checked field shows. */
export const RANDER_FIELD_VALUE: Readonly<Record<RanderField, keyof RanderDraft>> = {
  'rd-address': 'address',
  'rd-username': 'username',
  'rd-extension': 'extension',
  'rd-hub': 'hub',
};

/** RanderWEB's default ListenPort (config.xml). */
export const RANDER_PORT = 5005;
/** The SignalR hub name unless the server uses another one. */
export const RANDER_HUB = randerSettingsSchema.parse({}).hub;

export function randerDraftFrom(settings: RanderSettings): RanderDraft {
  return {
    address: settings.address,
    username: settings.username,
    password: settings.password,
    extension: settings.extension,
    hub: settings.hub,
  };
}

/** "rander.local", "10.0.0.7:5005", "https://rander" → the origin of RanderWEB (5005 when no port is typed). */
export function parseRanderAddress(input: string): ServerAddressResult {
  return parseServerAddress(input, {
    defaultPort: RANDER_PORT,
    empty: text('randerErrAddressEmpty'),
    exampleIp: '10.0.0.7:5005',
    exampleName: 'rander.local',
  });
}

/**
 * Values that travel as URL path segments (driver A8): one that is empty or only dots would become
 * "parent directory", and a space is never part of an extension.
 */
function pathValueOk(value: string): boolean {
  return value !== '' && !/^\.+$/.test(value) && !/\s/.test(value);
}

/** An empty hub name means the usual one. */
export function normaliseHub(input: string): string | undefined {
  const hub = input.trim();
  if (hub === '') return RANDER_HUB;
  return /^[A-Za-z0-9_]+$/.test(hub) ? hub : undefined;
}

/** The message under one field, or undefined when it is fine. */
export function checkRanderField(field: RanderField, draft: RanderDraft): LocalText | undefined {
  switch (field) {
    case 'rd-address': {
      const parsed = parseRanderAddress(draft.address);
      return parsed.ok ? undefined : parsed.error;
    }
    case 'rd-username': {
      const username = draft.username.trim();
      if (!username) return text('randerErrUsernameEmpty');
      return /^\.+$/.test(username) ? text('randerErrUsernameDots') : undefined;
    }
    case 'rd-extension': {
      const extension = draft.extension.trim();
      if (!extension) return text('randerErrExtensionEmpty');
      return pathValueOk(extension) ? undefined : text('randerErrExtensionInvalid', extension);
    }
    case 'rd-hub':
      return normaliseHub(draft.hub) === undefined ? text('randerErrHub', RANDER_HUB) : undefined;
  }
}

export type RanderErrors = Partial<Record<RanderField, LocalText>>;

export type RanderDraftResult =
  | { readonly ok: true; readonly settings: RanderSettings; readonly address: DeviceAddress }
  | { readonly ok: false; readonly errors: RanderErrors; readonly first: RanderField };

/** Checks every RanderWEB field and, when all are fine, gives the settings section to store. */
export function validateRanderDraft(draft: RanderDraft): RanderDraftResult {
  const errors: RanderErrors = {};
  for (const field of RANDER_FIELDS) {
    const error = checkRanderField(field, draft);
    if (error) errors[field] = error;
  }
  const first = RANDER_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };

  const address = parseRanderAddress(draft.address);
  const hub = normaliseHub(draft.hub);
  if (!address.ok || hub === undefined) {
    return { ok: false, errors: { 'rd-address': text('randerErrAddressEmpty') }, first: 'rd-address' };
  }
  const settings = randerSettingsSchema.parse({
    address: address.address.origin,
    username: draft.username.trim(),
    password: draft.password,
    extension: draft.extension.trim(),
    hub,
  } satisfies RanderSettings);
  return { ok: true, settings, address: address.address };
}
