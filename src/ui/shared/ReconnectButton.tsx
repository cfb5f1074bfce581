// "Reconnect": asks the background to try the phone again now (also after a rejected password,
// which it never retries by itself).
import { useState } from 'preact/hooks';
import type { ConnectionState } from '../../core/call.ts';
import type { LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';
import { sendCommand } from '../shared/messaging.ts';

/** The states a new attempt can fix (after the user changed something on the phone or network). */
export function canReconnect(state: ConnectionState | undefined): boolean {
  return state === 'auth-failed' || state === 'unreachable' || state === 'misconfigured';
}

export function ReconnectButton() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<LocalText | undefined>(undefined);
  const reconnect = () => {
    setPending(true);
    setError(undefined);
    void sendCommand({ type: 'reconnect' }).then((outcome) => {
      setPending(false);
      if (!outcome.ok) setError(outcome.error);
    });
  };
  return (
    <>
      <button id="reconnect" type="button" class="btn btn-secondary btn-small" disabled={pending} onClick={reconnect}>
        {pending ? t('reconnecting') : t('reconnect')}
      </button>
      {error && (
        <p class="field-error" role="alert">
          {render(error)}
        </p>
      )}
    </>
  );
}
