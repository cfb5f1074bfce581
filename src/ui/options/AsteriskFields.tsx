// The Asterisk PBX's fields: its HTTP server (AJAM) and prefix, the AMI user, the user's own
// extension and device, and how click-to-dial calls are placed. Ids "ast-…"; each message under a
// field has the id "<field>-error".
import type { TargetedEvent } from 'preact';
import { t } from '../../platform/i18n.ts';
import {
  AUTO_ANSWER_MODES,
  normalisePrefix,
  parseAsteriskAddress,
  rawmanUrl,
  RING_TIMEOUT_MAX_S,
  RING_TIMEOUT_MIN_S,
  suggestedDevice,
  type AsteriskDraft,
  type AsteriskErrors,
  type AsteriskField,
  type AutoAnswer,
} from './asteriskDraft.ts';
import { describedBy, Field } from './Field.tsx';
import { TextField } from './inputs.tsx';
import { PasswordField } from './PasswordField.tsx';

export interface AsteriskFieldsProps {
  readonly draft: AsteriskDraft;
  readonly errors: AsteriskErrors;
  readonly onChange: (patch: Partial<AsteriskDraft>) => void;
  readonly onBlur: (field: AsteriskField) => void;
}

const inputValue = (e: TargetedEvent<HTMLInputElement | HTMLSelectElement>) => e.currentTarget.value;


function autoAnswerLabel(mode: AutoAnswer): string {
  switch (mode) {
    case 'off':
      return t('astAutoAnswerOff');
    case 'call-info':
      return t('astAutoAnswerCallInfo');
    case 'alert-info':
      return t('astAutoAnswerAlertInfo');
  }
}

export function AsteriskFields({ draft, errors, onChange, onBlur }: AsteriskFieldsProps) {
  const address = parseAsteriskAddress(draft.address);
  const prefix = normalisePrefix(draft.prefix);
  const url = address.ok && prefix !== undefined ? rawmanUrl(address.address.origin, prefix) : undefined;

  return (
    <>
      <fieldset class="group">
        <legend>{t('astGroupServer')}</legend>
        <div class="field-row field-row-wide">
          <TextField
            id="ast-address"
            label={t('astFieldAddress')}
            hint={t('astFieldAddressHint')}
            placeholder={t('astFieldAddressPlaceholder')}
            inputMode="url"
            value={draft.address}
            error={errors['ast-address']}
            onInput={(value) => onChange({ address: value })}
            onBlur={() => onBlur('ast-address')}
          />
          <TextField
            id="ast-prefix"
            label={t('astFieldPrefix')}
            hint={t('astFieldPrefixHint')}
            placeholder={t('astFieldPrefixPlaceholder')}
            value={draft.prefix}
            error={errors['ast-prefix']}
            onInput={(value) => onChange({ prefix: value })}
            onBlur={() => onBlur('ast-prefix')}
          />
        </div>
        {url && (
          <p id="ast-url" class="hint url-preview">
            {t('astUrlPreview')} <code>{url}</code>
          </p>
        )}
      </fieldset>

      <fieldset class="group">
        <legend>{t('astGroupLogin')}</legend>
        <div class="field-row">
          <TextField
            id="ast-username"
            label={t('astFieldUsername')}
            hint={t('astFieldUsernameHint')}
            value={draft.username}
            error={errors['ast-username']}
            onInput={(value) => onChange({ username: value })}
            onBlur={() => onBlur('ast-username')}
          />
          <PasswordField
            id="ast-secret"
            label={t('astFieldSecret')}
            hint={t('astFieldSecretHint')}
            value={draft.secret}
            error={errors['ast-secret']}
            onChange={(secret) => onChange({ secret })}
            onBlur={() => onBlur('ast-secret')}
          />
        </div>
      </fieldset>

      <fieldset class="group">
        <legend>{t('astGroupPhone')}</legend>
        <div class="field-row">
          <TextField
            id="ast-extension"
            label={t('astFieldExtension')}
            hint={t('astFieldExtensionHint')}
            placeholder="101"
            inputMode="numeric"
            value={draft.extension}
            error={errors['ast-extension']}
            onInput={(value) => onChange({ extension: value })}
            onBlur={() => onBlur('ast-extension')}
          />
          <TextField
            id="ast-device"
            label={t('astFieldDevice')}
            hint={t('astFieldDeviceHint')}
            placeholder={suggestedDevice(draft.extension)}
            value={draft.device}
            error={errors['ast-device']}
            onInput={(value) => onChange({ device: value })}
            onBlur={() => onBlur('ast-device')}
          />
        </div>
      </fieldset>

      <fieldset class="group">
        <legend>{t('astGroupDial')}</legend>
        <div class="field-row">
          <TextField
            id="ast-context"
            label={t('astFieldContext')}
            hint={t('astFieldContextHint')}
            placeholder="from-internal"
            value={draft.context}
            error={errors['ast-context']}
            onInput={(value) => onChange({ context: value })}
            onBlur={() => onBlur('ast-context')}
          />
          <Field id="ast-ring-timeout" label={t('astFieldRingTimeout')} hint={t('astFieldRingTimeoutHint')} error={errors['ast-ring-timeout']}>
            <input
              id="ast-ring-timeout"
              type="number"
              name="ast-ring-timeout"
              min={RING_TIMEOUT_MIN_S}
              max={RING_TIMEOUT_MAX_S}
              step={1}
              inputMode="numeric"
              value={draft.ringTimeout}
              aria-invalid={errors['ast-ring-timeout'] !== undefined}
              aria-describedby={describedBy('ast-ring-timeout', true, errors['ast-ring-timeout'] !== undefined)}
              onInput={(e) => onChange({ ringTimeout: inputValue(e) })}
              onBlur={() => onBlur('ast-ring-timeout')}
            />
          </Field>
        </div>
        <TextField
          id="ast-callerid"
          label={t('astFieldCallerId')}
          hint={t('astFieldCallerIdHint')}
          placeholder={t('astFieldCallerIdPlaceholder')}
          value={draft.callerId}
          onInput={(value) => onChange({ callerId: value })}
        />
        <Field id="ast-autoanswer" label={t('astFieldAutoAnswer')} hint={t('astFieldAutoAnswerHint')}>
          <select
            id="ast-autoanswer"
            name="ast-autoanswer"
            value={draft.autoAnswer}
            aria-describedby={describedBy('ast-autoanswer', true, false)}
            onChange={(e) => onChange({ autoAnswer: inputValue(e) as AutoAnswer })}
          >
            {AUTO_ANSWER_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {autoAnswerLabel(mode)}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
    </>
  );
}
