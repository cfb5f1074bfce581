// Whether Ringside may talk to the phone's origin (DESIGN.md "Least privilege"). The answer is
// kept ready for the pattern of the address being typed, because permissions.request only
// counts as a user's action when it is called at once in the click handler, before any await.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';

export interface HostAccess {
  /** The pattern the answer is about. */
  readonly pattern: string | undefined;
  /** undefined while asking the browser. */
  readonly granted: boolean | undefined;
  /** The answer for this pattern: the one at hand, or the browser's when it is not known yet. */
  check(pattern: string): Promise<boolean>;
  /** Asks the user. Call synchronously from a click handler. */
  request(pattern: string): Promise<boolean>;
}

export function useHostAccess(pattern: string | undefined): HostAccess {
  const [state, setState] = useState<{ pattern: string | undefined; granted: boolean | undefined }>({
    pattern,
    granted: undefined,
  });
  const latest = useRef(pattern);
  latest.current = pattern;

  const ask = useCallback(async (p: string): Promise<boolean> => {
    try {
      return await browser.permissions.contains({ origins: [p] });
    } catch {
      return false;
    }
  }, []);

  const refresh = useCallback(() => {
    const p = latest.current;
    if (!p) {
      setState({ pattern: undefined, granted: undefined });
      return;
    }
    setState({ pattern: p, granted: undefined });
    void ask(p).then((granted) => {
      if (latest.current === p) setState({ pattern: p, granted });
    });
  }, [ask]);

  useEffect(refresh, [pattern, refresh]);

  useEffect(() => {
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [refresh]);

  const check = useCallback(
    (p: string) => (state.pattern === p && state.granted !== undefined ? Promise.resolve(state.granted) : ask(p)),
    [state, ask],
  );

  const request = useCallback(
    (p: string): Promise<boolean> => {
      let asked: Promise<boolean>;
      try {
        asked = browser.permissions.request({ origins: [p] });
      } catch {
        return Promise.resolve(false);
      }
      return asked
        .catch(() => false)
        .then((granted) => {
          if (latest.current === p) setState({ pattern: p, granted });
          return granted;
        });
    },
    [],
  );

  return { pattern: state.pattern === pattern ? state.pattern : pattern, granted: state.pattern === pattern ? state.granted : undefined, check, request };
}
