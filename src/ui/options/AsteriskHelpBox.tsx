// How to let Ringside use an Asterisk PBX over AJAM (shared/reference/protocols.md §2.1): the
// HTTP server in http.conf, AMI over HTTP and a user in manager.conf, and where FreePBX keeps
// the same settings. The sample files are messages too: their comments are translated.
import { t } from '../../platform/i18n.ts';

function ConfigFile({ name, body }: { readonly name: string; readonly body: string }) {
  return (
    <figure class="config">
      <figcaption>{name}</figcaption>
      <pre>
        <code>{body}</code>
      </pre>
    </figure>
  );
}

export function AsteriskHelpBox() {
  return (
    <aside id="ast-help" class="card help" aria-labelledby="ast-help-title">
      <h2 id="ast-help-title">{t('astHelpTitle')}</h2>
      <p class="help-intro">{t('astHelpIntro')}</p>
      <ol>
        <li>
          {t('astHelpStepHttp')}
          <ConfigFile name="/etc/asterisk/http.conf" body={t('astHelpHttpConf')} />
        </li>
        <li>
          {t('astHelpStepManager')}
          <ConfigFile name="/etc/asterisk/manager.conf" body={t('astHelpManagerConf')} />
          <p class="hint">{t('astHelpRights')}</p>
        </li>
        <li>{t('astHelpStepReload')}</li>
      </ol>
      <p class="help-note">
        <strong>{t('astHelpFreePbxTitle')}</strong> {t('astHelpFreePbx')}
      </p>
      <p class="hint">{t('astHelpHttps')}</p>
    </aside>
  );
}
