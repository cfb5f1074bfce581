// What the content script needs from the browser, and the Chrome/Firefox differences on the
// page side, in one place (DESIGN.md "Style to follow"). The content script runs on every page,
// so it does not load webextension-polyfill (10 kB per frame): in MV3 both browsers return
// promises from the few calls it makes — Firefox as `browser.*`, Chrome as `chrome.*`.

type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;

/** The slice of the extension API the content script uses (so tests can hand in a fake). */
export interface ContentApi {
  /** storage.local.get(key)[key] */
  readStored(key: string): Promise<unknown>;
  onStorageChanged(listener: (changes: StorageChanges, area: string) => void): () => void;
  /** runtime.sendMessage to the background; resolves with its reply. */
  sendMessage(message: unknown): Promise<unknown>;
  /** runtime.onMessage from the extension's own pages (the popup); the reply is returned. */
  onMessage(listener: (message: unknown) => unknown): () => void;
  /** i18n.getMessage; the key itself when the locale has no such message. */
  t(key: string, subs?: readonly string[]): string;
  /** i18n.getUILanguage: the background reads the region "auto" from it too. */
  uiLanguage(): string;
}

interface MinimalEvent<L> {
  addListener(listener: L): void;
  removeListener(listener: L): void;
}

interface MinimalExtension {
  runtime: {
    id?: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: MinimalEvent<(message: unknown, sender: unknown, respond: (reply: unknown) => void) => boolean | undefined | Promise<unknown>>;
  };
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: MinimalEvent<(changes: StorageChanges, area: string) => void>;
  };
  i18n: { getMessage(key: string, subs?: string[]): string; getUILanguage(): string };
}

function extensionGlobal(): MinimalExtension | undefined {
  const g = globalThis as { browser?: MinimalExtension; chrome?: MinimalExtension };
  // Firefox has both; its `browser` is the promise-native one. Chrome has only `chrome`.
  if (g.browser?.runtime?.id) return g.browser;
  if (g.chrome?.runtime?.id) return g.chrome;
  return undefined;
}

/** The real extension API, or undefined outside an extension (tests, a stale script after an update). */
export function contentApi(): ContentApi | undefined {
  const ext = extensionGlobal();
  if (!ext) return undefined;
  return {
    readStored: async (key) => (await ext.storage.local.get(key))[key],
    onStorageChanged(listener) {
      ext.storage.onChanged.addListener(listener);
      return () => ext.storage.onChanged.removeListener(listener);
    },
    sendMessage: (message) => ext.runtime.sendMessage(message),
    onMessage(listener) {
      // sendResponse + `return true` works in both browsers; a listener's returned promise is
      // not honoured by every Chrome version.
      const wrapped = (message: unknown, _sender: unknown, respond: (reply: unknown) => void) => {
        const reply = listener(message);
        if (reply === undefined) return undefined;
        void Promise.resolve(reply).then(respond, () => respond(undefined));
        return true;
      };
      ext.runtime.onMessage.addListener(wrapped);
      return () => ext.runtime.onMessage.removeListener(wrapped);
    },
    t: (key, subs) => ext.i18n.getMessage(key, subs ? [...subs] : undefined) || key,
    uiLanguage: () => ext.i18n.getUILanguage(),
  };
}

/**
 * The host names whose switch applies to this frame: the top page's (what the popup shows and
 * toggles) and the frame's own. A cross-origin frame cannot read top.location; Chrome tells it
 * the ancestors' origins (location.ancestorOrigins), Firefox does not, so there a cross-origin
 * frame only knows its own host.
 */
export function framingHosts(win: Window): string[] {
  const hosts: string[] = [];
  try {
    const top = win.top?.location.hostname;
    if (top) hosts.push(top);
  } catch {
    const origins = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
    const last = origins && origins.length > 0 ? origins.item(origins.length - 1) : null;
    if (last) {
      try {
        hosts.push(new URL(last).hostname);
      } catch {
        // An opaque origin ("null"): nothing to add.
      }
    }
  }
  const own = win.location.hostname;
  if (own && !hosts.includes(own)) hosts.push(own);
  return hosts;
}

