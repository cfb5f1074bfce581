// THE TABLE: everything Ringside assumes about RanderWEB's own API, in one place, so that a site
// whose RanderWEB differs is adapted here and nowhere else. Nothing in this file is verified
// against a live RanderWEB (shared/reference/protocols.md §4.1, §9 q6): the command paths come
// from the vendor's 2015 article (reference/seeds/randerweb-article-ru.txt), the rest are
// inferences marked [?] and listed again in driver.ts's doc comment.
//
// Contents: the Web API (prefix, login, commands, how their replies are read), the SignalR hub
// (path, protocol versions, the subscribe method, the line-state methods and their fields), and
// the line-state vocabulary. The SignalR 2 wire protocol itself is not here (signalr.ts): it is
// public and fixed.
import { z } from 'zod';
import type { Capability } from '../../core/call.ts';

// ---- Web API ---------------------------------------------------------------------------------

/**
 * `http://<server>:5005/api/rander/<command>/<p1>/<p2>?token=<token>`: the article's captured URL
 * (`/api/rander/openline/103?token=…`). Its prose says `/rander/api/[команда]`; the capture is
 * taken as the truth.
 */
export const API_PREFIX = '/api/rander';
/** Query parameter that carries the token on Web API and SignalR requests alike. */
export const TOKEN_PARAM = 'token';

/** What a command's path segments are filled with. */
export type CommandParam = 'extension' | 'number';

export interface CommandSpec {
  /** The `<command>` segment. */
  readonly path: string;
  /** The `<param1>/<param2>` segments, in order. */
  readonly params: readonly CommandParam[];
}

export type CommandName = 'openLine' | 'makeCall' | 'answer' | 'hangup';

/**
 * The Web API commands. Remove an entry and the capability it gives goes away (see
 * capabilitiesFor); add hold/transfer here only together with their code in driver.ts.
 */
export const COMMANDS: Readonly<Partial<Record<CommandName, CommandSpec>>> = {
  /** "Open Line": `/api/rander/openline/103` — opens the extension for observation and control (article). */
  openLine: { path: 'openline', params: ['extension'] },
  /**
   * "Make Call" from the extension to a number [?]: `makecall/103/107`. The customer's description
   * names `makecall`; the article's text shows `/api/rander/openline/103/107` for the same button
   * (probably a copy-paste slip in the article — if a live server only knows that form, change
   * `path` to 'openline').
   */
  makeCall: { path: 'makecall', params: ['extension', 'number'] },
  /** Answer the call ringing on the extension [?]: `answer/103`. */
  answer: { path: 'answer', params: ['extension'] },
  /** Hang up (or, while it rings, refuse) the extension's call [?]: `hangup/103`. */
  hangup: { path: 'hangup', params: ['extension'] },
};

/** What the driver can honestly offer with this table: a command that is not in it is not offered. */
export function capabilitiesFor(commands: Readonly<Partial<Record<CommandName, CommandSpec>>>): Set<Capability> {
  const capabilities = new Set<Capability>(['monitor']);
  if (commands.makeCall) capabilities.add('dial');
  if (commands.answer) capabilities.add('answer');
  if (commands.hangup) {
    capabilities.add('hangup');
    // TAPI's lineDrop on an offering call refuses it [?]: Reject = hang up while ringing.
    capabilities.add('reject');
  }
  return capabilities;
}

/**
 * Encodes one path segment: everything but RFC 3986 unreserved characters is percent-encoded (also
 * `!'()*`, which encodeURIComponent keeps), so a value can never leave its segment.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Whether a value can be a path segment at all. An empty one would merge two segments, and one of
 * dots is a "parent directory" however it is encoded: URL parsers (WHATWG: `%2e%2e` is `..`) and
 * servers resolve it, so `/api/rander/answer/..` would become `/api/rander/`.
 */
export function isSendableSegment(value: string): boolean {
  return value !== '' && !/^\.+$/.test(value);
}

/**
 * `<origin>/api/rander/<command>/<p1>/<p2>?token=<token>`, every segment encoded; undefined when a
 * value cannot be sent (isSendableSegment).
 */
