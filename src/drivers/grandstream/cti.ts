// One CTI HTTP request to a Grandstream phone and the classification of its reply
// (shared/reference/protocols.md §1.3, §1.6). Every request has its own timeout; nothing here
// retries, because phones lock the account after 5 rejected passwords (§1.13).
import { z } from 'zod';
import type { DriverIO } from '../contract.ts';
import { fetchText, type NetworkFailureKind, type TimedRequestOptions } from '../network.ts';

export interface CtiTarget {
  /** "http://192.168.1.50:8080" */
  readonly origin: string;
  readonly password: string;
}

export type CtiFailure =
  | { readonly kind: NetworkFailureKind | 'aborted' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'not-found'; readonly status: number }
  | { readonly kind: 'auth-rejected'; readonly detail: string }
  | { readonly kind: 'not-cti'; readonly detail: string }
  | { readonly kind: 'refused-by-phone'; readonly detail: string };

export type CtiResult =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly failure: CtiFailure };

export const ctiEnvelopeSchema = z.object({
  response: z.string(),
  body: z.unknown().optional(),
});

/**
 * Percent-encodes a query value, but leaves ":" and "*" as they are: every published example of
 * api-send_key joins keys with a literal ":" (keys=1:2:SEND) and firmware CGI parsers are not
 * known to decode %3A. "#" must become %23 (§1.3) and "&", "+", spaces in a password must be
 * encoded or the phone reads a different password.
 */
export function encodeCtiValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

export function ctiUrl(target: CtiTarget, fn: string, params: Readonly<Record<string, string>>): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeCtiValue(v)}`)
    .join('&');
  return `${target.origin}/cgi-bin/${fn}?${query}`;
}

// Bodies the phone or its firmware family use for a refused login or session (§1.6).
const AUTH_BODY = /^(unauthori[sz]ed|wrong\d*|locked|user is not allow|authentication required|session-expired)$/i;

function looksLikeHtml(textBody: string): boolean {
  return /^\s*(<!doctype|<html|<head|<body|<\?xml|<h1|<title)/i.test(textBody);
}

function snippet(textBody: string): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(textBody)?.[1];
  const flat = (title ?? textBody).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/** Turns an HTTP reply into a result; exported for unit tests of each odd reply. */
export function interpretCtiReply(status: number, textBody: string): CtiResult {
  if (status === 401 || status === 403) {
    return { ok: false, failure: { kind: 'auth-rejected', detail: `HTTP ${status}` } };
  }
  if (status === 404) return { ok: false, failure: { kind: 'not-found', status } };
  if (status >= 400) return { ok: false, failure: { kind: 'http-error', status } };
  let json: unknown;
  try {
    json = JSON.parse(textBody);
  } catch {
    const detail = looksLikeHtml(textBody) ? `HTML: ${snippet(textBody)}` : snippet(textBody) || '(empty)';
    return { ok: false, failure: { kind: 'not-cti', detail } };
  }
  const envelope = ctiEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, failure: { kind: 'not-cti', detail: snippet(textBody) } };
  const { response, body } = envelope.data;
  if (response === 'success' && body !== false) return { ok: true, body };
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  const status2 = (body as { status?: unknown } | null)?.status;
  if (AUTH_BODY.test(bodyText) || (typeof status2 === 'string' && AUTH_BODY.test(status2))) {
    return { ok: false, failure: { kind: 'auth-rejected', detail: bodyText } };
  }
  return { ok: false, failure: { kind: 'refused-by-phone', detail: bodyText } };
}

export type CtiRequestOptions = TimedRequestOptions;

export async function ctiRequest(
  io: DriverIO,
  target: CtiTarget,
  fn: string,
  params: Readonly<Record<string, string>>,
  options: CtiRequestOptions,
): Promise<CtiResult> {
  const url = ctiUrl(target, fn, params);
  const reply = await fetchText(io, url, { method: 'GET', credentials: 'omit' }, options);
  return reply.ok ? interpretCtiReply(reply.status, reply.body) : reply;
}
