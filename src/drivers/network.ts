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
