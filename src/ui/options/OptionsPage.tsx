// The options page: connection status, the settings form, and how to prepare the phone.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { SETTINGS_KEY } from '../../background/settingsStore.ts';
import { readSettings, type Settings } from '../../core/settings.ts';
import { t } from '../../platform/i18n.ts';
import { iconUrl } from '../shared/openOptions.ts';
import { ConnectionPanel } from './ConnectionPanel.tsx';
import { HelpBox } from './HelpBox.tsx';
import { SettingsForm } from './SettingsForm.tsx';

async function loadSavedSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  // Migrated or repaired here only for display; the background writes the repaired value back.
  return readSettings(stored).settings;
}

export function OptionsPage() {
  const [saved, setSaved] = useState<Settings | undefined>(undefined);
  useEffect(() => {
    void loadSavedSettings().then(setSaved);
  }, []);

  return (
    <div class="options">
      <header class="page-head">
        <img src={iconUrl(48)} alt="" width={40} height={40} />
        <div>
          <h1>{t('optionsTitle')}</h1>
          <p class="muted">{t('optionsIntro')}</p>
        </div>
      </header>
      {saved && (
        <>
          <ConnectionPanel savedAddress={saved.backend === 'none' ? '' : saved.grandstream.address} />
          <SettingsForm saved={saved} onSaved={setSaved} />
          <HelpBox />
        </>
      )}
    </div>
  );
}
