// Node's fetch keeps no cookies; browsers do (and AJAM sessions live in the mansession_id
// cookie). This wraps fetch with a minimal jar for one origin so the drivers run against the
// simulators exactly as in the browser: credentials 'include' sends and stores cookies,
// 'omit' does neither (toolchain.md §4).
export function fetchWithCookieJar(): typeof fetch & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  const wrapped = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const omit = init.credentials === 'omit';
    const headers = new Headers(init.headers);
    if (!omit && cookies.size) headers.set('Cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(input, { ...init, headers });
    if (!omit) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        if (eq > 0) cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
    }
    return response;
  }) as typeof fetch & { cookies: Map<string, string> };
  wrapped.cookies = cookies;
  return wrapped;
}
