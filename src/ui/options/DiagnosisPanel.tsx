// The result of "Test connection" (#diagnosis, data-outcome = the driver's outcome).
import type { LocalText } from '../../core/text.ts';
import { render, t } from '../../platform/i18n.ts';

export type DiagnosisView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'testing' }
  | { readonly phase: 'done'; readonly outcome: string; readonly messages: readonly LocalText[] };

export function DiagnosisPanel({ view }: { readonly view: DiagnosisView }) {
  if (view.phase === 'idle') return <div id="diagnosis" class="diagnosis" role="status" />;
  if (view.phase === 'testing') {
    return (
      <div id="diagnosis" class="diagnosis diagnosis-testing" role="status" data-outcome="testing">
        <p>{t('diagnosisTesting')}</p>
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
        {ok ? t('diagnosisOk') : t('diagnosisProblem')}
      </strong>
      {view.messages.map((message, i) => (
        <p key={i}>{render(message)}</p>
      ))}
    </div>
  );
}
