// Starts the tel:/sip: handler page. Firefox opens it for such a link once the user picked
// Ringside as the link's handler (manifest.json protocol_handlers); the link comes escaped in the
// hash. It is served by the popup's HTML (src/ui/popup/main.tsx), which the build already has.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { t } from '../../platform/i18n.ts';
import { DialPage, linkFromLocation } from './DialPage.tsx';
import '../shared/ui.css';
import './dial.css';

/** The escaped link in a handler page's hash ("#tel%3A%2B7…"), or undefined for the plain popup. */
export function handlerLink(hash: string): string | undefined {
  const link = linkFromLocation(hash);
  return /^(?:tel|sips?|callto):/i.test(link) ? link : undefined;
}

export function startDialPage(link: string): void {
  document.documentElement.lang = browser.i18n.getUILanguage();
  document.title = t('dialPageTitle');
  document.body.className = 'dial-page-body';
  const app = document.getElementById('app');
  // Framed by a web page? A page must not be able to lay this button under the user's click.
  const framed = window.top !== window;
  if (app) render(<DialPage link={link} framed={framed} />, app);
  browser.runtime.sendMessage({ type: 'wake' }).catch(() => undefined);
}
