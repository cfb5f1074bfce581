// The settings form: choose the backend, enter its details, Save and Test connection.
import type { TargetedEvent } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { SETTINGS_KEY } from '../../background/settingsStore.ts';
import { originPattern } from '../../core/address.ts';
import type { Backend, Settings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';
import { formatNumber } from '../shared/format.ts';
import { sendDiagnose } from '../shared/messaging.ts';
import { accessRefused } from './accessText.ts';
import type { AsteriskDraft } from './asteriskDraft.ts';
import { AsteriskFields } from './AsteriskFields.tsx';
import { DiagnosisPanel, type DiagnosisView } from './DiagnosisPanel.tsx';
import {
  checkField,
  draftAddress,
  draftFromSettings,
  fieldValue,
  validateDraft,
  type CheckedField,
  type Draft,
  type FieldErrors,
} from './draft.ts';
import { ensureAccess } from './ensureAccess.ts';
import { describedBy, Field } from './Field.tsx';
import { GrandstreamFields } from './GrandstreamFields.tsx';
import type { GrandstreamDraft } from './grandstreamDraft.ts';
import type { OktellDraft } from './oktellDraft.ts';
import { OktellFields } from './OktellFields.tsx';
import type { RanderDraft } from './randerDraft.ts';
import { RanderFields } from './RanderFields.tsx';
import { backendName, draftRegion, NumbersFields } from './NumbersFields.tsx';
import { benchRules, isNumbersField, type DialRulesDraft, type PagesDraft } from './numbersDraft.ts';
import { TestBench } from './TestBench.tsx';
import { useHostAccess } from './useHostAccess.ts';

export interface SettingsFormProps {
  readonly saved: Settings;
  readonly onSaved: (settings: Settings) => void;
  /** Tells the page which backend is chosen now (saved or not), for the matching help. */
  readonly onBackendChange?: (backend: Backend) => void;
}

type SaveView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'saved'; readonly warning?: LocalText }
  | { readonly phase: 'failed'; readonly error: LocalText };

const inputValue = (e: TargetedEvent<HTMLSelectElement>) => e.currentTarget.value;

