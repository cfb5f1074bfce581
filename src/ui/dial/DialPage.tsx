// "Call +7 495 123-45-67 from your desk phone?" — the handler page for tel:/sip: links. It never
// dials by itself: a page can navigate to a tel: link without any click (location = 'tel:…'),
// and the browser then opens this page just the same. The user's click on Call is the gesture.
import { useState } from 'preact/hooks';
import { render as renderText, t } from '../../platform/i18n.ts';
import { linkTarget } from '../../content/links.ts';
import type { LocalText } from '../../core/text.ts';
import { sendCommand } from '../shared/messaging.ts';
import { iconUrl } from '../shared/openOptions.ts';

/** The tel:/sip: link from the page's hash ("#tel%3A%2B74951234567"), or "" when there is none. */
export function linkFromLocation(hash: string): string {
  const value = hash.replace(/^#/, '');
  try {
    return decodeURIComponent(value).trim().slice(0, 200);
  } catch {
    return value.slice(0, 200);
  }
}

type Phase = { readonly phase: 'ask' } | { readonly phase: 'pending' } | { readonly phase: 'dialling'; readonly number: string } | { readonly phase: 'failed'; readonly error: LocalText };

export interface DialPageProps {
  readonly link: string;
  readonly framed: boolean;
}

export function DialPage({ link, framed }: DialPageProps) {
  const [state, setState] = useState<Phase>({ phase: 'ask' });
  const target = framed ? undefined : linkTarget(link);

  const call = () => {
    if (!target) return;
    setState({ phase: 'pending' });
    // The link as it is: the background reads its number and ";ext=" with the dialling rules.
    void sendCommand({ type: 'dial', number: link }).then((outcome) =>
      setState(outcome.ok ? { phase: 'dialling', number: outcome.number ?? target.number } : { phase: 'failed', error: outcome.error }),
    );
  };
  const cancel = () => {
    window.close();
    setState({ phase: 'ask' });
  };

  return (
    <section class="dial-page" aria-labelledby="dial-page-title">
      <header class="page-head">
        <img src={iconUrl(32)} alt="" width={24} height={24} />
        <h1 id="dial-page-title">{t('dialPageTitle')}</h1>
      </header>
      {!target ? (
        <p id="dial-page-error" class="field-error" role="alert">
          {framed ? t('dialPageFramed') : t('dialPageNoNumber', [link || '—'])}
        </p>
      ) : (
        <>
          <p class="dial-page-question">{t('dialPageQuestion')}</p>
          <p id="dial-page-number" class="dial-page-number">
            {target.number}
            {target.extension ? ` ${t('contentExtension')} ${target.extension}` : ''}
          </p>
          <div class="dial-page-actions">
            <button id="dial-page-call" type="button" class="btn btn-answer" disabled={state.phase === 'pending' || state.phase === 'dialling'} onClick={call}>
              {t('dialButton')}
            </button>
            <button id="dial-page-cancel" type="button" class="btn btn-secondary" onClick={cancel}>
              {t('dialPageCancel')}
            </button>
          </div>
          <p id="dial-page-status" class="dial-status" role="status">
            {state.phase === 'dialling' ? t('dialDialling', [state.number]) : ''}
          </p>
          {state.phase === 'failed' && (
            <p id="dial-page-failure" class="field-error" role="alert">
              {renderText(state.error)}
            </p>
          )}
        </>
      )}
    </section>
  );
}
