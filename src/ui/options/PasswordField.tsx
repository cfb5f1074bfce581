// The phone's password, hidden by default, with a Show / Hide toggle. Two literal branches for
// the input because Preact 11's types reject a computed `type`.
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n.ts';
import { describedBy, Field } from './Field.tsx';

export interface PasswordFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

export function PasswordField({ value, onChange }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const common = {
    id: 'password',
    name: 'password',
    value,
    autocomplete: 'off',
    spellcheck: false,
    'aria-describedby': describedBy('password', true, false),
    onInput: (e: Event) => onChange((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <Field id="password" label={t('fieldPassword')} hint={t('fieldPasswordHint')}>
      <div class="input-with-button">
        {visible ? <input type="text" {...common} /> : <input type="password" {...common} />}
        <button
          id="password-toggle"
          type="button"
          class="btn btn-secondary btn-small"
          aria-controls="password"
          aria-pressed={visible}
          onClick={() => setVisible(!visible)}
        >
          {visible ? t('passwordHide') : t('passwordShow')}
        </button>
      </div>
    </Field>
  );
}
