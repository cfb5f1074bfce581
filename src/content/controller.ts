// The content script's parts put together and switched by the settings: clickable numbers
// (linkifier + pointer), tel:/callto:/sip: links, the popup's questions, and what a page or a
// test can see of it (src/content/README.md).
import { pageStatusRequestSchema, type PageRequest, type PageStatus } from '../core/messages.ts';
import { resolveRegion } from '../core/phone/dialString.ts';
import type { FoundNumber } from '../core/phone/types.ts';
import { isConfigured, readSettings, type Settings } from '../core/settings.ts';
import { addShadowStyles, announce, framingHosts, highlightsSupported, requestSlice, type ContentApi } from '../platform/content.ts';
import { Linkifier } from './linkifier.ts';
import { watchLinks } from './links.ts';
import { highlightPainter } from './highlights.ts';
import { elementPainter } from './paint.ts';
import { watchPointer } from './pointer.ts';
import { targetLabel, type DialTarget } from './scan.ts';
import { isSiteDisabled, normaliseSite } from './sites.ts';
import { pageOptedOut } from './skip.ts';
import { createTip } from './tip.ts';

/** Where the settings are kept in storage.local (src/background/settingsStore.ts SETTINGS_KEY). */
export const SETTINGS_KEY = 'settings';

/** Page-visible names (src/content/README.md). */
export const COUNT_ATTRIBUTE = 'data-ringside-count';
export const MARKED_EVENT = 'ringside:marked';
export const QUERY_EVENT = 'ringside:query';
export const NUMBERS_EVENT = 'ringside:numbers';

const PUBLISH_MS = 250;
/** Element mode rewrites text nodes: on a page with more numbers than this, the rest stay plain. */
export const ELEMENT_MODE_MAX_MARKS = 5000;

export interface ContentOptions {
  readonly win: Window;
  readonly api: ContentApi;
  readonly detect: (text: string, region: string) => readonly FoundNumber[];
  /** CSS for open shadow roots (the document gets marks.css from the manifest). */
  readonly shadowCss?: string;
  /** Forces the element fallback (tests); default: highlights where the browser has them. */
  readonly mode?: 'highlight' | 'element';
  /** Longest slice of work, ms. */
  readonly budgetMs?: number;
  readonly request?: (run: (deadline: { timeRemaining(): number }) => void) => () => void;
}

export interface ContentScript {
  /** Applies settings as stored (also called for every storage change). */
  apply(stored: unknown): void;
  status(): PageStatus;
  readonly linkifier: Linkifier | undefined;
  stop(): void;
}

