// "Numbers and dialling": the dialling rules of the backend chosen above (ids "dr-…") and the
// settings for numbers on web pages (ids "pg-…"). Each message under a field has the id
// "<field>-error". Saved with the rest of the form.
import type { TargetedEvent } from 'preact';
import browser from 'webextension-polyfill';
import { applyDialRules, REGION_PLANS, REGIONS, resolveRegion } from '../../core/phone/dialRules.ts';
import type { FoundNumber } from '../../core/phone/types.ts';
import type { Backend, DialRules } from '../../core/settings.ts';
import { t } from '../../platform/i18n.ts';
import { describedBy, Field } from './Field.tsx';
import { SelectField, TextField } from './inputs.tsx';
import {
  benchRules,
  DOMESTIC_FORMS,
  EXTENSION_HANDLING,
  INTERNAL_MAX_DIGITS,
  INTERNATIONAL_PREFIXES,
  type DialRulesDraft,
  type NumbersErrors,
  type NumbersField,
  type PagesDraft,
} from './numbersDraft.ts';
import { regionLabel, regionName } from './regionNames.ts';
import './numbers.css';

export interface NumbersFieldsProps {
  readonly backend: Backend;
  /** The shown backend's rules as typed; undefined when no backend is chosen. */
  readonly rules: DialRulesDraft | undefined;
  /** The same backend's saved rules (examples fall back to them while a field is invalid). */
  readonly savedRules: DialRules | undefined;
  readonly pages: PagesDraft;
  readonly errors: NumbersErrors;
  readonly onRulesChange: (patch: Partial<DialRulesDraft>) => void;
  readonly onPagesChange: (patch: Partial<PagesDraft>) => void;
  readonly onBlur: (field: NumbersField) => void;
}

export function backendName(backend: Backend): string {
  switch (backend) {
    case 'grandstream':
      return t('backendGrandstream');
    case 'asterisk':
      return t('backendAsterisk');
    case 'oktell':
      return t('backendOktell');
    case 'rander':
      return t('backendRander');
    case 'none':
      return t('backendNone');
  }
}

/** The region the page's numbers are read in, as the draft says ("auto" resolved). */
export function draftRegion(pages: PagesDraft): string {
  return resolveRegion(pages.region, browser.i18n.getUILanguage());
}

function sample(e164: string): FoundNumber {
  return { start: 0, end: e164.length, raw: e164, kind: 'international', e164, digits: e164.slice(1) };
}

/** What a sample number becomes with one rule changed: the examples in the select options. */
function example(rules: DialRules, region: string, patch: Partial<DialRules>, foreign: boolean): string {
  const plan = REGION_PLANS[region] ?? REGION_PLANS.RU!;
  const number = foreign ? (plan.cc === '44' ? '+74951234567' : '+442079460958') : `+${plan.cc}${plan.example}`;
  const result = applyDialRules(sample(number), { ...rules, outsidePrefix: '', dropAreaCode: false, ...patch }, REGION_PLANS[region] ? region : 'RU');
  return result.ok ? result.dial : '';
}

function domesticLabel(form: DialRules['domesticForm'], rules: DialRules, region: string): string {
  const shown = example(rules, region, { domesticForm: form }, false);
  switch (form) {
    case 'trunk':
      return t('drDomesticTrunk', [shown]);
    case 'plus':
      return t('drDomesticPlus', [shown]);
    case 'country':
      return t('drDomesticCountry', [shown]);
  }
}

function internationalLabel(prefix: DialRules['internationalPrefix'], rules: DialRules, region: string): string {
  const shown = example(rules, region, { internationalPrefix: prefix }, true);
  switch (prefix) {
    case 'auto':
      return t('drIntlAuto', [shown]);
    case '011':
      return t('drIntl011', [shown]);
    case '810':
      return t('drIntl810', [shown]);
    case '00':
      return t('drIntl00', [shown]);
    case 'plus':
      return t('drIntlPlus', [shown]);
  }
}

function extensionLabel(handling: DialRules['extension']): string {
  return handling === 'dtmf' ? t('drExtensionDtmf') : t('drExtensionDrop');
}

interface CheckboxProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}

