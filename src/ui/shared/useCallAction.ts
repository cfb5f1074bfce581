// Sends one action for one call and remembers what happened, for the buttons of a call panel.
import { useCallback, useState } from 'preact/hooks';
import type { CallAction } from '../../core/call.ts';
import type { LocalText } from '../../core/text.ts';
import { sendCommand } from './messaging.ts';

export interface CallActionState {
  readonly pending: CallAction | undefined;
  readonly error: LocalText | undefined;
  act(action: CallAction): void;
}

export function useCallAction(callId: string): CallActionState {
  const [pending, setPending] = useState<CallAction | undefined>(undefined);
  const [error, setError] = useState<LocalText | undefined>(undefined);
  const act = useCallback(
    (action: CallAction) => {
      setPending(action);
      setError(undefined);
      void sendCommand({ type: 'call-action', callId, action }).then((outcome) => {
        setPending(undefined);
        if (!outcome.ok) setError(outcome.error);
      });
    },
    [callId],
  );
  return { pending, error, act };
}