export function commandUrl(origin: string, spec: CommandSpec, values: Readonly<Record<CommandParam, string>>, token: string): string | undefined {
  const raw = spec.params.map((p) => values[p]);
  if (!raw.every(isSendableSegment)) return undefined;
  const segments = [spec.path, ...raw].map(encodePathSegment);
  return `${origin}${API_PREFIX}/${segments.join('/')}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** The path of a command without its values, for sentences: "/api/rander/makecall". */
export function commandPath(spec: CommandSpec): string {
  return `${API_PREFIX}/${spec.path}`;
}

// ---- Login ----------------------------------------------------------------------------------

/**
 * How a token is obtained, tried in this order; the first method the server has (not 404/405) is
 * used from then on.
 *
 * 1. `POST /token`, form `grant_type=password&username=…&password=…` → `{"access_token": …}` [?].
 *    Why: the article's token (`AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA…`) is a DPAPI blob in base64url —
 *    exactly what a self-hosted OWIN app's OAuth bearer ticket looks like (Microsoft.Owin.Security.
 *    OAuth with the default DpapiDataProtector), and `/token` with the password grant is that
 *    middleware's usual endpoint. Reading the bearer token from `?token=` is the usual SignalR 2
 *    trick (a WebSocket cannot carry an Authorization header). The password travels in the body.
 * 2. `GET /api/rander/login/<username>/<password>` [?], in the product's GET style. RISK: the
 *    password is then part of a URL, so it can end up in RanderWEB's request log, in any proxy's
 *    log and in crash reports, and characters such as `%`, `&`, `:` or `*` may be refused by the
 *    server's URL checks (IIS-hosted ASP.NET rejects them in a path). Ringside never logs this URL;
 *    it is only tried when the server has no `/token`.
 */
export type LoginMethod =
  | { readonly kind: 'oauth-password'; readonly path: string }
  | { readonly kind: 'path'; readonly command: string };

export const LOGIN_METHODS: readonly LoginMethod[] = [
  { kind: 'oauth-password', path: '/token' },
  { kind: 'path', command: 'login' },
];

/** The request of a login method; undefined when the credentials cannot travel that way (a path login with an empty or dots-only value). */
export function loginRequest(origin: string, method: LoginMethod, username: string, password: string): { url: string; init: RequestInit } | undefined {
  if (method.kind === 'oauth-password') {
    const body = new URLSearchParams({ grant_type: 'password', username, password });
    return {
      url: `${origin}${method.path}`,
      init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() },
    };
  }
  if (!isSendableSegment(username) || !isSendableSegment(password)) return undefined;
  const segments = [method.command, username, password].map(encodePathSegment);
  return { url: `${origin}${API_PREFIX}/${segments.join('/')}`, init: { method: 'GET' } };
}

/** A URL fit for a log line: the token and a path login's password are masked. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|connectionToken)=)[^&]*/gi, '$1***')
    .replace(new RegExp(`(${API_PREFIX}/login/[^/?]*/)[^?]*`, 'i'), '$1***');
}

export type LoginReply =
  | { readonly kind: 'token'; readonly token: string; readonly expiresInS?: number }
  | { readonly kind: 'rejected'; readonly detail: string }
  /** This method does not exist on the server: try the next one. */
  | { readonly kind: 'no-such-method' }
  | { readonly kind: 'http-error'; readonly status: number }
  | { readonly kind: 'unexpected'; readonly detail: string };

const oauthTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).optional(),
});
const oauthErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });
/** Token-ish text: base64url / base64 / hex, no spaces, not a sentence. */
const BARE_TOKEN = /^[A-Za-z0-9\-_.~+/=%]{16,}$/;

export function readLoginReply(method: LoginMethod, status: number, body: string): LoginReply {
  if (status === 404 || status === 405) return { kind: 'no-such-method' };
  const json = parseJson(body);
  if (method.kind === 'oauth-password') {
    const error = oauthErrorSchema.safeParse(json);
    // OWIN answers invalid_grant (400) for a wrong password; 401 if a provider says so.
    if (status === 400 || status === 401 || status === 403) {
      return error.success && error.data.error !== 'invalid_grant' && error.data.error !== 'unauthorized_client'
        ? { kind: 'unexpected', detail: error.data.error_description ?? error.data.error }
        : { kind: 'rejected', detail: error.success ? (error.data.error_description ?? error.data.error) : snippet(body) };
    }
    if (status >= 300) return { kind: 'http-error', status };
    const token = oauthTokenSchema.safeParse(json);
    if (!token.success) return { kind: 'unexpected', detail: snippet(body) };
    const expires = Number(token.data.expires_in);
    return { kind: 'token', token: token.data.access_token, ...(Number.isFinite(expires) && expires > 0 ? { expiresInS: expires } : {}) };
  }
  if (status === 401 || status === 403) return { kind: 'rejected', detail: snippet(body) };
  if (status >= 400 && isWebApiError(json)) return { kind: 'rejected', detail: webApiMessage(json) };
  if (status >= 300) return { kind: 'http-error', status };
  const found = tokenIn(json === NOT_JSON ? body.trim() : json);
  if (found) return { kind: 'token', token: found };
  if (json === false || json === null || body.trim() === '' || (typeof json === 'string' && !BARE_TOKEN.test(json))) {
    return { kind: 'rejected', detail: snippet(body) };
  }
  return { kind: 'unexpected', detail: snippet(body) };
}

function tokenIn(value: unknown): string | undefined {
  if (typeof value === 'string') return BARE_TOKEN.test(value.trim()) ? value.trim() : undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of ['access_token', 'token', 'accessToken']) {
      const found = fieldOf(value as Record<string, unknown>, key);
      if (typeof found === 'string' && BARE_TOKEN.test(found.trim())) return found.trim();
    }
  }
  return undefined;
}

// ---- Command replies ------------------------------------------------------------------------

export type CommandReply =
  | { readonly kind: 'ok'; readonly detail: string }
  /** 401, or a reply that says the token is invalid or expired: log in again once. */
  | { readonly kind: 'token-rejected' }
  /** The server understood and said no, in its own words. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** 404: this RanderWEB has no such command. */
  | { readonly kind: 'not-found' }
  | { readonly kind: 'http-error'; readonly status: number }
  /** Not something RanderWEB says (an HTML page from a proxy…). */
  | { readonly kind: 'unexpected'; readonly detail: string };

/** Words a RanderWEB (or the ASP.NET under it) may use for a bad token [?]. */
export const INVALID_TOKEN =
  /invalid[\s_-]*token|token[^.]{0,24}(invalid|expired|not valid)|(invalid|expired|bad)[^.]{0,12}token|authori[sz]ation has been denied|unauthori[sz]ed|токен[^.]{0,24}(недейств|неверн|истек|устар)|(недейств|неверн|истекш)[^.]{0,12}токен/i;
/** Words that make a 200 text reply a refusal rather than a success [?]. */
const FAILURE_WORDS =
  /^(?:error|fail|failed|false|denied|ошибка|отказ)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:error|failed|not found|не найден|ошибка|невозможно|недоступ)/iu;

/** Any JSON value; a reply that is not JSON is read as text. */
const replySchema = z.union([z.boolean(), z.number(), z.string(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

/**
 * Reads a Web API reply defensively. Success is any 2xx that does not say otherwise: empty, `true`,
 * `"OK"`, an object whose Success/Result is not false and that carries no Error. The reply shapes
 * are not documented [?]: ASP.NET Web API's own errors are `{"Message": …, "ExceptionMessage"?: …}`.
 */
export function readCommandReply(status: number, body: string): CommandReply {
  const trimmed = body.trim();
  if (status === 401) return { kind: 'token-rejected' };
  if (status === 404) return { kind: 'not-found' };
  const json = parseJson(trimmed);
  if (json === NOT_JSON && looksLikeHtml(trimmed)) return { kind: 'unexpected', detail: snippet(trimmed) };
  const parsed = json === NOT_JSON ? { success: true as const, data: trimmed } : replySchema.safeParse(json);
  if (!parsed.success) return { kind: 'unexpected', detail: snippet(trimmed) };
  const value = parsed.data;
  const message = messageOf(value);
  if (message && INVALID_TOKEN.test(message)) return { kind: 'token-rejected' };
  // 400/403/500 with ASP.NET's {"Message": …}: the server's own words are the best sentence.
  if (status >= 400) return message ? { kind: 'refused', detail: message } : { kind: 'http-error', status };
  if (status >= 300) return { kind: 'http-error', status };
  if (value === false) return { kind: 'refused', detail: 'false' };
  if (typeof value === 'string') {
    return FAILURE_WORDS.test(value) ? { kind: 'refused', detail: value } : { kind: 'ok', detail: value };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const verdict = fieldOf(record, 'Success') ?? fieldOf(record, 'Result') ?? fieldOf(record, 'Ok');
    const error = fieldOf(record, 'Error') ?? fieldOf(record, 'ErrorMessage') ?? fieldOf(record, 'ExceptionMessage');
    if (verdict === false || (typeof error === 'string' && error.trim() !== '') || error === true) {
      return { kind: 'refused', detail: message || 'false' };
    }
    return { kind: 'ok', detail: message };
  }
  return { kind: 'ok', detail: value === null ? '' : String(value) };
}

function messageOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const record = value as Record<string, unknown>;
  for (const key of ['ExceptionMessage', 'ErrorMessage', 'Error', 'error_description', 'Message', 'Description', 'Text']) {
    const found = fieldOf(record, key);
    if (typeof found === 'string' && found.trim() !== '') return found.trim();
  }
  return '';
}

function isWebApiError(value: unknown): boolean {
  return messageOf(value) !== '';
}

function webApiMessage(value: unknown): string {
  return messageOf(value);
}

// ---- SignalR hub ----------------------------------------------------------------------------

/** The hub route (`useDefaultPath`) under the server's origin. */
export const SIGNALR_PATH = '/signalr';
/** SignalR 2.2's protocol; the first request says so (protocols.md §4.2). */
export const CLIENT_PROTOCOL = '1.5';
/**
 * Negotiate replies Ringside accepts. 1.5 is SignalR 2.2; 1.4 (SignalR 2.1) already has the
 * /start request and the same WebSocket framing [?: the jQuery 2.2 client would refuse it].
 * Older servers (1.3, SignalR 2.0) have no /start and are refused with a sentence.
 */
export const ACCEPTED_PROTOCOLS: readonly string[] = ['1.5', '1.4'];

/**
 * The hub method behind the demo's "Set My Extension" button [?]: subscribes this connection to the
 * line-state messages of one extension; called with `[extension]`. The demo allows up to 5 per
 * connection; Ringside subscribes once (again after every reconnect).
 */
export const SUBSCRIBE_METHOD = 'SetMyExtension';

/**
 * Server→client methods that carry a line state [?]. Matched case-insensitively, like the jQuery
 * client does. Any other method is read too when its first argument is an object with a state
 * field (see LINE_FIELDS); positional arguments are only read for these.
 */
export const LINE_STATE_METHODS: readonly string[] = ['lineStateChanged', 'lineState', 'onLineState'];

/**
 * Names a line-state object's fields may have [?], first match wins, compared case-insensitively.
 * The first name of each list is what the simulator sends.
 */
export const LINE_FIELDS = {
  line: ['Line', 'Extension', 'Ext', 'LineNumber'],
  state: ['State', 'CallState', 'LineState', 'Status'],
  callId: ['CallId', 'CallID', 'Id', 'hCall', 'CallHandle'],
  callerNumber: ['CallerId', 'CallerNumber', 'CallerIdNumber', 'Caller', 'From'],
  callerName: ['CallerName', 'CallerIdName', 'FromName', 'Name'],
  calledNumber: ['CalledId', 'CalledNumber', 'Called', 'To', 'DialedNumber'],
  calledName: ['CalledName', 'CalledIdName', 'ToName'],
  direction: ['Direction', 'CallDirection', 'Origin'],
} as const satisfies Record<string, readonly string[]>;

/** Positional arguments of a LINE_STATE_METHODS call [?]: `(line, state, callerId, callerName, callId, calledId)`. */
export const LINE_POSITIONAL: readonly (keyof typeof LINE_FIELDS)[] = ['line', 'state', 'callerNumber', 'callerName', 'callId', 'calledNumber'];

/** What Ringside makes of a line state. */
export type LineCallState = 'idle' | 'offering' | 'dialing' | 'ringback' | 'connected' | 'held' | 'busy' | 'failed' | 'disconnected';

/**
 * State words [?]. Rander drives the PBX through TAPI, so its states are most likely TAPI's
 * LINECALLSTATE_* names (accepted with or without that prefix) or their numeric values; a few
 * plain English and Russian words are accepted as well. Compared upper-cased.
 */
export const STATE_WORDS: Readonly<Record<string, LineCallState>> = {
  IDLE: 'idle',
  FREE: 'idle',
  ONHOOK: 'idle',
  OFFERING: 'offering',
  ACCEPTED: 'offering',
  RING: 'offering',
  RINGING: 'offering',
  INCOMING: 'offering',
  ALERTING: 'offering',
  DIALTONE: 'dialing',
  DIALING: 'dialing',
  DIALLING: 'dialing',
  PROCEEDING: 'dialing',
  CALLING: 'dialing',
  OUTGOING: 'dialing',
  RINGBACK: 'ringback',
  CONNECTED: 'connected',
  TALK: 'connected',
  TALKING: 'connected',
  ANSWERED: 'connected',
  CONFERENCED: 'connected',
  ONHOLD: 'held',
  HOLD: 'held',
  HELD: 'held',
  ONHOLDPENDCONF: 'held',
  ONHOLDPENDTRANSFER: 'held',
  BUSY: 'busy',
  SPECIALINFO: 'failed',
  DISCONNECTED: 'disconnected',
  HANGUP: 'disconnected',
  СВОБОДНА: 'idle',
  СВОБОДЕН: 'idle',
  ВЫЗОВ: 'offering',
  ЗВОНОК: 'offering',
  НАБОР: 'dialing',
  РАЗГОВОР: 'connected',
  УДЕРЖАНИЕ: 'held',
  ЗАНЯТО: 'busy',
  ЗАНЯТ: 'busy',
};

/** TAPI LINECALLSTATE_* bit values (tapi.h), for a server that sends the number. */
export const TAPI_CALL_STATES: Readonly<Record<number, LineCallState>> = {
  0x1: 'idle',
  0x2: 'offering',
  0x4: 'offering',
  0x8: 'dialing',
  0x10: 'dialing',
  0x20: 'ringback',
  0x40: 'busy',
  0x80: 'failed',
  0x100: 'connected',
  0x200: 'dialing',
  0x400: 'held',
  0x800: 'connected',
  0x1000: 'held',
  0x2000: 'held',
  0x4000: 'disconnected',
};

export const DIRECTION_WORDS: Readonly<Record<string, 'in' | 'out'>> = {
  IN: 'in',
  INCOMING: 'in',
  INBOUND: 'in',
  ВХОДЯЩИЙ: 'in',
  OUT: 'out',
  OUTGOING: 'out',
  OUTBOUND: 'out',
  ИСХОДЯЩИЙ: 'out',
};

// ---- helpers --------------------------------------------------------------------------------

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return NOT_JSON;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** A field by name, compared case-insensitively (ASP.NET serialises PascalCase, some apps camelCase). */
export function fieldOf(record: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}

function looksLikeHtml(text: string): boolean {
  return /^<(!doctype|html|head|body|\?xml)/i.test(text);
}

/** The start of a reply, for a sentence: an HTML page's title, else its text, at most 80 characters. */
export function snippet(body: string): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(body)?.[1];
  const flat = (title ?? body).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat || '(empty)';
}
