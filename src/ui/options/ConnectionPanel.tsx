// The live connection status on the options page, and "Allow access" when the background
// reports that it may not reach the saved phone or PBX.
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { parseDeviceAddress, originPattern } from '../../core/address.ts';
import type { Backend } from '../../core/settings.ts';
import type { LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';
import { canReconnect, ReconnectButton } from '../shared/ReconnectButton.tsx';
import { connectionLabelFor } from '../shared/labels.ts';
import { StatusLine } from '../shared/StatusLine.tsx';
import { useCallBook } from '../shared/useCallBook.ts';
import { accessRefused } from './accessText.ts';

export interface ConnectionPanelProps {
  readonly backend: Backend;
  /** The saved origin of the phone or of the PBX's server; empty when none (or none is needed). */
  readonly savedAddress: string;
}

export function ConnectionPanel({ backend, savedAddress }: ConnectionPanelProps) {
  const book = useCallBook();
  const [grantError, setGrantError] = useState<LocalText | undefined>(undefined);
  const parsed = savedAddress ? parseDeviceAddress(savedAddress) : undefined;
  const device = parsed?.ok ? parsed.address : undefined;

  const grant = () => {
    if (!device) return;
    setGrantError(undefined);
    // Called at once in the click handler so that the browser sees the user's click.
    let asked: Promise<boolean>;
    try {
      asked = browser.permissions.request({ origins: [originPattern(device)] });
    } catch {
      asked = Promise.resolve(false);
    }
    void asked
      .catch(() => false)
      .then((granted) => {
        if (!granted) setGrantError(accessRefused(backend, device.host));
      });
  };

  return (
    <section class="card connection" aria-labelledby="connection-title">
      <h2 id="connection-title">{t('connectionTitle')}</h2>
      <StatusLine
        status={book?.status}
        notice={book?.notice}
        fallbackReason={book?.status.state === 'disabled' ? t('statusDisabledHint') : undefined}
        labelFor={connectionLabelFor(backend)}
      >
        {canReconnect(book?.status.state) && <ReconnectButton />}
        {book?.status.state === 'no-permission' && device && (
          <button id="grant" type="button" class="btn btn-primary btn-small" onClick={grant}>
            {t('buttonAllowAccess')}
          </button>
        )}
      </StatusLine>
      {grantError && (
        <p id="grant-error" class="field-error" role="alert">
          {render(grantError)}
        </p>
      )}
    </section>
  );
}
