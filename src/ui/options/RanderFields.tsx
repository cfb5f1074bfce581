// RanderWEB's fields: the server, the RanderWEB login, the user's extension, and (advanced) the
// SignalR hub name. Ids "rd-…"; each message under a field has the id "<field>-error".
import { t } from '../../platform/i18n.ts';
import { TextField } from './inputs.tsx';
import { PasswordField } from './PasswordField.tsx';
import { RANDER_HUB, type RanderDraft, type RanderErrors, type RanderField } from './randerDraft.ts';

export interface RanderFieldsProps {
  readonly draft: RanderDraft;
  readonly errors: RanderErrors;
  readonly onChange: (patch: Partial<RanderDraft>) => void;
  readonly onBlur: (field: RanderField) => void;
}

export function RanderFields({ draft, errors, onChange, onBlur }: RanderFieldsProps) {
  return (
    <>
      <fieldset class="group">
        <legend>{t('randerGroupServer')}</legend>
        <TextField
          id="rd-address"
          label={t('randerFieldAddress')}
          hint={t('randerFieldAddressHint')}
          placeholder={t('randerFieldAddressPlaceholder')}
          inputMode="url"
          value={draft.address}
          error={errors['rd-address']}
          onInput={(value) => onChange({ address: value })}
          onBlur={() => onBlur('rd-address')}
        />
      </fieldset>

      <fieldset class="group">
        <legend>{t('randerGroupLogin')}</legend>
        <div class="field-row">
          <TextField
            id="rd-username"
            label={t('randerFieldUsername')}
            hint={t('randerFieldUsernameHint')}
            value={draft.username}
            error={errors['rd-username']}
            onInput={(value) => onChange({ username: value })}
            onBlur={() => onBlur('rd-username')}
          />
          <PasswordField
            id="rd-password"
            label={t('randerFieldPassword')}
            hint={t('randerFieldPasswordHint')}
            value={draft.password}
            onChange={(password) => onChange({ password })}
          />
        </div>
      </fieldset>

      <fieldset class="group">
        <legend>{t('randerGroupPhone')}</legend>
        <div class="field-short">
          <TextField
            id="rd-extension"
            label={t('randerFieldExtension')}
            hint={t('randerFieldExtensionHint')}
            placeholder="103"
            value={draft.extension}
            error={errors['rd-extension']}
            onInput={(value) => onChange({ extension: value })}
            onBlur={() => onBlur('rd-extension')}
          />
        </div>
      </fieldset>

      <fieldset class="group">
        <legend>{t('randerGroupAdvanced')}</legend>
        <div class="field-short">
          <TextField
            id="rd-hub"
            label={t('randerFieldHub')}
            hint={t('randerFieldHubHint')}
            placeholder={RANDER_HUB}
            value={draft.hub}
            error={errors['rd-hub']}
            onInput={(value) => onChange({ hub: value })}
            onBlur={() => onBlur('rd-hub')}
          />
        </div>
      </fieldset>
    </>
  );
}