export function startContent(options: ContentOptions): ContentScript {
  const { win, api } = options;
  const { t } = api;
  const doc = win.document;
  const hosts = framingHosts(win);
  const host = normaliseSite(hosts[0] ?? '');
  let settings: Settings | undefined;
  let state: PageStatus['state'] = 'not-set-up';
  let linkifier: Linkifier | undefined;
  let region = '';
  let takeOver = false;
  let stopped = false;
  const cleanups: (() => void)[] = [];

  const label = (target: DialTarget) => t('contentCallTip', [targetLabel(target, t('contentExtension'))]);
  const tip = createTip(doc);

  // The count is published at most every PUBLISH_MS while a big page is being marked (an
  // attribute change on <html> can cost a style pass), and always once the work is done.
  let lastPublish = Number.NEGATIVE_INFINITY;
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  const writeCount = (count: number | undefined) => {
    lastPublish = win.performance.now();
    const root = doc.documentElement;
    if (!root) return;
    if (count === undefined) root.removeAttribute(COUNT_ATTRIBUTE);
    else root.setAttribute(COUNT_ATTRIBUTE, String(count));
    announce(doc, MARKED_EVENT, count ?? 0);
  };
  const publish = (count: number | undefined) => {
    if (publishTimer !== undefined) clearTimeout(publishTimer);
    publishTimer = undefined;
    const wait = lastPublish + PUBLISH_MS - win.performance.now();
    if (count === undefined || wait <= 0 || !linkifier?.busy) {
      writeCount(count);
      return;
    }
    publishTimer = setTimeout(() => {
      publishTimer = undefined;
      writeCount(linkifier?.store.size);
    }, wait);
  };

  const dial = (target: DialTarget) => {
    const message: PageRequest = { type: 'dial-from-page', ...target };
    api.sendMessage(message).catch(() => {
      // The extension was updated or removed under this page: this script is an orphan now.
      stop();
    });
  };

  const startLinkifier = () => {
    const highlight = (options.mode ?? (highlightsSupported(win) ? 'highlight' : 'element')) === 'highlight';
    const painter = highlight ? highlightPainter(doc) : elementPainter(doc, label);
    const detect = options.detect;
    const current = region;
    linkifier = new Linkifier({
      doc,
      painter,
      detect: (text) => detect(text, current),
      budgetMs: options.budgetMs ?? 8,
      ...(highlight ? {} : { maxMarks: ELEMENT_MODE_MAX_MARKS }),
      request: options.request ?? ((run) => requestSlice(win, run, 200)),
      onShadowRoot: (root) => {
        if (options.shadowCss) addShadowStyles(root, options.shadowCss);
      },
      onMarksChanged: (count) => publish(count),
    });
    linkifier.start();
  };
  const stopLinkifier = () => {
    if (!linkifier) return;
    linkifier.stop();
    linkifier = undefined;
    tip.hide();
    publish(undefined);
  };

  const apply = (stored: unknown) => {
    if (stopped) return;
    settings = readSettings(stored).settings;
    const pages = settings.pages;
    const siteOff = hosts.some((h) => isSiteDisabled(h, pages.disabledSites));
    const configured = isConfigured(settings);
    const nextRegion = resolveRegion(pages.region, api.uiLanguage());
    // Ringside leaves pages alone until it can dial: a fresh install does not take tel: links
    // away from the phone app the user has, nor mark numbers that cannot be called yet.
    state = !configured ? 'not-set-up' : siteOff ? 'site-off' : !pages.linkify ? 'linkify-off' : pageOptedOut(doc) ? 'page-opt-out' : 'on';
    takeOver = configured && pages.takeOverLinks && !siteOff;
    if (state === 'on') {
      if (linkifier && nextRegion !== region) stopLinkifier();
      region = nextRegion;
      if (!linkifier) startLinkifier();
    } else {
      stopLinkifier();
    }
  };

  cleanups.push(
    watchPointer({
      doc,
      store: () => linkifier?.store,
      dial,
      stale: (mark) => {
        const node = mark.fragments[0]?.node;
        if (node) linkifier?.recheck(node);
      },
      tip: { show: (mark, rect) => tip.show(label(mark.target), rect), hide: () => tip.hide() },
    }),
  );
  cleanups.push(watchLinks({ doc, enabled: () => takeOver, dial }));

  // A test or the page asks what is marked: only what is on the page already is told.
  const onQuery = () => {
    const marks = linkifier ? [...linkifier.store.all()].map((m) => m.target) : [];
    announce(doc, NUMBERS_EVENT, JSON.stringify(marks));
  };
  doc.addEventListener(QUERY_EVENT, onQuery);
  cleanups.push(() => doc.removeEventListener(QUERY_EVENT, onQuery));

  // The popup's per-site switch asks the top frame what this page is.
  cleanups.push(
    api.onMessage((message) => {
      if (!pageStatusRequestSchema.safeParse(message).success) return undefined;
      return status();
    }),
  );
  cleanups.push(
    api.onStorageChanged((changes, area) => {
      if (area === 'local' && SETTINGS_KEY in changes) apply(changes[SETTINGS_KEY]?.newValue);
    }),
  );

  const status = (): PageStatus => ({ host, state, marked: linkifier?.store.size ?? 0 });

  function stop() {
    if (stopped) return;
    stopped = true;
    stopLinkifier();
    if (publishTimer !== undefined) clearTimeout(publishTimer);
    for (const cleanup of cleanups.splice(0)) cleanup();
    tip.remove();
  }

  return {
    apply,
    status,
    get linkifier() {
      return linkifier;
    },
    stop,
  };
}
