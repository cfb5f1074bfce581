// The Grandstream desk phone's fields: address, admin password, account, poll interval.
import type { TargetedEvent } from 'preact';
import { t } from '../../platform/i18n.ts';
import { describedBy, Field } from './Field.tsx';
import type { GrandstreamDraft, GrandstreamErrors, GrandstreamField } from './grandstreamDraft.ts';
import { PasswordField } from './PasswordField.tsx';

export interface GrandstreamFieldsProps {
  readonly draft: GrandstreamDraft;
  readonly errors: GrandstreamErrors;
  readonly onChange: (patch: Partial<GrandstreamDraft>) => void;
  readonly onBlur: (field: GrandstreamField) => void;
}

const inputValue = (e: TargetedEvent<HTMLInputElement>) => e.currentTarget.value;

export function GrandstreamFields({ draft, errors, onChange, onBlur }: GrandstreamFieldsProps) {
  return (
    <>
      <Field id="address" label={t('fieldAddress')} hint={t('fieldAddressHint')} error={errors.address}>
        <input
          id="address"
          type="text"
          name="address"
          inputMode="url"
          autocomplete="off"
          spellcheck={false}
          placeholder={t('fieldAddressPlaceholder')}
          value={draft.address}
          aria-invalid={errors.address !== undefined}
          aria-describedby={describedBy('address', true, errors.address !== undefined)}
          onInput={(e) => onChange({ address: inputValue(e) })}
          onBlur={() => onBlur('address')}
        />
      </Field>

      <PasswordField value={draft.password} onChange={(password) => onChange({ password })} />

      <div class="field-row">
        <Field id="account" label={t('fieldAccount')} hint={t('fieldAccountHint')} error={errors.account}>
          <input
            id="account"
            type="number"
            name="account"
            min={1}
            max={16}
            step={1}
            inputMode="numeric"
            value={draft.account}
            aria-invalid={errors.account !== undefined}
            aria-describedby={describedBy('account', true, errors.account !== undefined)}
            onInput={(e) => onChange({ account: inputValue(e) })}
            onBlur={() => onBlur('account')}
          />
        </Field>
        <Field id="poll" label={t('fieldPoll')} hint={t('fieldPollHint')} error={errors.poll}>
          <input
            id="poll"
            type="number"
            name="poll"
            min={0.5}
            max={5}
            step={0.5}
            inputMode="decimal"
            value={draft.poll}
            aria-invalid={errors.poll !== undefined}
            aria-describedby={describedBy('poll', true, errors.poll !== undefined)}
            onInput={(e) => onChange({ poll: inputValue(e) })}
            onBlur={() => onBlur('poll')}
          />
        </Field>
      </div>
    </>
  );
}
