// A labelled text input and a labelled select for the server forms (Oktell, RanderWEB): the
// element id is the field's id, the hint is "<id>-hint", the message "<id>-error".
import type { TargetedEvent } from 'preact';
import type { LocalText } from '../../core/text.ts';
import { describedBy, Field } from './Field.tsx';

export interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly value: string;
  readonly error?: LocalText | undefined;
  readonly placeholder?: string | undefined;
  readonly inputMode?: 'text' | 'url' | 'numeric';
  readonly onInput: (value: string) => void;
  readonly onBlur?: (() => void) | undefined;
}

export function TextField({ id, label, hint, value, error, placeholder, inputMode = 'text', onInput, onBlur }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type="text"
        name={id}
        inputMode={inputMode}
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        placeholder={placeholder}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy(id, hint !== undefined, error !== undefined)}
        onInput={(e: TargetedEvent<HTMLInputElement>) => onInput(e.currentTarget.value)}
        {...(onBlur ? { onBlur } : {})}
      />
    </Field>
  );
}

export interface SelectFieldProps<T extends string> {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly value: T;
  readonly options: readonly T[];
  readonly optionLabel: (option: T) => string;
  readonly onChange: (value: T) => void;
}

export function SelectField<T extends string>({ id, label, hint, value, options, optionLabel, onChange }: SelectFieldProps<T>) {
  return (
    <Field id={id} label={label} hint={hint}>
      <select
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, hint !== undefined, false)}
        onChange={(e: TargetedEvent<HTMLSelectElement>) => onChange(e.currentTarget.value as T)}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </Field>
  );
}
