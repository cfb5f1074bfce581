// A password, hidden by default, with a Show / Hide toggle (id "<id>-toggle"). Two literal
// branches for the input because Preact 11's types reject a computed `type`.
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { LocalText } from '../../core/text.ts';
import { t } from '../../platform/i18n.ts';
import { describedBy, Field } from './Field.tsx';

export interface PasswordFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Defaults: the Grandstream phone's admin password (#password). */
  readonly id?: string;
  readonly label?: string;
  readonly hint?: string;
  readonly error?: LocalText | undefined;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly onBlur?: () => void;
}

export function PasswordField({ value, onChange, id = 'password', label, hint, error, inputRef, onBlur }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const hintText = hint ?? t('fieldPasswordHint');
  const common = {
    id,
    name: id,
    value,
    ref: inputRef,
    autocomplete: 'off',
    spellcheck: false,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy(id, true, error !== undefined),
    onInput: (e: Event) => onChange((e.currentTarget as HTMLInputElement).value),
    ...(onBlur ? { onBlur } : {}),
  };
  return (
    <Field id={id} label={label ?? t('fieldPassword')} hint={hintText} error={error}>
      <div class="input-with-button">
        {visible ? <input type="text" {...common} /> : <input type="password" {...common} />}
        <button
          id={`${id}-toggle`}
          type="button"
          class="btn btn-secondary btn-small"
          aria-controls={id}
          aria-pressed={visible}
          onClick={() => setVisible(!visible)}
        >
          {visible ? t('passwordHide') : t('passwordShow')}
        </button>
      </div>
    </Field>
  );
}
