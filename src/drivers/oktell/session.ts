// Starting an Oktell WebSocket session: open (following one websocketredirect to wss://…:443),
// log in, read the server version and the user's own info (protocols.md §3.3, [SRC oktell.js
// connect()]). Every method after login carries `userlogin`, as oktell.js adds it to all of them.
import type { WebSocketFactory } from '../contract.ts';
import { OktellConnection, type OpenFailure, type RequestOutcome } from './connection.ts';
import { replyError, type OktellParams } from './frames.ts';
import { loginFailureOf, loginParams, type LoginFailure } from './login.ts';
import { redirectedWebSocketUrl } from './target.ts';

export interface SessionTiming {
  readonly openTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface OktellAccount {
  readonly login: string;
  readonly password: string;
}

/** What the server said about itself and the user after login. */
export interface SessionInfo {
  readonly userId: string;
  /** getversion version.build, e.g. "2.12.4.160222"; '' when unknown. */
  readonly build: string;
  /** getversion version.dated, e.g. 160222 (YYMMDD); undefined when unknown. */
  readonly dated: number | undefined;
  /** getmyuserinfo username. */
  readonly userName: string;
  /** getmyuserinfo linenumber, else mainpbxnumber. */
  readonly lineNumber: string;
}

export type SessionFailure =
  | { readonly kind: 'open'; readonly failure: OpenFailure; readonly url: string }
  | { readonly kind: 'login'; readonly failure: LoginFailure }
  /** The socket closed or stopped answering during login. */
  | { readonly kind: 'lost' };

export type SessionStart =
  | { readonly ok: true; readonly connection: OktellConnection; readonly info: SessionInfo }
  | { readonly ok: false; readonly failure: SessionFailure };

export function withLogin(login: string, params: OktellParams = {}): OktellParams {
  return { userlogin: login, ...params };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function datedOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]{5,8}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

async function open(factory: WebSocketFactory, url: string, timing: SessionTiming, signal?: AbortSignal) {
  const first = await OktellConnection.open(factory, url, timing.openTimeoutMs, signal);
  if (first.ok || first.failure !== 'redirect') return { result: first, url };
  // The server wants wss:// (oktell.js reconnects to port 443 once).
  const secureUrl = redirectedWebSocketUrl(url);
  const second = await OktellConnection.open(factory, secureUrl, timing.openTimeoutMs, signal);
  return { result: second.ok || second.failure === 'aborted' ? second : { ok: false as const, failure: 'redirect' as const }, url: secureUrl };
}

export async function startSession(
  factory: WebSocketFactory,
  url: string,
  account: OktellAccount,
  timing: SessionTiming,
  signal?: AbortSignal,
): Promise<SessionStart> {
  const opened = await open(factory, url, timing, signal);
  if (!opened.result.ok) return { ok: false, failure: { kind: 'open', failure: opened.result.failure, url: opened.url } };
  const connection = opened.result.connection;
  const request = (method: string, params: OktellParams): Promise<RequestOutcome> =>
    connection.request(method, withLogin(account.login, params), timing.requestTimeoutMs);

  const login = await request('login', loginParams(account.login, account.password));
  if (!login.ok) {
    connection.close();
    return { ok: false, failure: { kind: 'lost' } };
  }
  const failure = loginFailureOf(login.params);
  if (failure) {
    connection.close();
    return { ok: false, failure: { kind: 'login', failure } };
  }
  // Neither is needed to work: a failure leaves the fields empty.
  const version = await request('getversion', {});
  const me = await request('getmyuserinfo', {});
  if (connection.closed) return { ok: false, failure: { kind: 'lost' } };
  const v = version.ok && !replyError(version.params) && typeof version.params.version === 'object' && version.params.version !== null
    ? (version.params.version as Record<string, unknown>)
    : {};
  const m = me.ok && !replyError(me.params) ? me.params : {};
  return {
    ok: true,
    connection,
    info: {
      userId: str(login.params.userid),
      build: str(v.build),
      dated: datedOf(v.dated),
      userName: str(m.username),
      lineNumber: str(m.linenumber) || str(m.mainpbxnumber),
    },
  };
}
