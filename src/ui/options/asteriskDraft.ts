// The Asterisk part of the options form as typed (strings), its checks, and the settings section
// it turns into. Pure, so every message a user can see under a field is unit-testable.
import { parseDeviceAddress, type DeviceAddress } from '../../core/address.ts';
import { asteriskSettingsSchema, autoAnswerSchema, type AsteriskSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';

export type AutoAnswer = AsteriskSettings['autoAnswer'];
export const AUTO_ANSWER_MODES: readonly AutoAnswer[] = autoAnswerSchema.options;

export interface AsteriskDraft {
  readonly address: string;
  readonly prefix: string;
  readonly username: string;
  readonly secret: string;
  readonly extension: string;
  readonly device: string;
  readonly context: string;
  readonly callerId: string;
  /** Seconds, as typed. */
  readonly ringTimeout: string;
  readonly autoAnswer: AutoAnswer;
}

/** The checked fields by element id, in the order they appear on the page (the first invalid one gets focus). */
export const ASTERISK_FIELDS = [
  'ast-address',
  'ast-prefix',
  'ast-username',
  'ast-secret',
  'ast-extension',
  'ast-device',
  'ast-context',
  'ast-ring-timeout',
] as const;
export type AsteriskField = (typeof ASTERISK_FIELDS)[number];

/** Which draft value each checked field shows. */
export const ASTERISK_FIELD_VALUE: Readonly<Record<AsteriskField, keyof AsteriskDraft>> = {
  'ast-address': 'address',
  'ast-prefix': 'prefix',
  'ast-username': 'username',
  'ast-secret': 'secret',
  'ast-extension': 'extension',
  'ast-device': 'device',
  'ast-context': 'context',
  'ast-ring-timeout': 'ringTimeout',
};

/** Asterisk's HTTP server listens here unless http.conf says otherwise (bindport, tlsbindaddr). */
export const AJAM_DEFAULT_PORT = { http: 8088, https: 8089 } as const;
export const RING_TIMEOUT_MIN_S = 5;
export const RING_TIMEOUT_MAX_S = 120;

export function asteriskDraftFrom(settings: AsteriskSettings): AsteriskDraft {
  return {
    address: settings.address,
    prefix: settings.prefix,
    username: settings.username,
    secret: settings.secret,
    extension: settings.extension,
    device: settings.device,
    context: settings.context,
    callerId: settings.callerId,
    ringTimeout: String(settings.ringTimeoutSec),
    autoAnswer: settings.autoAnswer,
  };
}

/** The address parser speaks of "the phone"; these say "the server" and give Asterisk examples. */
function serverAddressError(error: LocalText): LocalText {
  const subs = error.subs ?? [];
  switch (error.key) {
    case 'errAddressEmpty':
      return text('astErrAddressEmpty');
    case 'errAddressScheme':
      return text('astErrAddressScheme', ...subs);
    case 'errAddressPath':
      return text('astErrAddressPath');
    case 'errAddressInvalid':
      return text('astErrAddressInvalid', ...subs);
    case 'errAddressPort':
      return text('astErrAddressPort', ...subs);
    default:
      return error;
  }
}

function typedPort(input: string): boolean {
  const rest = input.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
  return /:\d+$/.test(rest) && !/^\[[^\]]*\]$/.test(rest);
}

export type AsteriskAddressResult =
  | { readonly ok: true; readonly address: DeviceAddress }
  | { readonly ok: false; readonly error: LocalText };

/**
 * "pbx.office.local", "192.168.1.10:8088", "https://pbx" → the origin of Asterisk's HTTP server.
 * Without a port typed, AJAM's default is used (8088, or 8089 for https://); a port the user did
 * type is kept, even :80 or :443.
 */
export function parseAsteriskAddress(input: string): AsteriskAddressResult {
  const parsed = parseDeviceAddress(input);
  if (!parsed.ok) return { ok: false, error: serverAddressError(parsed.error) };
  if (typedPort(input)) return parsed;
  const { scheme, host } = parsed.address;
  const port = AJAM_DEFAULT_PORT[scheme];
  return { ok: true, address: { scheme, host, port, origin: `${scheme}://${host}:${port}` } };
}

/** "/asterisk/" → "asterisk"; undefined when it cannot be an http.conf prefix. */
export function normalisePrefix(input: string): string | undefined {
  const prefix = input.trim().replace(/^\/+|\/+$/g, '');
  return /^[A-Za-z0-9_.-]*$/.test(prefix) ? prefix : undefined;
}

