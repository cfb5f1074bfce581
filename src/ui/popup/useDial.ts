// Dialling from the popup (the dial field and "Call back"): one request at a time, and the
// result as a sentence — the background's error, or "Dialling …".
import { useCallback, useState } from 'preact/hooks';
import type { LocalText } from '../../core/text.ts';
import { sendCommand } from '../shared/messaging.ts';

export type DialState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'pending'; readonly number: string }
  | { readonly phase: 'dialling'; readonly number: string }
  | { readonly phase: 'failed'; readonly error: LocalText };

export interface Dialler {
  readonly state: DialState;
  dial(number: string): void;
  reset(): void;
}

export function useDial(): Dialler {
  const [state, setState] = useState<DialState>({ phase: 'idle' });
  const dial = useCallback((number: string) => {
    setState({ phase: 'pending', number });
    void sendCommand({ type: 'dial', number }).then((outcome) => {
      setState(outcome.ok ? { phase: 'dialling', number: outcome.number ?? number.trim() } : { phase: 'failed', error: outcome.error });
    });
  }, []);
  const reset = useCallback(() => setState((s) => (s.phase === 'pending' ? s : { phase: 'idle' })), []);
  return { state, dial, reset };
}
