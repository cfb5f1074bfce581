// A labelled form field with an optional hint and, under the input, the message that says
// what is wrong (id "<field>-error").
import type { ComponentChildren } from 'preact';
import type { LocalText } from '../../core/text.ts';
import { render } from '../../platform/i18n.ts';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: LocalText | undefined;
  readonly children: ComponentChildren;
}

/** aria-describedby for the input inside a Field. */
export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} class="field-error" role="alert">
          {render(error)}
        </p>
      )}
    </div>
  );
}
