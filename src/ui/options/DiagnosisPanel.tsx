// The result of "Test connection" (#diagnosis, data-outcome = the driver's outcome).
import type { Backend } from '../../core/settings.ts';
import type { LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';
import { serverName } from '../shared/labels.ts';

export type DiagnosisView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'testing' }
  | { readonly phase: 'done'; readonly outcome: string; readonly messages: readonly LocalText[] };

/** Outcomes where Ringside did connect and log in, but cannot do everything it should. */
const PARTIAL_OUTCOMES: ReadonlySet<string> = new Set(['no-call-events', 'no-originate-permission']);

function title(outcome: string, backend: Backend): string {
  if (outcome === 'ok') return t('diagnosisOk');
  if (PARTIAL_OUTCOMES.has(outcome)) return t('diagnosisPartial');
  if (backend === 'asterisk') return t('diagnosisProblemAsterisk');
  const name = serverName(backend);
  return name ? t('diagnosisProblemServer', [name]) : t('diagnosisProblem');
}

function testing(backend: Backend): string {
  if (backend === 'asterisk') return t('diagnosisTestingAsterisk');
  const name = serverName(backend);
  return name ? t('diagnosisTestingServer', [name]) : t('diagnosisTesting');
}

export function DiagnosisPanel({ view, backend }: { readonly view: DiagnosisView; readonly backend: Backend }) {
  if (view.phase === 'idle') return <div id="diagnosis" class="diagnosis" role="status" />;
  if (view.phase === 'testing') {
    return (
      <div id="diagnosis" class="diagnosis diagnosis-testing" role="status" data-outcome="testing">
        <p>{testing(backend)}</p>
      </div>
    );
  }
  const ok = view.outcome === 'ok';
  return (
    <div id="diagnosis" class={ok ? 'diagnosis diagnosis-ok' : 'diagnosis diagnosis-problem'} role="status" data-outcome={view.outcome}>
      <strong class="diagnosis-title">
        <span class="diagnosis-mark" aria-hidden="true">
          {ok ? '✓' : '!'}
        </span>
        {title(view.outcome, backend)}
      </strong>
      {view.messages.map((message, i) => (
        <p key={i}>{render(message)}</p>
      ))}
    </div>
  );
}
