// Click-to-dial through the Oktell desktop client on this computer ("client HTTP interface",
// protocols.md §3.2 and seeds/oktell-http-call-ru.txt):
//
//   GET http://127.0.0.1:4059/callto?number=74952294989
//
// The client listens on loopback only, needs no credentials, and dials with the logged-in
// user's own phone, so the server always knows who called. When the client is not running
// nothing listens on the port: the connection is refused. Nothing is documented about the reply
// body; a 2xx status is taken as "accepted" (a public C# helper does the same) [?].
import type { DriverIO } from '../contract.ts';
import { fetchText, type NetworkFailureKind } from '../network.ts';
import { dialString } from './target.ts';

export const CLIENT_HOST = '127.0.0.1';
export const CLIENT_TIMEOUT_MS = 5000;

export function calltoUrl(port: number, number: string): string {
  return `http://${CLIENT_HOST}:${port}/callto?${new URLSearchParams({ number: dialString(number) }).toString()}`;
}

/**
 * A read-only request for "Test connection": the current call of the client (a public C# helper
 * reads it; its reply is an oktellxmlmapper document) [?]. Whatever it answers, an answer means
 * the client is running.
 */
export function clientProbeUrl(port: number): string {
  return `http://${CLIENT_HOST}:${port}/getcurrentcallinfo`;
}

export type ClientOutcome =
  | { readonly kind: 'ok' }
  /** Nothing listens on the port: the client is not running (or uses another port). */
  | { readonly kind: 'not-running' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'aborted' };

export function classifyClientFailure(kind: NetworkFailureKind | 'aborted'): ClientOutcome {
  switch (kind) {
    case 'aborted':
      return { kind: 'aborted' };
    case 'timeout':
      return { kind: 'timeout' };
    // On loopback every other failure means the port is closed: a refusal, which browsers
    // report without a code ('network') or as a reset.
    default:
      return { kind: 'not-running' };
  }
}

export async function requestClient(
  io: Pick<DriverIO, 'fetch' | 'now'>,
  url: string,
  options: { readonly explain?: (url: string, error: unknown) => Promise<string | undefined>; readonly acceptAnyStatus?: boolean } = {},
): Promise<ClientOutcome> {
  const reply = await fetchText(io, url, { method: 'GET', credentials: 'omit' }, {
    timeoutMs: CLIENT_TIMEOUT_MS,
    ...(options.explain ? { explain: options.explain } : {}),
  });
  if (!reply.ok) return classifyClientFailure(reply.failure.kind);
  if (options.acceptAnyStatus || (reply.status >= 200 && reply.status < 300)) return { kind: 'ok' };
  return { kind: 'http-error', status: reply.status };
}
