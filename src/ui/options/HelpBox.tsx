// How to let Ringside control a Grandstream phone (shared/reference/protocols.md §1.2).
import { t } from '../../platform/i18n.ts';

export function HelpBox() {
  return (
    <aside id="help" class="card help" aria-labelledby="help-title">
      <h2 id="help-title">{t('helpTitle')}</h2>
      <ol>
        <li>{t('helpStep1')}</li>
        <li>{t('helpStep2')}</li>
        <li>{t('helpStep3')}</li>
        <li>{t('helpStep4')}</li>
        <li>{t('helpStep5')}</li>
        <li>{t('helpStep6')}</li>
      </ol>
      <p class="hint">{t('helpPassword')}</p>
    </aside>
  );
}
