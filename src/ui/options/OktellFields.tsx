// Oktell's fields: the server, how calls are placed (the server's Web-API with a service account,
// or the Oktell client on this PC), and the employee's own login for incoming calls and call
// control over the WebSocket. Ids "ok-…"; each message under a field has the id "<field>-error".
import { t } from '../../platform/i18n.ts';
import { TextField, SelectField } from './inputs.tsx';
import {
  CALLER_BY,
  DIAL_VIA,
  DIRECTIONS,
  SEQUENCES,
  type CallerBy,
  type DialVia,
  type Direction,
  type OktellDraft,
  type OktellErrors,
  type OktellField,
  type Sequence,
} from './oktellDraft.ts';
import { PasswordField } from './PasswordField.tsx';

export interface OktellFieldsProps {
  readonly draft: OktellDraft;
  readonly errors: OktellErrors;
  readonly onChange: (patch: Partial<OktellDraft>) => void;
  readonly onBlur: (field: OktellField) => void;
}

function dialViaLabel(via: DialVia): string {
  return via === 'client' ? t('oktellDialViaClient') : t('oktellDialViaServer');
}

function callerByLabel(by: CallerBy): string {
  switch (by) {
    case 'login':
      return t('oktellCallerByLogin');
    case 'line':
      return t('oktellCallerByLine');
    case 'workplace':
      return t('oktellCallerByWorkplace');
  }
}

function callerValueText(by: CallerBy): { label: string; hint: string } {
  switch (by) {
    case 'login':
      return { label: t('oktellFieldCallerLogin'), hint: t('oktellFieldCallerLoginHint') };
    case 'line':
      return { label: t('oktellFieldCallerLine'), hint: t('oktellFieldCallerLineHint') };
    case 'workplace':
      return { label: t('oktellFieldCallerWorkplace'), hint: t('oktellFieldCallerWorkplaceHint') };
  }
}

function directionLabel(direction: Direction): string {
  switch (direction) {
    case 'auto':
      return t('oktellDirectionAuto');
    case 'pbx':
      return t('oktellDirectionPbx');
    case 'city':
      return t('oktellDirectionCity');
  }
}

function sequenceLabel(sequence: Sequence): string {
  return sequence === 'back' ? t('oktellSequenceBack') : t('oktellSequenceDirect');
}

export function OktellFields({ draft, errors, onChange, onBlur }: OktellFieldsProps) {
  const viaClient = draft.dialVia === 'client';
  const caller = callerValueText(draft.callerBy);

  return (
    <>
      <fieldset class="group">
        <legend>{t('oktellGroupServer')}</legend>
        <TextField
          id="ok-address"
          label={t('oktellFieldAddress')}
          hint={viaClient ? t('oktellFieldAddressHintClient') : t('oktellFieldAddressHint')}
          placeholder={t('oktellFieldAddressPlaceholder')}
          inputMode="url"
          value={draft.address}
          error={errors['ok-address']}
          onInput={(value) => onChange({ address: value })}
          onBlur={() => onBlur('ok-address')}
        />
      </fieldset>

      <fieldset class="group">
        <legend>{t('oktellGroupDial')}</legend>
        <SelectField
          id="ok-dial-via"
          label={t('oktellFieldDialVia')}
          hint={viaClient ? t('oktellFieldDialViaHintClient') : t('oktellFieldDialViaHintServer')}
          value={draft.dialVia}
          options={DIAL_VIA}
          optionLabel={dialViaLabel}
          onChange={(dialVia) => onChange({ dialVia })}
        />
        {viaClient ? (
          <div class="field-short">
            <TextField
              id="ok-client-port"
              label={t('oktellFieldClientPort')}
              hint={t('oktellFieldClientPortHint')}
              placeholder="4059"
              inputMode="numeric"
              value={draft.clientPort}
              error={errors['ok-client-port']}
              onInput={(value) => onChange({ clientPort: value })}
              onBlur={() => onBlur('ok-client-port')}
            />
          </div>
        ) : (
          <>
            <div class="field-row">
              <TextField
                id="ok-webapi-user"
                label={t('oktellFieldWebApiUser')}
                hint={t('oktellFieldWebApiUserHint')}
                value={draft.webApiUser}
                error={errors['ok-webapi-user']}
                onInput={(value) => onChange({ webApiUser: value })}
                onBlur={() => onBlur('ok-webapi-user')}
              />
              <PasswordField
                id="ok-webapi-password"
                label={t('oktellFieldWebApiPassword')}
                hint={t('oktellFieldWebApiPasswordHint')}
                value={draft.webApiPassword}
                onChange={(webApiPassword) => onChange({ webApiPassword })}
              />
            </div>
            <div class="field-row">
              <SelectField
                id="ok-caller-by"
                label={t('oktellFieldCallerBy')}
                hint={t('oktellFieldCallerByHint')}
                value={draft.callerBy}
                options={CALLER_BY}
                optionLabel={callerByLabel}
                onChange={(callerBy) => onChange({ callerBy })}
              />
              <TextField
                id="ok-caller-value"
                label={caller.label}
                hint={caller.hint}
                value={draft.callerValue}
                error={errors['ok-caller-value']}
                onInput={(value) => onChange({ callerValue: value })}
                onBlur={() => onBlur('ok-caller-value')}
              />
            </div>
            <div class="field-row">
              <SelectField
                id="ok-direction"
                label={t('oktellFieldDirection')}
                hint={t('oktellFieldDirectionHint')}
                value={draft.direction}
                options={DIRECTIONS}
                optionLabel={directionLabel}
                onChange={(direction) => onChange({ direction })}
              />
              <SelectField
                id="ok-sequence"
                label={t('oktellFieldSequence')}
                hint={t('oktellFieldSequenceHint')}
                value={draft.sequence}
                options={SEQUENCES}
                optionLabel={sequenceLabel}
                onChange={(sequence) => onChange({ sequence })}
              />
            </div>
          </>
        )}
      </fieldset>

      <fieldset class="group">
        <legend>{t('oktellGroupLogin')}</legend>
        <p id="ok-login-intro" class="hint group-intro">
          {viaClient ? t('oktellLoginIntro') : `${t('oktellLoginIntro')} ${t('oktellLoginIntroServer')}`}
        </p>
        {viaClient && (
          <p id="ok-login-client-note" class="hint callout group-intro">
            {t('oktellLoginClientNote')}
          </p>
        )}
        <div class="field-row">
          <TextField
            id="ok-user-login"
            label={t('oktellFieldUserLogin')}
            hint={t('oktellFieldUserLoginHint')}
            value={draft.userLogin}
            onInput={(value) => onChange({ userLogin: value })}
          />
          <PasswordField
            id="ok-user-password"
            label={t('oktellFieldUserPassword')}
            hint={t('oktellFieldUserPasswordHint')}
            value={draft.userPassword}
            onChange={(userPassword) => onChange({ userPassword })}
          />
        </div>
        <div class="field-short">
          <TextField
            id="ok-ws-port"
            label={t('oktellFieldWsPort')}
            hint={t('oktellFieldWsPortHint')}
            placeholder="80"
            inputMode="numeric"
            value={draft.wsPort}
            error={errors['ok-ws-port']}
            onInput={(value) => onChange({ wsPort: value })}
            onBlur={() => onBlur('ok-ws-port')}
          />
        </div>
      </fieldset>
    </>
  );
}
