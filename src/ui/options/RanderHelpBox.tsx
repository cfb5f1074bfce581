// What a user needs for RanderWEB: the server's address and port, a RanderWEB login, their
// extension; and, plainly, that RanderWEB's interface is not publicly documented, so what Ringside
// assumes about it is listed in the README for the administrator to compare.
import { t } from '../../platform/i18n.ts';

export function RanderHelpBox() {
  return (
    <aside id="rd-help" class="card help" aria-labelledby="rd-help-title">
      <h2 id="rd-help-title">{t('randerHelpTitle')}</h2>
      <p class="help-intro">{t('randerHelpIntro')}</p>
      <ol>
        <li>{t('randerHelpStepAddress')}</li>
        <li>{t('randerHelpStepLogin')}</li>
        <li>{t('randerHelpStepExtension')}</li>
      </ol>
      <p class="hint">{t('randerHelpTest')}</p>
      <p id="rd-help-unverified" class="callout">
        <strong>{t('randerHelpUnverifiedTitle')}</strong> {t('randerHelpUnverified')}
      </p>
    </aside>
  );
}
