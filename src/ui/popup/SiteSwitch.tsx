// "Ringside on crm.example.com [on/off]": the per-site switch (issue 5 §2, anchors.md A4.6). The
// popup asks the active tab's content script which host it is on — no "tabs" permission needed —
// and writes settings.pages.disabledSites; the content scripts follow storage.onChanged.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { pageStatusSchema, type PageStatus } from '../../core/messages.ts';
import { readSettings } from '../../core/settings.ts';
import { t } from '../../platform/i18n.ts';
import { isSiteDisabled, withSite } from '../../content/sites.ts';
import './site.css';

const SETTINGS_KEY = 'settings';

/**
 * The tab the switch is about: the active tab of the popup's window, or `?tab=<id>` when the
 * popup page is opened as a tab (end-to-end tests; a web page cannot open extension pages).
 */
async function targetTabId(): Promise<number | undefined> {
  const given = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(given) && given > 0) return given;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The status of the tab's page, or undefined where no content script runs (browser pages, stores, PDFs, tabs opened before the install). */
export async function activePageStatus(): Promise<PageStatus | undefined> {
  try {
    const tabId = await targetTabId();
    if (tabId === undefined) return undefined;
    const reply: unknown = await browser.tabs.sendMessage(tabId, { type: 'page-status' }, { frameId: 0 });
    const parsed = pageStatusSchema.safeParse(reply);
    return parsed.success && parsed.data.host ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Turns Ringside on or off for `host` in the stored settings. */
export async function setSiteEnabled(host: string, enabled: boolean): Promise<void> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const { settings } = readSettings(stored);
  const disabledSites = withSite(settings.pages.disabledSites, host, !enabled);
  await browser.storage.local.set({ [SETTINGS_KEY]: { ...settings, pages: { ...settings.pages, disabledSites } } });
}

async function siteDisabled(host: string): Promise<boolean> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  return isSiteDisabled(host, readSettings(stored).settings.pages.disabledSites);
}

export function SiteSwitch() {
  const [page, setPage] = useState<PageStatus | undefined>(undefined);
  const [enabled, setEnabled] = useState(true);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let alive = true;
    void activePageStatus().then(async (status) => {
      if (!alive || !status) return;
      const off = await siteDisabled(status.host);
      if (!alive) return;
      setEnabled(!off);
      setPage(status);
    });
    return () => {
      alive = false;
    };
  }, []);

  if (!page || page.state === 'not-set-up') return null;

  const toggle = (on: boolean) => {
    setEnabled(on);
    setSaving(true);
    void setSiteEnabled(page.host, on).finally(() => setSaving(false));
  };

  return (
    <section id="site" class="site-switch" aria-labelledby="site-toggle-label">
      <label class="site-row" id="site-toggle-label">
        <input
          id="site-toggle"
          type="checkbox"
          role="switch"
          checked={enabled}
          disabled={saving}
          data-host={page.host}
          onChange={(event) => toggle(event.currentTarget.checked)}
        />
        <span class="site-text">{t('popupSiteSwitch', [page.host])}</span>
      </label>
      {enabled && page.state === 'linkify-off' && <p class="muted site-note">{t('popupSiteLinkifyOff')}</p>}
      {enabled && page.state === 'page-opt-out' && <p class="muted site-note">{t('popupSitePageOptOut')}</p>}
    </section>
  );
}
