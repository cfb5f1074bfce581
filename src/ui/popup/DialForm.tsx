// The dial field: type a number, press Enter or Call.
import type { TargetedSubmitEvent } from 'preact';
import { useRef } from 'preact/hooks';
import { render, t } from '../../platform/i18n.ts';
import type { Dialler } from './useDial.ts';

export interface DialFormProps {
  readonly dialler: Dialler;
  /** Open the popup and type: the field takes the keyboard unless a call needs the buttons. */
  readonly autoFocus: boolean;
}

export function DialForm({ dialler, autoFocus }: DialFormProps) {
  const input = useRef<HTMLInputElement>(null);
  const { state } = dialler;

  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    dialler.dial(input.current?.value ?? '');
  };

  return (
    <form id="dial-form" class="dial" onSubmit={submit} noValidate>
      <label class="section-title" for="dial-input">
        {t('dialLabel')}
      </label>
      <div class="dial-row">
        <input
          id="dial-input"
          ref={input}
          type="tel"
          name="number"
          autocomplete="off"
          autoFocus={autoFocus}
          placeholder={t('dialPlaceholder')}
          aria-invalid={state.phase === 'failed'}
          aria-describedby={state.phase === 'failed' ? 'dial-error' : undefined}
          onInput={dialler.reset}
        />
        <button id="dial-button" type="submit" class="btn btn-answer" disabled={state.phase === 'pending'}>
          {t('dialButton')}
        </button>
      </div>
      {state.phase === 'failed' && (
        <p id="dial-error" class="field-error" role="alert">
          {render(state.error)}
        </p>
      )}
      <p id="dial-status" class="dial-status" role="status">
        {state.phase === 'dialling' ? t('dialDialling', [state.number]) : ''}
      </p>
    </form>
  );
}
