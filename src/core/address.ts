// Parses what a user types as a device address: "192.168.1.50", "phone.local:8080",
// "https://10.0.0.5". Anything that is not exactly scheme + host + optional port is refused with
// a sentence, because a stray path or a typo in the scheme would otherwise surface much later as
// a baffling "not found" from the phone.
import { text, type LocalText } from './text.ts';

export interface DeviceAddress {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port?: number;
  /** "http://192.168.1.50" or "http://192.168.1.50:8080", no trailing slash. */
  readonly origin: string;
}

export type AddressResult =
  | { readonly ok: true; readonly address: DeviceAddress }
  | { readonly ok: false; readonly error: LocalText };

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isHostName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.every((l) => /^\d+$/.test(l))) return false; // looks like a broken IPv4
  return labels.every((l) => HOST_LABEL.test(l));
}

export function parseDeviceAddress(input: string): AddressResult {
  const raw = input.trim();
  if (!raw) return { ok: false, error: text('errAddressEmpty') };
  if (/\s/.test(raw)) return { ok: false, error: text('errAddressSpaces') };

  let scheme: 'http' | 'https' = 'http';
  let rest = raw;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (schemeMatch) {
    const given = schemeMatch[1]!.toLowerCase();
    if (given !== 'http' && given !== 'https') {
      return { ok: false, error: text('errAddressScheme', schemeMatch[1]!) };
    }
    scheme = given;
    rest = raw.slice(schemeMatch[0].length);
  } else if (/^[a-z]+:\//i.test(raw) || /^https?:(?!\d)/i.test(raw)) {
    // "htp:/x", "http:/x", "http:x" — a mistyped scheme rather than host:port.
    return { ok: false, error: text('errAddressScheme', raw.split(':')[0]!) };
  }

  rest = rest.replace(/\/$/, '');
  if (/[/?#@]/.test(rest)) return { ok: false, error: text('errAddressPath') };

  const hostPort = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d*))?$/i.exec(rest);
  if (!hostPort) return { ok: false, error: text('errAddressInvalid', raw) };
  const host = hostPort[1]!.toLowerCase();
  const portText = hostPort[2];

  if (!host.startsWith('[') && !isIPv4(host) && !isHostName(host)) {
    return { ok: false, error: text('errAddressInvalid', raw) };
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!portText || !Number.isInteger(port) || port < 1 || port > 65535) {
      return { ok: false, error: text('errAddressPort', portText) };
    }
    if ((scheme === 'http' && port === 80) || (scheme === 'https' && port === 443)) port = undefined;
  }
  const origin = `${scheme}://${host}${port ? `:${port}` : ''}`;
  return { ok: true, address: { scheme, host, ...(port ? { port } : {}), origin } };
}

/** The match pattern that grants host access to exactly this device (any port, see toolchain.md §3). */
export function originPattern(address: DeviceAddress): string {
  return `${address.scheme}://${address.host}/*`;
}
