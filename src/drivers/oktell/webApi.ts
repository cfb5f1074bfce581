// Click-to-dial through the Oktell server's HTTP interface ("Web-API", protocols.md §3.1 and
// seeds/oktell-http-call-ru.txt):
//
//   GET http://<server>:4055/wp_autocallstart?user=<login>&number=74952294989&direction=city&sequence=back
//   Authorization: Basic base64(<service account>:<password>)
//
// - user / line / wp pick the employee whose line places the call (a login, a line number, a
//   workplace name or IP…; "only one is needed") — the seed page, confirmed.
// - direction: omitted = auto-detect (an internal number is called inside, anything else goes
//   out); pbx = inside; city = outside. Ringside's 'auto' therefore sends no direction at all.
//   The seed page documents these names and values; protocols.md §3.1 had not found them, so
//   they rest on that one page [? not seen in any other public source].
// - sequence: direct (default) = the number is called first and the employee's line after it
//   answers; back = the employee's line first, then the number on its behalf — seed page [?
//   likewise only that page].
// - The reply is an oktellxmlmapper document; its shape for wp_autocallstart is not public [?].
//   Read as a failure: a <data name="error">, a result/success/started property that is 0 or
//   false without name="success", a non-zero error/errorcode, or a property whose name says
//   error. Anything else that is an oktellxmlmapper document is success.
// - 401 (with a Basic challenge) = wrong login/password, or a user without the "execute Web-API
//   methods" privilege [V1 wiki]; 403 is read the same way [?]; 404 = no such command on this
//   server (an older Oktell, or not the Oktell web server).
import type { OktellSettings } from '../../core/settings.ts';
import type { DriverIO } from '../contract.ts';
import { fetchText, type NetworkFailureKind } from '../network.ts';
import { findProperty, readOktellMapper, type MapperDocument } from './mapper.ts';
import { dialString, serverOrigin } from './target.ts';

export const WEB_API_TIMEOUT_MS = 10_000;

/** Settings value → query parameter naming the employee [seed page]. */
export const CALLER_PARAMETER = { login: 'user', line: 'line', workplace: 'wp' } as const;

/** Basic credentials as UTF-8 (RFC 7617 charset="UTF-8"); what Oktell expects beyond ASCII is not known [?]. */
export function basicAuthorization(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Who places a server-side call: the configured value, else the user's own Oktell login. */
export function callerOf(settings: OktellSettings): { readonly parameter: string; readonly value: string } {
  const value = settings.callerValue.trim() || (settings.callerBy === 'login' ? settings.userLogin.trim() : '');
  return { parameter: CALLER_PARAMETER[settings.callerBy], value };
}

export function autocallUrl(settings: OktellSettings, number: string): string {
  const caller = callerOf(settings);
  const query = new URLSearchParams();
  query.set(caller.parameter, caller.value);
  query.set('number', dialString(number));
  if (settings.direction !== 'auto') query.set('direction', settings.direction);
  query.set('sequence', settings.sequence);
  return `${serverOrigin(settings.address)}/wp_autocallstart?${query.toString()}`;
}

/**
 * A read-only Web-API command for "Test connection": dialling would place a real call. The C#
 * helper in protocols.md §3.1 reads a user's state with it [V1; its presence on every version is
 * not known, so a 404 here is not treated as a failure].
 */
export function userStateUrl(settings: OktellSettings): string {
  const query = new URLSearchParams({ iduser: callerOf(settings).value || settings.webApiUser });
  return `${serverOrigin(settings.address)}/tst_getuserstate?${query.toString()}`;
}

export type WebApiOutcome =
  | { readonly kind: 'ok'; readonly doc: MapperDocument }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'auth' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'no-command' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'not-oktell'; readonly detail: string }
  | { readonly kind: 'network'; readonly failure: NetworkFailureKind | 'aborted' };

const FLAG_KEYS = ['result', 'success', 'started'];
const ERROR_CODE_KEYS = ['error', 'errorcode', 'errcode'];
const DETAIL_KEYS = ['errormsg', 'errortext', 'errormessage', 'message', 'description', 'error', 'reason'];

function isFalse(value: string): boolean {
  return /^(0|false|no)$/i.test(value.trim());
}

/** The first explanation a reply carries: CDATA text, or a value or name that is not a number. */
function detailOf(doc: MapperDocument): string {
  for (const key of DETAIL_KEYS) {
    for (const p of doc.properties) {
      if (p.key.toLowerCase() !== key) continue;
      const detail = p.text || (/^-?[0-9]*$/.test(p.value.trim()) ? '' : p.value.trim()) || (/^(error|fail)/i.test(p.name) ? '' : p.name);
      if (detail) return detail;
    }
  }
  return '';
}

/**
 * Why an oktellxmlmapper reply says the command failed ('' when it does not say why), or
 * undefined when it does not say it failed. See the module comment for the rules.
 */
export function failureIn(doc: MapperDocument): string | undefined {
  if (doc.dataNames.some((n) => /^error/i.test(n))) return detailOf(doc);
  for (const p of doc.properties) {
    const key = p.key.toLowerCase();
    const failedFlag = FLAG_KEYS.includes(key) && isFalse(p.value) && p.name.toLowerCase() !== 'success';
    const errorCode = ERROR_CODE_KEYS.includes(key) && /^-?[0-9]+$/.test(p.value.trim()) && Number(p.value) !== 0;
    const namedError = /^(error|fail)/i.test(p.name);
    if (failedFlag || errorCode || namedError) return detailOf(doc);
  }
  return undefined;
}

/** A few words of what answered instead of Oktell: an HTML title or the start of the text. */
export function snippetOf(body: string): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(body)?.[1];
  const flat = (title ?? body).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat || '(empty)';
}

export function interpretWebApiReply(status: number, body: string): WebApiOutcome {
  if (status === 401) return { kind: 'auth' };
  if (status === 403) return { kind: 'forbidden' };
  if (status === 404) return { kind: 'no-command' };
  const doc = readOktellMapper(body);
  if (status >= 400) return doc ? { kind: 'refused', detail: failureIn(doc) || detailOf(doc) || `HTTP ${status}` } : { kind: 'http-error', status };
  if (!doc) return { kind: 'not-oktell', detail: snippetOf(body) };
  const failure = failureIn(doc);
  return failure === undefined ? { kind: 'ok', doc } : { kind: 'refused', detail: failure };
}

export interface WebApiRequestOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly explain?: (url: string, error: unknown) => Promise<string | undefined>;
}

/** One Web-API GET with the service account; credentials: 'omit' keeps cookies and cached auth out. */
export async function callWebApi(
  io: Pick<DriverIO, 'fetch' | 'now'>,
  settings: OktellSettings,
  url: string,
  options: WebApiRequestOptions = {},
): Promise<WebApiOutcome> {
  const reply = await fetchText(
    io,
    url,
    {
      method: 'GET',
      headers: { Authorization: basicAuthorization(settings.webApiUser, settings.webApiPassword), Accept: 'text/xml, application/xml, */*' },
      credentials: 'omit',
    },
    {
      timeoutMs: options.timeoutMs ?? WEB_API_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.explain ? { explain: options.explain } : {}),
    },
  );
  if (!reply.ok) return { kind: 'network', failure: reply.failure.kind };
  return interpretWebApiReply(reply.status, reply.body);
}
