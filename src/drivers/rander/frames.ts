// The ASP.NET SignalR 2 wire protocol (not ASP.NET Core SignalR), as the jQuery client 2.2 speaks
// it (shared/reference/protocols.md §4.2; SignalR/SignalR@2.2 jquery.signalR.core.js,
// jquery.signalR.transports.common.js getUrl/prepareQueryString/getAjaxUrl, jquery.signalR.hubs.js):
// the URLs of negotiate / connect / reconnect / start / abort, and the frames a server sends.
// Pure: no I/O. Hub-specific names (hub, methods) come from the caller.
import { z } from 'zod';
import { ACCEPTED_PROTOCOLS, CLIENT_PROTOCOL, SIGNALR_PATH, TOKEN_PARAM } from './commands.ts';

export interface HubTarget {
  /** "http://rander.local:5005" */
  readonly origin: string;
  /** Hub name as configured; the wire uses it lower-cased, as the jQuery client does. */
  readonly hub: string;
}

/** `[{"name":"<hub lower-case>"}]` — the connectionData of a hubs connection. */
export function connectionData(hub: string): string {
  return JSON.stringify([{ name: hub.toLowerCase() }]);
}

/** Query parameters after the transport-specific ones, in the jQuery client's order (prepareQueryString). */
function commonQuery(protocol: string, token: string, connectionToken: string | undefined, hub: string): string {
  let query = `clientProtocol=${encodeURIComponent(protocol)}&${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  if (connectionToken !== undefined) query += `&connectionToken=${encodeURIComponent(connectionToken)}`;
  return `${query}&connectionData=${encodeURIComponent(connectionData(hub))}`;
}

/** `GET <origin>/signalr/negotiate?clientProtocol=1.5&token=…&connectionData=[{"name":"hub"}]` */
export function negotiateUrl(target: HubTarget, token: string): string {
  return `${target.origin}${SIGNALR_PATH}/negotiate?${commonQuery(CLIENT_PROTOCOL, token, undefined, target.hub)}`;
}

export interface ConnectionState {
  /** App-relative path from negotiate's Url ("/signalr"). */
  readonly path: string;
  readonly protocol: string;
  readonly connectionToken: string;
  /** Last `C` seen: what /reconnect resends from. */
  readonly messageId: string | undefined;
  readonly groupsToken: string | undefined;
}

/**
 * The WebSocket URL of `/connect` or `/reconnect`: `ws(s)://host/signalr/connect?transport=webSockets
 * [&groupsToken=…][&messageId=…]&clientProtocol=1.5&token=…&connectionToken=…&connectionData=…&tid=N`.
 * `tid` is the client's random 0–10 (it only defeats caches).
 */
export function transportUrl(
  kind: 'connect' | 'reconnect',
  target: HubTarget,
  token: string,
  state: ConnectionState,
  tid: number,
): string {
  const origin = target.origin.replace(/^http/i, 'ws');
  let query = 'transport=webSockets';
  if (state.groupsToken) query += `&groupsToken=${encodeURIComponent(state.groupsToken)}`;
  if (kind === 'reconnect' && state.messageId) query += `&messageId=${encodeURIComponent(state.messageId)}`;
  query += `&${commonQuery(state.protocol, token, state.connectionToken, target.hub)}`;
  return `${origin}${state.path}/${kind}?${query}&tid=${Math.max(0, Math.min(10, Math.floor(tid)))}`;
}

/** `GET /signalr/start?…` and `POST /signalr/abort?…` (getAjaxUrl: no messageId, no tid). */
export function ajaxUrl(kind: 'start' | 'abort', target: HubTarget, token: string, state: ConnectionState): string {
  let query = 'transport=webSockets';
  if (kind === 'start' && state.groupsToken) query += `&groupsToken=${encodeURIComponent(state.groupsToken)}`;
  return `${target.origin}${state.path}/${kind}?${query}&${commonQuery(state.protocol, token, state.connectionToken, target.hub)}`;
}

// ---- negotiate ------------------------------------------------------------------------------

export interface Negotiation {
  readonly path: string;
  readonly connectionToken: string;
  readonly connectionId: string;
  /** Undefined when the server has keep-alives switched off. */
  readonly keepAliveTimeoutMs: number | undefined;
  readonly disconnectTimeoutMs: number;
  readonly transportConnectTimeoutMs: number;
  readonly protocolVersion: string;
}

const negotiateSchema = z.looseObject({
  Url: z.string(),
  ConnectionToken: z.string().min(1),
  ConnectionId: z.string(),
  KeepAliveTimeout: z.number().positive().nullable().optional(),
  DisconnectTimeout: z.number().nonnegative(),
  ConnectionTimeout: z.number().optional(),
  TryWebSockets: z.boolean(),
  ProtocolVersion: z.string(),
  TransportConnectTimeout: z.number().nonnegative().optional(),
  LongPollDelay: z.number().optional(),
});

export type NegotiateReply =
  | { readonly kind: 'ok'; readonly negotiation: Negotiation }
  /** 401/403: the hub wants an authenticated user and the token is not (or no longer) one. */
  | { readonly kind: 'unauthorized'; readonly status: number }
  /** 404: nothing at /signalr. */
  | { readonly kind: 'not-found' }
  /** HubDispatcher: "'<name>' Hub could not be resolved." (500). */
  | { readonly kind: 'hub-unknown'; readonly detail: string }
  | { readonly kind: 'protocol'; readonly serverVersion: string }
  | { readonly kind: 'no-websockets' }
  | { readonly kind: 'http-error'; readonly status: number; readonly detail: string }
  | { readonly kind: 'unexpected'; readonly detail: string };

export function readNegotiateReply(status: number, body: string): NegotiateReply {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 404) return { kind: 'not-found' };
  if (/hub could not be resolved/i.test(body)) return { kind: 'hub-unknown', detail: firstLine(body) };
  if (status >= 300) return { kind: 'http-error', status, detail: firstLine(body) };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'unexpected', detail: firstLine(body) };
  }
  const version = z.looseObject({ ProtocolVersion: z.string() }).safeParse(json);
  if (version.success && !ACCEPTED_PROTOCOLS.includes(version.data.ProtocolVersion)) {
    return { kind: 'protocol', serverVersion: version.data.ProtocolVersion };
  }
  const parsed = negotiateSchema.safeParse(json);
  if (!parsed.success) return { kind: 'unexpected', detail: firstLine(body) };
  const data = parsed.data;
  if (!data.TryWebSockets) return { kind: 'no-websockets' };
  // Only a path on the configured origin: a negotiate reply must not send the socket elsewhere
  // (WebSocketServerUrl is ignored for the same reason).
  const path = /^\/[A-Za-z0-9\-._~/]*$/.test(data.Url) && !data.Url.includes('//') ? data.Url.replace(/\/+$/, '') : SIGNALR_PATH;
  return {
    kind: 'ok',
    negotiation: {
      path: path || SIGNALR_PATH,
      connectionToken: data.ConnectionToken,
      connectionId: data.ConnectionId,
      keepAliveTimeoutMs: data.KeepAliveTimeout ? data.KeepAliveTimeout * 1000 : undefined,
      disconnectTimeoutMs: data.DisconnectTimeout * 1000,
      transportConnectTimeoutMs: (data.TransportConnectTimeout ?? 5) * 1000,
      protocolVersion: data.ProtocolVersion,
    },
  };
}

/** `{"Response":"started"}` */
export function isStartedReply(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    return z.looseObject({ Response: z.literal('started') }).safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

// ---- frames ---------------------------------------------------------------------------------

export interface HubMessage {
  readonly hub: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

export type ServerFrame =
  /** `{}` every KeepAlive seconds. */
  | { readonly kind: 'keep-alive' }
  /** A persistent response: `{"C":…, "S":1?, "T":1?, "D":1?, "G":…?, "M":[…]}`. */
  | {
      readonly kind: 'persistent';
      readonly messageId: string | undefined;
      /** `S`: the init frame of /connect. */
      readonly initialized: boolean;
      /** `T`: the server asks the client to reconnect. */
      readonly shouldReconnect: boolean;
      /** `D`: the server disconnects the client (SignalR 1.x/2.0). */
      readonly disconnect: boolean;
      readonly groupsToken: string | undefined;
      readonly messages: readonly HubMessage[];
      /**
       * Invocation replies found inside M. SignalR 2 sends them as frames of their own over
       * WebSockets (HubDispatcher writes them to the transport directly); accepted here too.
       */
      readonly replies: readonly InvocationReply[];
      /** Entries of M that were neither. */
      readonly skipped: number;
    }
  | InvocationReply
  | { readonly kind: 'invalid'; readonly detail: string };

export type InvocationReply =
  /** Reply to an invocation: `{"I":"0","R":…}` (R absent for a void method). */
  | { readonly kind: 'result'; readonly id: string; readonly result: unknown }
  /** `{"I":"0","E":"message","H":true?,"D":…?}` */
  | { readonly kind: 'error'; readonly id: string; readonly error: string; readonly hubException: boolean }
  /** `{"I":"P|0","P":{"I":"0","D":…}}` */
  | { readonly kind: 'progress'; readonly id: string };

const hubMessageSchema = z.looseObject({ H: z.string(), M: z.string(), A: z.array(z.unknown()).optional() });
const cursorSchema = z.union([z.string(), z.number()]).transform(String);
const persistentSchema = z.looseObject({
  C: cursorSchema.optional(),
  S: z.unknown().optional(),
  T: z.unknown().optional(),
  D: z.unknown().optional(),
  G: z.string().optional(),
  M: z.array(z.unknown()).optional(),
});
const invocationReplySchema = z.looseObject({
  I: cursorSchema,
  R: z.unknown().optional(),
  E: z.string().optional(),
  H: z.boolean().optional(),
  P: z.unknown().optional(),
});

export function parseServerFrame(text: string): ServerFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', detail: text.slice(0, 80) };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { kind: 'invalid', detail: text.slice(0, 80) };
  const keys = Object.keys(json);
  if (keys.length === 0) return { kind: 'keep-alive' };
  if ('I' in json) return invocationReplyOf(json) ?? { kind: 'invalid', detail: text.slice(0, 80) };
  const persistent = persistentSchema.safeParse(json);
  if (!persistent.success) return { kind: 'invalid', detail: text.slice(0, 80) };
  const data = persistent.data;
  const messages: HubMessage[] = [];
  const replies: InvocationReply[] = [];
  let skipped = 0;
  for (const entry of data.M ?? []) {
    const hubMessage = hubMessageSchema.safeParse(entry);
    const reply = hubMessage.success ? undefined : invocationReplyOf(entry);
    if (hubMessage.success) messages.push({ hub: hubMessage.data.H, method: hubMessage.data.M, args: hubMessage.data.A ?? [] });
    else if (reply) replies.push(reply);
    else skipped += 1;
  }
  return {
    kind: 'persistent',
    messageId: data.C,
    initialized: data.S !== undefined,
    shouldReconnect: data.T !== undefined,
    disconnect: data.D !== undefined,
    groupsToken: data.G,
    messages,
    replies,
    skipped,
  };
}

function invocationReplyOf(value: unknown): InvocationReply | undefined {
  const reply = invocationReplySchema.safeParse(value);
  if (!reply.success) return undefined;
  const { I, E, R, P } = reply.data;
  if (P !== undefined || I.startsWith('P|')) return { kind: 'progress', id: I.replace(/^P\|/, '') };
  if (E !== undefined) return { kind: 'error', id: I, error: E, hubException: reply.data.H === true };
  return { kind: 'result', id: I, result: R };
}

/** `{"H":"<hub lower-case>","M":"<Method>","A":[…],"I":"<n>"}` */
export function invocationFrame(hub: string, method: string, args: readonly unknown[], id: number): string {
  return JSON.stringify({ H: hub.toLowerCase(), M: method, A: args, I: String(id) });
}

function firstLine(body: string): string {
  const title = /<title>([^<]{1,120})<\/title>/i.exec(body)?.[1];
  const flat = (title ?? body).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat || '(empty)';
}
