// The test bench: paste any text and see, as you type, each number Ringside finds in it and the
// exact string it would send to the backend chosen above, with the rules as typed in the form.
// #bench-input is the text; each number is an item of #bench-results with data-dial (the string
// sent), data-kind, data-route and data-extension ("dtmf:123" / "drop:123"); a number the rules
// refuse has data-error instead of data-dial.
import type { TargetedEvent } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { applyDialRules, findNumbers, type DialResult, type DialRoute } from '../../core/phone/dialRules.ts';
import type { FoundNumber, NumberKind } from '../../core/phone/types.ts';
import type { Backend, DialRules } from '../../core/settings.ts';
import { render, t } from '../../platform/i18n.ts';

export interface TestBenchProps {
  readonly backend: Backend;
  /** The chosen backend's rules as typed (invalid fields keep their saved value); undefined for none. */
  readonly rules: DialRules | undefined;
  readonly region: string;
  /** The rules shown differ from the saved ones. */
  readonly unsaved: boolean;
  readonly backendName: string;
}

/** Enough for any page a user would paste; the rest is not shown. */
const MAX_RESULTS = 200;

interface BenchRow {
  readonly found: FoundNumber;
  readonly result: DialResult | undefined;
}

/** The numbers in the text, each with what the rules make of it (none without a backend). */
function detectAll(input: string, region: string, rules: DialRules | undefined): BenchRow[] {
  return findNumbers(input, { region })
    .slice(0, MAX_RESULTS)
    .map((found) => ({ found, result: rules ? applyDialRules(found, rules, region) : undefined }));
}

function kindLabel(kind: NumberKind): string {
  switch (kind) {
    case 'international':
      return t('benchKindInternational');
    case 'national':
      return t('benchKindNational');
    case 'local':
      return t('benchKindLocal');
    case 'short':
      return t('benchKindShort');
  }
}

function routeLabel(route: DialRoute): string {
  switch (route) {
    case 'internal':
      return t('benchRouteInternal');
    case 'local':
      return t('benchRouteLocal');
    case 'home-area':
      return t('benchRouteHomeArea');
    case 'domestic':
      return t('benchRouteDomestic');
    case 'international':
      return t('benchRouteInternational');
  }
}

function Row({ row }: { readonly row: BenchRow }) {
  const { found, result } = row;
  const extension = result?.ok ? (result.dtmf ? `dtmf:${result.dtmf}` : result.extensionLeftOut ? `drop:${result.extensionLeftOut}` : undefined) : undefined;
  const notes = [kindLabel(found.kind)];
  if (result?.ok) notes.push(routeLabel(result.route));
  if (result?.ok && result.dtmf) notes.push(t('benchExtDtmf', [result.dtmf]));
  if (result?.ok && result.extensionLeftOut) notes.push(t('benchExtDrop', [result.extensionLeftOut]));
  if (!result && found.extension) notes.push(t('benchExtWritten', [found.extension]));
  return (
    <li
      class={result && !result.ok ? 'bench-item bench-refused' : 'bench-item'}
      data-dial={result?.ok ? result.dial : undefined}
      data-error={result && !result.ok ? result.reason.key : undefined}
      data-kind={found.kind}
      data-route={result?.ok ? result.route : undefined}
      data-extension={extension}
      data-raw={found.raw}
    >
      <div class="bench-line">
        <span class="bench-raw">{found.raw}</span>
        {result && (
          <>
            <span class="bench-arrow" aria-hidden="true">
              →
            </span>
            {result.ok ? (
              <code class="bench-dial" title={t('benchDialTitle')}>
                {result.dial}
              </code>
            ) : (
              <span class="bench-error">{render(result.reason)}</span>
            )}
          </>
        )}
      </div>
      <div class="bench-meta">{notes.join(' · ')}</div>
    </li>
  );
}

export function TestBench({ backend, rules, region, unsaved, backendName }: TestBenchProps) {
  const [input, setInput] = useState('');
  const rows = useMemo(() => (input.trim() ? detectAll(input, region, backend === 'none' ? undefined : rules) : []), [input, region, rules, backend]);

  return (
    <section id="bench" class="card bench" aria-labelledby="bench-title">
      <h2 id="bench-title">{t('benchTitle')}</h2>
      <p class="hint bench-intro" id="bench-input-hint">
        {backend === 'none' ? t('benchIntroNone') : t('benchIntro', [backendName])}
      </p>
      <label class="visually-hidden" for="bench-input">
        {t('benchInputLabel')}
      </label>
      <textarea
        id="bench-input"
        rows={6}
        spellcheck={false}
        placeholder={t('benchPlaceholder')}
        value={input}
        aria-describedby="bench-input-hint"
        onInput={(e: TargetedEvent<HTMLTextAreaElement>) => setInput(e.currentTarget.value)}
      />
      {backend !== 'none' && unsaved && rows.length > 0 && (
        <p class="hint bench-unsaved" id="bench-unsaved">
          {t('benchUnsaved')}
        </p>
      )}
      <div aria-live="polite">
        {input.trim() !== '' && rows.length === 0 && (
          <p class="muted bench-empty" id="bench-empty">
            {t('benchEmpty')}
          </p>
        )}
        {rows.length > 0 && (
          <ul id="bench-results" class="bench-results">
            {rows.map((row) => (
              <Row key={`${row.found.start}:${row.found.end}`} row={row} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
