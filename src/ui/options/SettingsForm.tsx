// The settings form: choose the backend, enter the phone's details, Save and Test connection.
import type { TargetedEvent } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { SETTINGS_KEY } from '../../background/settingsStore.ts';
import { parseDeviceAddress, originPattern } from '../../core/address.ts';
import type { Backend, Settings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import { sendDiagnose } from '../shared/messaging.ts';
import { DiagnosisPanel, type DiagnosisView } from './DiagnosisPanel.tsx';
import { checkField, draftFromSettings, validateDraft, type CheckedField, type Draft, type FieldErrors } from './draft.ts';
import { ensureAccess } from './ensureAccess.ts';
import { describedBy, Field } from './Field.tsx';
import { PasswordField } from './PasswordField.tsx';
import { useHostAccess } from './useHostAccess.ts';

export interface SettingsFormProps {
  readonly saved: Settings;
  readonly onSaved: (settings: Settings) => void;
}

type SaveView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'saved'; readonly warning?: LocalText }
  | { readonly phase: 'failed'; readonly error: LocalText };

const inputValue = (e: TargetedEvent<HTMLInputElement | HTMLSelectElement>) => e.currentTarget.value;

export function SettingsForm({ saved, onSaved }: SettingsFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftFromSettings(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveView>({ phase: 'idle' });
  const [diagnosis, setDiagnosis] = useState<DiagnosisView>({ phase: 'idle' });
  const fields = {
    address: useRef<HTMLInputElement>(null),
    account: useRef<HTMLInputElement>(null),
    poll: useRef<HTMLInputElement>(null),
  } satisfies Record<CheckedField, unknown>;

  const pattern = useMemo(() => {
    if (draft.backend === 'none') return undefined;
    const parsed = parseDeviceAddress(draft.address);
    return parsed.ok ? originPattern(parsed.address) : undefined;
  }, [draft.backend, draft.address]);
  const access = useHostAccess(pattern);

  const change = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setSave({ phase: 'idle' });
    // A message already shown follows the typing, so it disappears as soon as the value is right.
    setErrors((current) => {
      const updated: FieldErrors = { ...current };
      for (const field of Object.keys(current) as CheckedField[]) {
        if (current[field]) updated[field] = checkField(field, next, formatNumber);
      }
      return updated;
    });
  };

  const blur = (field: CheckedField) => {
    if (draft.backend === 'none') return;
    // Leaving a field the user typed into: say at once what is wrong, not only on Save.
    if (field === 'address' && draft.address.trim() === '') return;
    setErrors((current) => ({ ...current, [field]: checkField(field, draft, formatNumber) }));
  };

  /** Runs synchronously up to the permission request; see ensureAccess. */
  const validated = () => {
    const result = validateDraft(draft, saved, formatNumber);
    if (!result.ok) {
      setErrors(result.errors);
      fields[result.first].current?.focus();
      return undefined;
    }
    setErrors({});
    const permission = result.device ? ensureAccess(access, result.device.pattern) : Promise.resolve(true);
    return { result, permission };
  };

  const onSave = (event: Event) => {
    event.preventDefault();
    const checked = validated();
    if (!checked) {
      setSave({ phase: 'idle' });
      return;
    }
    const { result, permission } = checked;
    setSave({ phase: 'saving' });
    void (async () => {
      const granted = await permission;
      try {
        await browser.storage.local.set({ [SETTINGS_KEY]: result.settings });
      } catch (e) {
        setSave({ phase: 'failed', error: text('errSaveFailed', e instanceof Error ? e.message : String(e)) });
        return;
      }
      onSaved(result.settings);
      setDraft((d) => ({ ...d, address: result.settings.grandstream.address || d.address }));
      setSave(
        granted || !result.device
          ? { phase: 'saved' }
          : { phase: 'saved', warning: text('errAccessRefused', result.device.address.host) },
      );
    })();
  };

  const onTest = () => {
    const checked = validated();
    if (!checked) return;
    const { result, permission } = checked;
    setDiagnosis({ phase: 'testing' });
    void (async () => {
      if (result.device && !(await permission)) {
        setDiagnosis({ phase: 'done', outcome: 'no-permission', messages: [text('errAccessRefused', result.device.address.host)] });
        return;
      }
      const reply = await sendDiagnose({ type: 'diagnose', settings: result.settings });
      setDiagnosis(
        reply.ok
          ? { phase: 'done', outcome: reply.diagnosis.outcome, messages: reply.diagnosis.messages }
          : { phase: 'done', outcome: 'error', messages: [reply.error] },
      );
    })();
  };

  const grandstream = draft.backend === 'grandstream';

  return (
    <form id="settings-form" class="card settings" noValidate onSubmit={onSave} aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settingsTitle')}</h2>

      <Field id="backend" label={t('fieldBackend')} hint={grandstream ? undefined : t('fieldBackendNoneHint')}>
        <select
          id="backend"
          name="backend"
          value={draft.backend}
          aria-describedby={describedBy('backend', !grandstream, false)}
          onChange={(e) => {
            change({ backend: inputValue(e) as Backend });
            setDiagnosis({ phase: 'idle' });
          }}
        >
          <option value="none">{t('backendNone')}</option>
          <option value="grandstream">{t('backendGrandstream')}</option>
        </select>
      </Field>

      {grandstream && (
        <>
          <Field id="address" label={t('fieldAddress')} hint={t('fieldAddressHint')} error={errors.address}>
            <input
              id="address"
              ref={fields.address}
              type="text"
              name="address"
              inputMode="url"
              autocomplete="off"
              spellcheck={false}
              placeholder={t('fieldAddressPlaceholder')}
              value={draft.address}
              aria-invalid={errors.address !== undefined}
              aria-describedby={describedBy('address', true, errors.address !== undefined)}
              onInput={(e) => change({ address: inputValue(e) })}
              onBlur={() => blur('address')}
            />
          </Field>

          <PasswordField value={draft.password} onChange={(password) => change({ password })} />

          <div class="field-row">
            <Field id="account" label={t('fieldAccount')} hint={t('fieldAccountHint')} error={errors.account}>
              <input
                id="account"
                ref={fields.account}
                type="number"
                name="account"
                min={1}
                max={16}
                step={1}
                inputMode="numeric"
                value={draft.account}
                aria-invalid={errors.account !== undefined}
                aria-describedby={describedBy('account', true, errors.account !== undefined)}
                onInput={(e) => change({ account: inputValue(e) })}
                onBlur={() => blur('account')}
              />
            </Field>
            <Field id="poll" label={t('fieldPoll')} hint={t('fieldPollHint')} error={errors.poll}>
              <input
                id="poll"
                ref={fields.poll}
                type="number"
                name="poll"
                min={0.5}
                max={5}
                step={0.5}
                inputMode="decimal"
                value={draft.poll}
                aria-invalid={errors.poll !== undefined}
                aria-describedby={describedBy('poll', true, errors.poll !== undefined)}
                onInput={(e) => change({ poll: inputValue(e) })}
                onBlur={() => blur('poll')}
              />
            </Field>
          </div>
        </>
      )}

      <div class="buttons">
        <button id="save" type="submit" class="btn btn-primary" disabled={save.phase === 'saving'} onClick={onSave}>
          {t('buttonSave')}
        </button>
        <button id="test" type="button" class="btn btn-secondary" disabled={!grandstream || diagnosis.phase === 'testing'} onClick={onTest}>
          {t('buttonTest')}
        </button>
        <span id="saved" class="saved" role="status">
          {save.phase === 'saved' ? t('savedMessage') : ''}
        </span>
      </div>
      {save.phase === 'saved' && save.warning && (
        <p id="access-error" class="field-error" role="alert">
          {render(save.warning)}
        </p>
      )}
      {save.phase === 'failed' && (
        <p id="save-error" class="field-error" role="alert">
          {render(save.error)}
        </p>
      )}
      <DiagnosisPanel view={diagnosis} />
    </form>
  );
}
