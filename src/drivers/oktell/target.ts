// Where the Oktell pieces live, derived from the settings (protocols.md §3): the server's web
// server (Web-API, and the WebSocket on its own port), and the desktop client on this computer.
import type { OktellSettings } from '../../core/settings.ts';

/** "oktell.local:4055" for sentences. */
export function hostOf(origin: string): string {
  return origin.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

function parseOrigin(address: string): URL | undefined {
  try {
    return new URL(address);
  } catch {
    return undefined;
  }
}

/**
 * The Oktell WebSocket: the server's host, the configured WebSocket port, `wss:` when the web
 * server is reached over https (oktell.js does the same with the page's protocol). Undefined when
 * the address is not a URL.
 */
export function webSocketUrl(settings: Pick<OktellSettings, 'address' | 'wsPort'>): string | undefined {
  const origin = parseOrigin(settings.address);
  if (!origin) return undefined;
  const scheme = origin.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${origin.hostname}:${settings.wsPort}`;
}

/**
 * Where `["websocketredirect", …]` sends the client: the same host over wss:// on port 443
 * (oktell.js multiConnect: ws:// → wss://, any port → :443) [SRC Bpium/oktell-js].
 */
export function redirectedWebSocketUrl(url: string): string {
  const parsed = new URL(url);
  return `wss://${parsed.hostname}:443`;
}

/** The web server origin without a trailing slash. */
export function serverOrigin(address: string): string {
  return address.replace(/\/+$/, '');
}

/**
 * Only what a PBX can dial reaches Oktell: digits, * and #, and a leading + (the background has
 * already cleaned the number with cleanNumberForDial; this is the driver's own guard).
 */
export function dialString(number: string): string {
  return number.replace(/[^0-9*#+]/g, '').replace(/(?!^)\+/g, '');
}

/** Digits only, for comparing numbers that Oktell may show with or without a prefix. */
export function digitsOf(number: string): string {
  return number.replace(/[^0-9]/g, '');
}