/** The AJAM address Ringside will call, for the line under the address ("…:8088/asterisk/rawman"). */
export function rawmanUrl(origin: string, prefix: string): string {
  return `${origin}/${prefix ? `${prefix}/` : ''}rawman`;
}

/** What the device field suggests for an extension: PJSIP is the default channel driver since Asterisk 12 / FreePBX 14. */
export function suggestedDevice(extension: string): string {
  const ext = extension.trim();
  return `PJSIP/${/^\d+$/.test(ext) ? ext : '101'}`;
}

/** Technology, "/", resource: what Originate's Channel accepts for a phone. */
const DEVICE = /^[A-Za-z][A-Za-z0-9_]*\/[^\s,;&/][^\s,;&]*$/;

export function parseRingTimeout(value: string): number | undefined {
  const cleaned = value.trim();
  if (!/^\d+$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return n >= RING_TIMEOUT_MIN_S && n <= RING_TIMEOUT_MAX_S ? n : undefined;
}

/** The message under one field, or undefined when it is fine. */
export function checkAsteriskField(field: AsteriskField, draft: AsteriskDraft, formatNumber: (n: number) => string = String): LocalText | undefined {
  switch (field) {
    case 'ast-address': {
      const parsed = parseAsteriskAddress(draft.address);
      return parsed.ok ? undefined : parsed.error;
    }
    case 'ast-prefix':
      return normalisePrefix(draft.prefix) === undefined ? text('astErrPrefix') : undefined;
    case 'ast-username': {
      const username = draft.username.trim();
      if (!username) return text('astErrUsernameEmpty');
      return /\s/.test(username) ? text('astErrUsernameSpaces') : undefined;
    }
    case 'ast-secret':
      return draft.secret === '' ? text('astErrSecretEmpty') : undefined;
    case 'ast-extension':
      return /^\d{1,20}$/.test(draft.extension.trim()) ? undefined : text('astErrExtension');
    case 'ast-device': {
      const device = draft.device.trim();
      if (!device) return text('astErrDeviceEmpty', suggestedDevice(draft.extension));
      return DEVICE.test(device) ? undefined : text('astErrDeviceInvalid', device, suggestedDevice(draft.extension));
    }
    case 'ast-context': {
      const context = draft.context.trim();
      if (!context) return text('astErrContextEmpty');
      return /\s/.test(context) ? text('astErrContextSpaces') : undefined;
    }
    case 'ast-ring-timeout':
      return parseRingTimeout(draft.ringTimeout) === undefined
        ? text('astErrRingTimeout', formatNumber(RING_TIMEOUT_MIN_S), formatNumber(RING_TIMEOUT_MAX_S))
        : undefined;
  }
}

export type AsteriskErrors = Partial<Record<AsteriskField, LocalText>>;

export type AsteriskDraftResult =
  | { readonly ok: true; readonly settings: AsteriskSettings; readonly address: DeviceAddress }
  | { readonly ok: false; readonly errors: AsteriskErrors; readonly first: AsteriskField };

/** Checks every Asterisk field and, when all are fine, gives the settings section to store. */
export function validateAsteriskDraft(draft: AsteriskDraft, formatNumber: (n: number) => string = String): AsteriskDraftResult {
  const errors: AsteriskErrors = {};
  for (const field of ASTERISK_FIELDS) {
    const error = checkAsteriskField(field, draft, formatNumber);
    if (error) errors[field] = error;
  }
  const first = ASTERISK_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };

  const address = parseAsteriskAddress(draft.address);
  const prefix = normalisePrefix(draft.prefix);
  const ringTimeoutSec = parseRingTimeout(draft.ringTimeout);
  if (!address.ok || prefix === undefined || ringTimeoutSec === undefined) {
    return { ok: false, errors: { 'ast-address': text('astErrAddressEmpty') }, first: 'ast-address' };
  }
  const settings = asteriskSettingsSchema.parse({
    address: address.address.origin,
    prefix,
    username: draft.username.trim(),
    secret: draft.secret,
    device: draft.device.trim(),
    extension: draft.extension.trim(),
    context: draft.context.trim(),
    callerId: draft.callerId.trim(),
    ringTimeoutSec,
    autoAnswer: draft.autoAnswer,
  } satisfies AsteriskSettings);
  return { ok: true, settings, address: address.address };
}