export function SettingsForm({ saved, onSaved, onBackendChange }: SettingsFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftFromSettings(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveView>({ phase: 'idle' });
  const [diagnosis, setDiagnosis] = useState<DiagnosisView>({ phase: 'idle' });
  /** A button below is being pressed: see blur. */
  const pressing = useRef(false);

  const address = useMemo(
    () => draftAddress(draft),
    [draft.backend, draft.grandstream.address, draft.asterisk.address, draft.oktell.address, draft.rander.address],
  );
  const access = useHostAccess(address ? originPattern(address) : undefined);

  const update = (next: Draft) => {
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
  const changeGrandstream = (patch: Partial<GrandstreamDraft>) => update({ ...draft, grandstream: { ...draft.grandstream, ...patch } });
  const changeAsterisk = (patch: Partial<AsteriskDraft>) => update({ ...draft, asterisk: { ...draft.asterisk, ...patch } });
  const changeOktell = (patch: Partial<OktellDraft>) => update({ ...draft, oktell: { ...draft.oktell, ...patch } });
  const changeRander = (patch: Partial<RanderDraft>) => update({ ...draft, rander: { ...draft.rander, ...patch } });
  const changeRules = (patch: Partial<DialRulesDraft>) => {
    if (draft.backend === 'none') return;
    const rules = { ...draft.numbers.dialRules[draft.backend], ...patch };
    update({ ...draft, numbers: { ...draft.numbers, dialRules: { ...draft.numbers.dialRules, [draft.backend]: rules } } });
  };
  const changePages = (patch: Partial<PagesDraft>) => update({ ...draft, numbers: { ...draft.numbers, pages: { ...draft.numbers.pages, ...patch } } });

  const blur = (field: CheckedField) => {
    if (draft.backend === 'none' && !isNumbersField(field)) return;
    // Leaving a field the user typed into: say at once what is wrong, not only on Save. An
    // empty field is left alone until Save, so tabbing through the form does not scold.
    if (fieldValue(field, draft).trim() === '') return;
    // Leaving it for Save or Test: they check every field. A message appearing now would move
    // the button away between press and release, and the click would be lost.
    if (pressing.current) return;
    setErrors((current) => ({ ...current, [field]: checkField(field, draft, formatNumber) }));
  };

  /** Runs synchronously up to the permission request; see ensureAccess. */
  const validated = () => {
    const result = validateDraft(draft, saved, formatNumber);
    if (!result.ok) {
      setErrors(result.errors);
      document.getElementById(result.first)?.focus();
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
      // Show what was stored: the normalised address (with the port used) and prefix.
      setDraft((current) => {
        const next = draftFromSettings(result.settings);
        // The numbers section as stored: site names normalised, spaces gone from the prefixes.
        const d = { ...current, numbers: { ...current.numbers, pages: next.numbers.pages } };
        if (result.settings.backend !== 'none') {
          const backend = result.settings.backend;
          d.numbers = { ...d.numbers, dialRules: { ...d.numbers.dialRules, [backend]: next.numbers.dialRules[backend] } };
        }
        if (result.settings.backend === 'grandstream') return { ...d, grandstream: { ...d.grandstream, address: next.grandstream.address } };
        if (result.settings.backend === 'asterisk') return { ...d, asterisk: next.asterisk };
        if (result.settings.backend === 'oktell') return { ...d, oktell: next.oktell };
        if (result.settings.backend === 'rander') return { ...d, rander: next.rander };
        return d;
      });
      setSave(
        granted || !result.device
          ? { phase: 'saved' }
          : { phase: 'saved', warning: accessRefused(result.settings.backend, result.device.address.host) },
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
        setDiagnosis({
          phase: 'done',
          outcome: 'no-permission',
          messages: [accessRefused(result.settings.backend, result.device.address.host)],
        });
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

  const chooseBackend = (backend: Backend) => {
    update({ ...draft, backend });
    // Messages about the fields just hidden would only confuse when they come back.
    setErrors({});
    setDiagnosis({ phase: 'idle' });
    onBackendChange?.(backend);
  };

  const backend = draft.backend;
  const chosen = backend !== 'none';
  const typedRules = chosen ? draft.numbers.dialRules[backend] : undefined;
  const savedRules = chosen ? saved.dialRules[backend] : undefined;
  const shownRules = typedRules && savedRules ? benchRules(typedRules, savedRules) : undefined;
  // The bench says so when what it shows is not what the saved settings would dial.
  const unsaved = JSON.stringify(shownRules) !== JSON.stringify(savedRules) || draft.numbers.pages.region !== saved.pages.region;

  return (
    <>
      <form id="settings-form" class="card settings" noValidate onSubmit={onSave} aria-labelledby="settings-title">
        <h2 id="settings-title">{t('settingsTitle')}</h2>

        <Field id="backend" label={t('fieldBackend')} hint={chosen ? undefined : t('fieldBackendNoneHint')}>
          <select
            id="backend"
            name="backend"
            value={backend}
            aria-describedby={describedBy('backend', !chosen, false)}
            onChange={(e) => chooseBackend(inputValue(e) as Backend)}
          >
            <option value="none">{t('backendNone')}</option>
            <option value="grandstream">{t('backendGrandstream')}</option>
            <option value="asterisk">{t('backendAsterisk')}</option>
            <option value="oktell">{t('backendOktell')}</option>
            <option value="rander">{t('backendRander')}</option>
          </select>
        </Field>

        {backend === 'grandstream' && (
          <GrandstreamFields draft={draft.grandstream} errors={errors} onChange={changeGrandstream} onBlur={blur} />
        )}
        {backend === 'asterisk' && <AsteriskFields draft={draft.asterisk} errors={errors} onChange={changeAsterisk} onBlur={blur} />}
        {backend === 'oktell' && <OktellFields draft={draft.oktell} errors={errors} onChange={changeOktell} onBlur={blur} />}
        {backend === 'rander' && <RanderFields draft={draft.rander} errors={errors} onChange={changeRander} onBlur={blur} />}

        <NumbersFields
          backend={backend}
          rules={typedRules}
          savedRules={savedRules}
          pages={draft.numbers.pages}
          errors={errors}
          onRulesChange={changeRules}
          onPagesChange={changePages}
          onBlur={blur}
        />

        <div
          class="buttons"
          onPointerDown={() => {
            pressing.current = true;
            addEventListener('pointerup', () => setTimeout(() => (pressing.current = false)), { once: true });
          }}
        >
          <button id="save" type="submit" class="btn btn-primary" disabled={save.phase === 'saving'} onClick={onSave}>
            {t('buttonSave')}
          </button>
          <button id="test" type="button" class="btn btn-secondary" disabled={!chosen || diagnosis.phase === 'testing'} onClick={onTest}>
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
        <DiagnosisPanel view={diagnosis} backend={backend} />
      </form>
      <TestBench
        backend={backend}
        rules={shownRules}
        region={draftRegion(draft.numbers.pages)}
        unsaved={unsaved}
        backendName={backendName(backend)}
      />
    </>
  );
}
