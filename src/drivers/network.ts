// Classifies a failed fetch. Browsers hide the reason behind one TypeError ("Failed to fetch",
// "NetworkError when attempting to fetch resource."), so the platform layer may supply the
// network error code it saw (webRequest.onErrorOccurred: "net::ERR_CONNECTION_REFUSED",
// "NS_ERROR_CONNECTION_REFUSED", "SEC_ERROR_UNKNOWN_ISSUER"…); Node's fetch, used by the tests,
// carries it as error.cause.code. Without a code, timing is the last resort: a refusal arrives
// at once, an unreachable host makes the browser wait.

export type NetworkFailureKind = 'refused' | 'unreachable' | 'untrusted-certificate' | 'timeout' | 'network';

const CERT_CODES = /CERT|SSL|SEC_ERROR|MOZILLA_PKIX|SSL_ERROR|TLS/i;
const REFUSED_CODES = /CONNECTION_REFUSED|ECONNREFUSED|CONNECTION_RESET|ECONNRESET/i;
const UNREACHABLE_CODES =
  /ADDRESS_UNREACHABLE|NAME_NOT_RESOLVED|UNKNOWN_HOST|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|INTERNET_DISCONNECTED|NET_INTERRUPT|CONNECTION_TIMED_OUT|ETIMEDOUT|ADDRESS_INVALID|NETWORK_CHANGED|EMPTY_RESPONSE|UND_ERR_SOCKET|SOCKET_NOT_CONNECTED|CONNECTION_CLOSED|NET_RESET/i;

export function classifyNetworkCode(code: string | undefined): NetworkFailureKind | undefined {
  if (!code) return undefined;
  if (CERT_CODES.test(code)) return 'untrusted-certificate';
  if (REFUSED_CODES.test(code)) return 'refused';
  if (UNREACHABLE_CODES.test(code)) return 'unreachable';
  return 'network';
}

/** Node's undici puts the system error code on error.cause (or cause.cause). */
export function nodeErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface TimedRequestOptions {
  readonly timeoutMs: number;
  /** Aborts the request (the loop was stopped): reported as 'aborted', not as a failure. */
  readonly signal?: AbortSignal;
  /** Explains a failed fetch with the browser's network error code, when the platform can. */
  readonly explain?: (url: string, error: unknown) => Promise<string | undefined>;
}

export type TimedReply =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly failure: { readonly kind: NetworkFailureKind | 'aborted' } };

/** One HTTP request with its own timeout, its body read as text, and a failure told apart. */
export async function fetchText(
  io: { readonly fetch: typeof fetch; readonly now: () => number },
  url: string,
  init: RequestInit,
  options: TimedRequestOptions,
): Promise<TimedReply> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const started = io.now();
  try {
    const response = await io.fetch(url, { ...init, cache: 'no-store', signal });
    return { ok: true, status: response.status, body: await response.text() };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, failure: { kind: 'aborted' } };
    if (timeout.signal.aborted) return { ok: false, failure: { kind: 'timeout' } };
    const code = nodeErrorCode(error) ?? (await options.explain?.(url, error));
    const kind = classifyNetworkCode(code);
    if (kind) return { ok: false, failure: { kind } };
    // No code: a refusal comes back at once; a host that is not there makes the browser wait.
    return { ok: false, failure: { kind: io.now() - started < 1500 ? 'network' : 'unreachable' } };
  } finally {
    clearTimeout(timer);
  }
}
