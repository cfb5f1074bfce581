// The toolbar popup: connection status, the current call and other live calls, the dial field,
// recent calls, and the way to the settings.
import { currentCall } from '../../core/callBook.ts';
import { t } from '../../platform/i18n.ts';
import { CallPanel } from '../shared/CallPanel.tsx';
import { toCapabilities } from '../shared/format.ts';
import { iconUrl, openOptions } from '../shared/openOptions.ts';
import { StatusLine } from '../shared/StatusLine.tsx';
import { useCallBook } from '../shared/useCallBook.ts';
import { DialForm } from './DialForm.tsx';
import { canReconnect, ReconnectButton } from '../shared/ReconnectButton.tsx';
import { RecentCalls } from './RecentCalls.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { SiteSwitch } from './SiteSwitch.tsx';
import { useDial } from './useDial.ts';

function Header() {
  return (
    <header class="page-head">
      <img src={iconUrl(32)} alt="" width={24} height={24} />
      <h1>{t('extName')}</h1>
      <button id="open-options" type="button" class="btn-link" onClick={() => openOptions(true)}>
        {t('popupSettings')}
      </button>
    </header>
  );
}

export function Popup() {
  const book = useCallBook();
  const dialler = useDial();

  if (book?.status.state === 'disabled') {
    return (
      <div class="popup">
        <Header />
        <SetupPrompt />
      </div>
    );
  }

  const capabilities = toCapabilities(book?.capabilities ?? []);
  const current = book ? currentCall(book) : undefined;
  const others = book && current ? book.live.filter((c) => c.id !== current.id) : [];
  const state = book?.status.state;

  return (
    <div class="popup">
      <Header />
      <StatusLine status={book?.status} notice={book?.notice}>
        {canReconnect(state) && <ReconnectButton />}
        {state === 'no-permission' && (
          <button id="open-grant" type="button" class="btn btn-secondary btn-small" onClick={() => openOptions(true)}>
            {t('popupOpenSettingsToAllow')}
          </button>
        )}
      </StatusLine>
      {current && <CallPanel call={current} capabilities={capabilities} primary />}
      {others.length > 0 && (
        <section class="other-calls" aria-labelledby="other-calls-title">
          <h2 id="other-calls-title" class="section-title">
            {t('otherCallsTitle')}
          </h2>
          {others.map((call) => (
            <CallPanel key={call.id} call={call} capabilities={capabilities} size="compact" />
          ))}
        </section>
      )}
      <DialForm dialler={dialler} autoFocus={!current} />
      <RecentCalls calls={book?.recent ?? []} canDial={capabilities.has('dial')} onCallBack={dialler.dial} />
      <SiteSwitch />
    </div>
  );
}