function Checkbox({ id, label, hint, checked, onChange }: CheckboxProps) {
  return (
    <div class="field check-field">
      <label class="check" for={id}>
        <input
          id={id}
          type="checkbox"
          name={id}
          checked={checked}
          aria-describedby={describedBy(id, hint !== undefined, false)}
          onChange={(e: TargetedEvent<HTMLInputElement>) => onChange(e.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function NumbersFields({ backend, rules, savedRules, pages, errors, onRulesChange, onPagesChange, onBlur }: NumbersFieldsProps) {
  const region = draftRegion(pages);
  const effective = rules && savedRules ? benchRules(rules, savedRules) : undefined;

  return (
    <section class="numbers" aria-labelledby="numbers-title">
      <h2 id="numbers-title">{t('numbersTitle')}</h2>
      <p class="muted numbers-intro">{t('numbersIntro')}</p>

      <fieldset class="group" id="dial-rules">
        <legend>{backend === 'none' ? t('drGroupNone') : t('drGroup', [backendName(backend)])}</legend>
        {!rules || !effective ? (
          <p class="hint group-intro" id="dr-none">
            {t('drNoBackend')}
          </p>
        ) : (
          <>
            <div class="field-row">
              <TextField
                id="dr-outside-prefix"
                label={t('drOutsidePrefix')}
                hint={t('drOutsidePrefixHint')}
                placeholder="9"
                inputMode="numeric"
                value={rules.outsidePrefix}
                error={errors['dr-outside-prefix']}
                onInput={(value) => onRulesChange({ outsidePrefix: value })}
                onBlur={() => onBlur('dr-outside-prefix')}
              />
              <SelectField
                id="dr-internal-max"
                label={t('drInternalMax')}
                hint={t('drInternalMaxHint')}
                value={String(rules.internalMaxDigits)}
                options={INTERNAL_MAX_DIGITS.map(String)}
                optionLabel={(n) => t('drInternalMaxOption', [n])}
                onChange={(n) => onRulesChange({ internalMaxDigits: Number(n) })}
              />
            </div>
            <SelectField
              id="dr-domestic-form"
              label={t('drDomesticForm', [regionName(region)])}
              value={rules.domesticForm}
              options={DOMESTIC_FORMS}
              optionLabel={(form) => domesticLabel(form, effective, region)}
              onChange={(domesticForm) => onRulesChange({ domesticForm })}
            />
            <SelectField
              id="dr-international-prefix"
              label={t('drInternationalPrefix')}
              value={rules.internationalPrefix}
              options={INTERNATIONAL_PREFIXES}
              optionLabel={(prefix) => internationalLabel(prefix, effective, region)}
              onChange={(internationalPrefix) => onRulesChange({ internationalPrefix })}
            />
            <div class="field-short">
              <TextField
                id="dr-home-area"
                label={t('drHomeArea')}
                hint={t('drHomeAreaHint')}
                placeholder="495"
                inputMode="numeric"
                value={rules.homeAreaCode}
                error={errors['dr-home-area']}
                onInput={(value) => onRulesChange({ homeAreaCode: value })}
                onBlur={() => onBlur('dr-home-area')}
              />
            </div>
            <Checkbox
              id="dr-drop-area"
              label={t('drDropArea')}
              hint={t('drDropAreaHint')}
              checked={rules.dropAreaCode}
              onChange={(dropAreaCode) => onRulesChange({ dropAreaCode })}
            />
            <SelectField
              id="dr-extension"
              label={t('drExtension')}
              hint={t('drExtensionHint')}
              value={rules.extension}
              options={EXTENSION_HANDLING}
              optionLabel={extensionLabel}
              onChange={(extension) => onRulesChange({ extension })}
            />
          </>
        )}
      </fieldset>

      <fieldset class="group" id="pages-settings">
        <legend>{t('pgGroup')}</legend>
        <Checkbox id="pg-linkify" label={t('pgLinkify')} hint={t('pgLinkifyHint')} checked={pages.linkify} onChange={(linkify) => onPagesChange({ linkify })} />
        <Checkbox
          id="pg-take-over-links"
          label={t('pgTakeOverLinks')}
          hint={t('pgTakeOverLinksHint')}
          checked={pages.takeOverLinks}
          onChange={(takeOverLinks) => onPagesChange({ takeOverLinks })}
        />
        <SelectField
          id="pg-region"
          label={t('pgRegion')}
          hint={t('pgRegionHint')}
          value={pages.region}
          options={['auto', ...REGIONS]}
          optionLabel={(r) => (r === 'auto' ? t('pgRegionAuto', [regionName(resolveRegion('auto', browser.i18n.getUILanguage()))]) : regionLabel(r))}
          onChange={(r) => onPagesChange({ region: r })}
        />
        <Field id="pg-disabled-sites" label={t('pgDisabledSites')} hint={t('pgDisabledSitesHint')} error={errors['pg-disabled-sites']}>
          <textarea
            id="pg-disabled-sites"
            name="pg-disabled-sites"
            rows={4}
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            placeholder={t('pgDisabledSitesPlaceholder')}
            value={pages.disabledSites}
            aria-invalid={errors['pg-disabled-sites'] !== undefined}
            aria-describedby={describedBy('pg-disabled-sites', true, errors['pg-disabled-sites'] !== undefined)}
            onInput={(e: TargetedEvent<HTMLTextAreaElement>) => onPagesChange({ disabledSites: e.currentTarget.value })}
            onBlur={() => onBlur('pg-disabled-sites')}
          />
        </Field>
      </fieldset>
    </section>
  );
}
