// The options page: connection status, the settings form, and how to prepare the phone or the
// PBX chosen in the form.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { SETTINGS_KEY } from '../../background/settingsStore.ts';
import { readSettings, type Backend, type Settings } from '../../core/settings.ts';
import { t } from '../../platform/i18n.ts';
import { iconUrl } from '../shared/openOptions.ts';
import { AsteriskHelpBox } from './AsteriskHelpBox.tsx';
import { ConnectionPanel } from './ConnectionPanel.tsx';
import { HelpBox } from './HelpBox.tsx';
import { OktellHelpBox } from './OktellHelpBox.tsx';
import { RanderHelpBox } from './RanderHelpBox.tsx';
import { SettingsForm } from './SettingsForm.tsx';

async function loadSavedSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  // Migrated or repaired here only for display; the background writes the repaired value back.
  return readSettings(stored).settings;
}

/**
 * The origin the saved settings connect to (and may need host access for), or '' when nothing is
 * set up. Oktell dialling through the desktop client only has none: the manifest grants 127.0.0.1.
 */
function savedOrigin(settings: Settings): string {
  switch (settings.backend) {
    case 'grandstream':
      return settings.grandstream.address;
    case 'asterisk':
      return settings.asterisk.address;
    case 'oktell':
      return settings.oktell.address;
    case 'rander':
      return settings.rander.address;
    case 'none':
      return '';
  }
}

function Help({ backend }: { readonly backend: Backend }) {
  switch (backend) {
    case 'grandstream':
      return <HelpBox />;
    case 'asterisk':
      return <AsteriskHelpBox />;
    case 'oktell':
      return <OktellHelpBox />;
    case 'rander':
      return <RanderHelpBox />;
    case 'none':
      return null;
  }
}

export function OptionsPage() {
  const [saved, setSaved] = useState<Settings | undefined>(undefined);
  const [shown, setShown] = useState<Backend>('none');
  useEffect(() => {
    void loadSavedSettings().then((settings) => {
      setSaved(settings);
      setShown(settings.backend);
    });
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
          <ConnectionPanel backend={saved.backend} savedAddress={savedOrigin(saved)} />
          <SettingsForm saved={saved} onSaved={setSaved} onBackendChange={setShown} />
          <Help backend={shown} />
        </>
      )}
    </div>
  );
}
