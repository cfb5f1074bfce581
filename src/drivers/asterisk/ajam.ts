// One AMI action over AJAM (/rawman) and the classification of its reply
// (shared/reference/protocols.md §2.2–2.6, asterisk-ajam-transcripts.md §1).
// Actions are sent as POST forms so that the secret never appears in a URL, and with
// credentials: 'include' because the session lives in the mansession_id cookie that only the
// browser's cookie jar can carry (toolchain.md §4).
import type { DriverIO } from '../contract.ts';
import { fetchText, type NetworkFailureKind, type TimedRequestOptions } from '../network.ts';
import { parseRawmanPackets, type AmiPacket } from './rawman.ts';

export interface AjamTarget {
  /** "http://pbx.local:8088" */
  readonly origin: string;
  /** http.conf prefix without slashes; "" for none. */
  readonly prefix: string;
}

export type AjamFailure =
  | { readonly kind: NetworkFailureKind | 'aborted' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'not-ajam'; readonly detail: string };

export type AjamReply =
  | { readonly ok: true; readonly packets: AmiPacket[]; readonly empty: boolean }
  | { readonly ok: false; readonly failure: AjamFailure };

export function rawmanUrl(target: AjamTarget): string {
  return `${target.origin}${target.prefix ? `/${target.prefix}` : ''}/rawman`;
}

/** Form-encodes an action; repeated names (Variable) stay repeated. CR/LF cannot smuggle headers. */
export function encodeAction(fields: readonly (readonly [string, string])[]): string {
  const form = new URLSearchParams();
  for (const [name, value] of fields) form.append(name, value.replace(/[\r\n]+/g, ' '));
  return form.toString();
}

function looksLikeRawman(body: string): boolean {
  return /^(Response|Event):\s/m.test(body);
}

function snippet(body: string): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(body)?.[1];
  const flat = (title ?? body).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat || '(empty)';
}

export function interpretAjamReply(status: number, body: string): AjamReply {
  if (status === 404) return { ok: false, failure: { kind: 'not-found' } };
  if (status >= 400) return { ok: false, failure: { kind: 'http-error', status } };
  // A WaitEvent kicked by a newer one on the same session returns 200 with an empty body.
  if (body.trim() === '') return { ok: true, packets: [], empty: true };
  if (!looksLikeRawman(body)) return { ok: false, failure: { kind: 'not-ajam', detail: snippet(body) } };
  return { ok: true, packets: parseRawmanPackets(body), empty: false };
}

export interface AjamRequestOptions extends TimedRequestOptions {
  /** 'include' (default) rides on the session cookie; 'omit' tests credentials on a fresh session. */
  readonly credentials?: RequestCredentials;
}

export async function sendAction(
  io: DriverIO,
  target: AjamTarget,
  fields: readonly (readonly [string, string])[],
  options: AjamRequestOptions,
): Promise<AjamReply> {
  const url = rawmanUrl(target);
  const reply = await fetchText(
    io,
    url,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: encodeAction(fields),
      credentials: options.credentials ?? 'include',
    },
    options,
  );
  return reply.ok ? interpretAjamReply(reply.status, reply.body) : reply;
}
