// The Oktell part of the options form as typed (strings), its checks, and the settings section it
// turns into. Pure, so every message a user can see under a field is unit-testable.
//
// How the fields depend on each other follows the driver (src/drivers/oktell/driver.ts): a call
// is placed through the Oktell client on this PC when that is chosen, else through the server's
// Web-API when a Web-API user is given, else over the WebSocket with the user's own login. The
// server address is needed by the last two and by the user's own login (incoming calls); only
// "through the client, no login" works without it.
import type { DeviceAddress } from '../../core/address.ts';
import { oktellSettingsSchema, type OktellSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { parsePort, parseServerAddress, portError, type ServerAddressResult } from './serverAddress.ts';

export type DialVia = OktellSettings['dialVia'];
export type CallerBy = OktellSettings['callerBy'];
export type Direction = OktellSettings['direction'];
export type Sequence = OktellSettings['sequence'];

export const DIAL_VIA: readonly DialVia[] = oktellSettingsSchema.shape.dialVia.unwrap().options;
export const CALLER_BY: readonly CallerBy[] = oktellSettingsSchema.shape.callerBy.unwrap().options;
export const DIRECTIONS: readonly Direction[] = oktellSettingsSchema.shape.direction.unwrap().options;
export const SEQUENCES: readonly Sequence[] = oktellSettingsSchema.shape.sequence.unwrap().options;

export interface OktellDraft {
  readonly address: string;
  readonly dialVia: DialVia;
  /** As typed. */
  readonly clientPort: string;
  readonly webApiUser: string;
  readonly webApiPassword: string;
  readonly callerBy: CallerBy;
  readonly callerValue: string;
  readonly direction: Direction;
  readonly sequence: Sequence;
  readonly userLogin: string;
  readonly userPassword: string;
  /** As typed. */
  readonly wsPort: string;
}

/** The checked fields by element id, in the order they appear on the page (the first invalid one gets focus). */
export const OKTELL_FIELDS = ['ok-address', 'ok-client-port', 'ok-webapi-user', 'ok-caller-value', 'ok-ws-port'] as const;
export type OktellField = (typeof OKTELL_FIELDS)[number];

/** Which draft value each checked field shows. */
export const OKTELL_FIELD_VALUE: Readonly<Record<OktellField, keyof OktellDraft>> = {
  'ok-address': 'address',
  'ok-client-port': 'clientPort',
  'ok-webapi-user': 'webApiUser',
  'ok-caller-value': 'callerValue',
  'ok-ws-port': 'wsPort',
};

/** The Oktell web server's Web-API port (protocols.md §3.1). */
export const OKTELL_WEB_API_PORT = 4055;
const DEFAULTS = oktellSettingsSchema.parse({});
/** The desktop client listens on 127.0.0.1:4059; the WebSocket is on port 80 (oktell.js). */
export const OKTELL_CLIENT_PORT = DEFAULTS.clientPort;
export const OKTELL_WS_PORT = DEFAULTS.wsPort;

export function oktellDraftFrom(settings: OktellSettings): OktellDraft {
  return {
    address: settings.address,
    dialVia: settings.dialVia,
    clientPort: String(settings.clientPort),
    webApiUser: settings.webApiUser,
    webApiPassword: settings.webApiPassword,
    callerBy: settings.callerBy,
    callerValue: settings.callerValue,
    direction: settings.direction,
    sequence: settings.sequence,
    userLogin: settings.userLogin,
    userPassword: settings.userPassword,
    wsPort: String(settings.wsPort),
  };
}

/** "oktell.local", "10.0.0.5:4055", "https://oktell" → the origin of the Oktell web server (4055 when no port is typed). */
export function parseOktellAddress(input: string): ServerAddressResult {
  return parseServerAddress(input, {
    defaultPort: OKTELL_WEB_API_PORT,
    empty: text('oktellErrAddressEmpty'),
    exampleIp: '10.0.0.5:4055',
    exampleName: 'oktell.local',
  });
}

/** Whether the server address is needed by what is chosen (see the module comment). */
export function needsOktellServer(draft: Pick<OktellDraft, 'dialVia' | 'userLogin'>): boolean {
  return draft.dialVia === 'server' || draft.userLogin.trim() !== '';
}

/** How a call will be placed with this draft; undefined when there is no way to dial. */
export function oktellDialRoute(draft: Pick<OktellDraft, 'dialVia' | 'webApiUser' | 'userLogin'>): 'client' | 'web-api' | 'websocket' | undefined {
  if (draft.dialVia === 'client') return 'client';
  if (draft.webApiUser.trim() !== '') return 'web-api';
  if (draft.userLogin.trim() !== '') return 'websocket';
  return undefined;
}

function callerError(callerBy: CallerBy): LocalText {
  switch (callerBy) {
    case 'login':
      return text('oktellErrCallerLogin');
    case 'line':
      return text('oktellErrCallerLine');
    case 'workplace':
      return text('oktellErrCallerWorkplace');
  }
}

/** The message under one field, or undefined when it is fine. */
export function checkOktellField(field: OktellField, draft: OktellDraft): LocalText | undefined {
  switch (field) {
    case 'ok-address': {
      if (draft.address.trim() === '') {
        if (!needsOktellServer(draft)) return undefined;
        // Through the client, the address is needed only for the user's own login.
        return draft.dialVia === 'client' ? text('oktellErrAddressForLogin') : text('oktellErrAddressEmpty');
      }
      const parsed = parseOktellAddress(draft.address);
      return parsed.ok ? undefined : parsed.error;
    }
    case 'ok-client-port':
      if (draft.dialVia !== 'client') return undefined;
      return parsePort(draft.clientPort) === undefined ? portError(OKTELL_CLIENT_PORT) : undefined;
    case 'ok-webapi-user':
      // The one way to dial that is missing: through the server, neither account nor login given.
      return oktellDialRoute(draft) === undefined ? text('oktellErrNoDialRoute') : undefined;
    case 'ok-caller-value':
      if (oktellDialRoute(draft) !== 'web-api') return undefined;
      return draft.callerValue.trim() === '' ? callerError(draft.callerBy) : undefined;
    case 'ok-ws-port':
      return parsePort(draft.wsPort) === undefined ? portError(OKTELL_WS_PORT) : undefined;
  }
}

export type OktellErrors = Partial<Record<OktellField, LocalText>>;

export type OktellDraftResult =
  | {
      readonly ok: true;
      readonly settings: OktellSettings;
      /** The server to ask host access for; undefined when no address is given (client only). */
      readonly address: DeviceAddress | undefined;
    }
  | { readonly ok: false; readonly errors: OktellErrors; readonly first: OktellField };

/** Checks every Oktell field and, when all are fine, gives the settings section to store. */
export function validateOktellDraft(draft: OktellDraft): OktellDraftResult {
  const errors: OktellErrors = {};
  for (const field of OKTELL_FIELDS) {
    const error = checkOktellField(field, draft);
    if (error) errors[field] = error;
  }
  const first = OKTELL_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };

  let address: DeviceAddress | undefined;
  if (draft.address.trim() !== '') {
    const parsed = parseOktellAddress(draft.address);
    if (!parsed.ok) return { ok: false, errors: { 'ok-address': parsed.error }, first: 'ok-address' };
    address = parsed.address;
  }
  const settings = oktellSettingsSchema.parse({
    address: address?.origin ?? '',
    webApiUser: draft.webApiUser.trim(),
    webApiPassword: draft.webApiPassword,
    dialVia: draft.dialVia,
    // A port of a hidden part of the form is not checked: an invalid one falls back to the default.
    clientPort: parsePort(draft.clientPort) ?? OKTELL_CLIENT_PORT,
    callerBy: draft.callerBy,
    callerValue: draft.callerValue.trim(),
    direction: draft.direction,
    sequence: draft.sequence,
    userLogin: draft.userLogin.trim(),
    userPassword: draft.userPassword,
    wsPort: parsePort(draft.wsPort) ?? OKTELL_WS_PORT,
  } satisfies OktellSettings);
  return { ok: true, settings, address };
}
