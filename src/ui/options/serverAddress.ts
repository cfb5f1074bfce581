// The address of a PBX's server as typed ("oktell.local", "10.0.0.5:4055", "https://rander"),
// with the port the product listens on by default filled in. Shared by the Oktell and RanderWEB
// parts of the form; the messages speak of "the server" and give that product's examples.
import { parseDeviceAddress, type DeviceAddress } from '../../core/address.ts';
import { text, type LocalText } from '../../core/text.ts';

export type ServerAddressResult =
  | { readonly ok: true; readonly address: DeviceAddress }
  | { readonly ok: false; readonly error: LocalText };

export interface ServerAddressRules {
  /** The port used when none is typed (the same for http:// and https://). */
  readonly defaultPort: number;
  /** The message for an empty address. */
  readonly empty: LocalText;
  /** Examples for the messages: an IP address with the port, and a network name. */
  readonly exampleIp: string;
  readonly exampleName: string;
}

/** True when the user typed a port (":80" included, which the address parser drops). */
export function typedPort(input: string): boolean {
  const rest = input.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
  return /:\d+$/.test(rest) && !/^\[[^\]]*\]$/.test(rest);
}

/** The address parser speaks of "the phone"; these say "the server" and give the product's examples. */
function serverAddressError(error: LocalText, rules: ServerAddressRules): LocalText {
  const subs = error.subs ?? [];
  const ipOnly = rules.exampleIp.replace(/:\d+$/, '');
  switch (error.key) {
    case 'errAddressEmpty':
      return rules.empty;
    case 'errAddressScheme':
      return text('serverErrAddressScheme', subs[0] ?? '', rules.exampleIp);
    case 'errAddressPath':
      return text('serverErrAddressPath', rules.exampleIp);
    case 'errAddressInvalid':
      return text('serverErrAddressInvalid', subs[0] ?? '', ipOnly, rules.exampleName);
    case 'errAddressPort':
      return text('serverErrAddressPort', subs[0] ?? '', rules.exampleIp);
    default:
      return error;
  }
}

/**
 * The origin of the server: without a port typed, the product's default port is used; a port the
 * user did type is kept, even :80 or :443.
 */
export function parseServerAddress(input: string, rules: ServerAddressRules): ServerAddressResult {
  const parsed = parseDeviceAddress(input);
  if (!parsed.ok) return { ok: false, error: serverAddressError(parsed.error, rules) };
  if (typedPort(input)) return parsed;
  const { scheme, host } = parsed.address;
  const port = rules.defaultPort;
  return { ok: true, address: { scheme, host, port, origin: `${scheme}://${host}:${port}` } };
}

export const PORT_MIN = 1;
export const PORT_MAX = 65535;

/** A TCP port as typed: a whole number from 1 to 65535, else undefined. */
export function parsePort(value: string): number | undefined {
  const cleaned = value.trim();
  if (!/^\d{1,5}$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return n >= PORT_MIN && n <= PORT_MAX ? n : undefined;
}

/** Ports are written without a thousands separator ("65535", not "65 535"): they are not amounts. */
export function portError(example: number): LocalText {
  return text('serverErrPort', String(PORT_MIN), String(PORT_MAX), String(example));
}