/** CSS Custom Highlight API: Chrome 105+, Firefox 140+, Safari 17.2+. */
export function highlightsSupported(win: Window): boolean {
  const w = win as Window & { Highlight?: unknown; CSS?: { highlights?: unknown } };
  return typeof w.Highlight === 'function' && w.CSS?.highlights !== undefined;
}

/**
 * A range that does not follow DOM edits. Live Ranges are updated by the browser on every
 * mutation of the document, which costs every page edit O(number of ranges) — with 20,000
 * numbers marked that slows the page itself. StaticRange (Chrome 60+, Firefox 69+) costs
 * nothing until painted; Ringside drops stale ones itself when the text changes.
 */
export function makeRange(doc: Document, node: Text, start: number, end: number): AbstractRange {
  const win = doc.defaultView as (Window & { StaticRange?: typeof StaticRange }) | null;
  if (win?.StaticRange) return new win.StaticRange({ startContainer: node, startOffset: start, endContainer: node, endOffset: end });
  const range = doc.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range;
}

/**
 * The text position under a point: document.caretPositionFromPoint (Firefox; Chrome 128+, which
 * also looks into the given shadow roots) or the older WebKit caretRangeFromPoint.
 */
export function caretAt(doc: Document, x: number, y: number, shadowRoots: ShadowRoot[] = []): { node: Node; offset: number } | undefined {
  const d = doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null };
  if (typeof d.caretPositionFromPoint === 'function') {
    const position = shadowRoots.length ? d.caretPositionFromPoint(x, y, { shadowRoots }) : d.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : undefined;
  }
  if (typeof d.caretRangeFromPoint === 'function') {
    const range = d.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
  }
  return undefined;
}

/**
 * Adds a stylesheet to an open shadow root, whose content the page's and the manifest's CSS do
 * not reach. A constructed sheet leaves the shadow tree's nodes alone; where adopting one from a
 * content script fails (Firefox's Xray wrappers have refused it), a <style> element does it.
 */
export function addShadowStyles(root: ShadowRoot, css: string): void {
  try {
    const win = root.ownerDocument.defaultView as (Window & typeof globalThis) | null;
    if (!win) throw new Error('no window');
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.setAttribute('data-ringside', 'style');
    style.textContent = css;
    root.append(style);
  }
}

/**
 * Slices of background work. Chrome (94+) and Firefox (142+) have scheduler.postTask: a
 * "background" task runs after everything the page and the user are waiting for, yet not only in
 * idle periods — idle callbacks posted from an idle callback wait for the next idle period, which
 * left 5 MB pages 80 % idle between 8 ms slices. Else requestIdleCallback (with a timeout, so a
 * page that is never idle still gets its numbers), else a timer. Returns a cancel function.
 */
export function requestSlice(win: Window, run: (deadline: { timeRemaining(): number }) => void, timeoutMs: number): () => void {
  const w = win as Window & {
    scheduler?: { postTask?: (task: () => void, options: { priority: string; signal?: AbortSignal }) => Promise<unknown> };
    requestIdleCallback?: typeof requestIdleCallback;
    cancelIdleCallback?: typeof cancelIdleCallback;
  };
  const unlimited = { timeRemaining: () => Number.POSITIVE_INFINITY };
  if (typeof w.scheduler?.postTask === 'function') {
    const controller = new AbortController();
    w.scheduler.postTask(() => run(unlimited), { priority: 'background', signal: controller.signal }).catch(() => undefined);
    return () => controller.abort();
  }
  if (typeof w.requestIdleCallback === 'function') {
    const id = w.requestIdleCallback((deadline) => run(deadline), { timeout: timeoutMs });
    return () => w.cancelIdleCallback?.(id);
  }
  const id = win.setTimeout(() => run(unlimited), 1);
  return () => win.clearTimeout(id);
}

/**
 * Sends a page-visible event. Firefox hands page scripts only what is cloned into their
 * compartment, so the detail is kept to a string or number, which crosses unchanged.
 */
export function announce(target: EventTarget, type: string, detail: string | number): void {
  const win = ((target as Node).ownerDocument ?? (target as Document)).defaultView as (Window & typeof globalThis) | null;
  const Ctor = win?.CustomEvent ?? CustomEvent;
  target.dispatchEvent(new Ctor(type, { detail }));
}
