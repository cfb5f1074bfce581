// What the popup shows before Ringside is set up: one friendly step, not an error.
// It stands in for the status line, so it carries id="status" and data-state="disabled".
import { t } from '../../platform/i18n.ts';
import { iconUrl, openOptions } from '../shared/openOptions.ts';

export function SetupPrompt() {
  return (
    <section id="status" class="setup" data-state="disabled" role="status">
      <img class="setup-icon" src={iconUrl(48)} alt="" width={48} height={48} />
      <h2 class="setup-title">{t('setupTitle')}</h2>
      <p class="setup-text">{t('setupText')}</p>
      <button id="setup" type="button" class="btn btn-primary" onClick={() => openOptions(true)}>
        {t('setupButton')}
      </button>
    </section>
  );
}
