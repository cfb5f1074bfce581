import type { HostAccess } from './useHostAccess.ts';

/**
 * Makes sure Ringside may reach `pattern`, asking the user only when it may not. Call it
 * synchronously from the click handler: when the answer is already known to be "no",
 * permissions.request is called at once, while the browser still counts the click.
 */
export function ensureAccess(access: HostAccess, pattern: string): Promise<boolean> {
  if (access.pattern === pattern && access.granted === true) return Promise.resolve(true);
  if (access.pattern === pattern && access.granted === false) return access.request(pattern);
  // The check for this address is still running (the user clicked right after typing):
  // wait for it, and ask only if needed. Chrome still counts the click then; Firefox may not,
  // and then the refusal is explained and a second click works.
  return access.check(pattern).then((granted) => granted || access.request(pattern));
}
