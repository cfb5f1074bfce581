// Starts one of Ringside's pages: the document's language and title follow the browser's UI
// language (public/_locales), and the root component is rendered into <main id="app">.
import { render as renderInto, type ComponentChild } from 'preact';
import browser from 'webextension-polyfill';
import { t } from '../../platform/i18n.ts';
import './ui.css';

export function startPage(titleKey: 'pageTitleOptions' | 'pageTitlePopup' | 'pageTitleCallWindow', root: ComponentChild): void {
  document.documentElement.lang = browser.i18n.getUILanguage();
  document.title = titleOf(titleKey);
  const app = document.getElementById('app');
  if (app) renderInto(root, app);
  // A stopped worker / event page starts on a message and resumes watching; the page then
  // follows its state in storage.session.
  browser.runtime.sendMessage({ type: 'wake' }).catch(() => undefined);
}

// Written out so that every key appears literally as t('…') (the locale check greps for it).
function titleOf(key: 'pageTitleOptions' | 'pageTitlePopup' | 'pageTitleCallWindow'): string {
  switch (key) {
    case 'pageTitleOptions':
      return t('pageTitleOptions');
    case 'pageTitlePopup':
      return t('pageTitlePopup');
    case 'pageTitleCallWindow':
      return t('pageTitleCallWindow');
  }
}
