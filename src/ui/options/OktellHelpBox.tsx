// What to set up on the Oktell side (shared/reference/protocols.md §3): a service account with the
// Web-API privilege for dialling through the server, the web server's ports, the desktop client on
// 127.0.0.1:4059, and each employee's own login for incoming calls. Honest about answering from the
// browser: Oktell can only ask the phone to pick up by itself (intercom / auto-answer).
import { t } from '../../platform/i18n.ts';

export function OktellHelpBox() {
  return (
    <aside id="ok-help" class="card help" aria-labelledby="ok-help-title">
      <h2 id="ok-help-title">{t('oktellHelpTitle')}</h2>
      <p class="help-intro">{t('oktellHelpIntro')}</p>
      <ol>
        <li>
          <strong>{t('oktellHelpServerTitle')}</strong> {t('oktellHelpServer')}
        </li>
        <li>
          <strong>{t('oktellHelpPortsTitle')}</strong> {t('oktellHelpPorts')}
        </li>
        <li>
          <strong>{t('oktellHelpClientTitle')}</strong> {t('oktellHelpClient')}
        </li>
        <li>
          <strong>{t('oktellHelpLoginTitle')}</strong> {t('oktellHelpLogin')}
        </li>
      </ol>
      <p class="help-note">
        <strong>{t('oktellHelpAnswerTitle')}</strong> {t('oktellHelpAnswer')}
      </p>
      <p class="hint">{t('oktellHelpTest')}</p>
    </aside>
  );
}
