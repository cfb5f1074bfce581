import browser from 'webextension-polyfill';

/** Opens the settings page; from the popup, the popup then gets out of the way. */
export function openOptions(closeAfter: boolean): void {
  void browser.runtime.openOptionsPage().then(() => {
    if (closeAfter) window.close();
  });
}

/** The toolbar icon, for page headers. */
export function iconUrl(size: 16 | 32 | 48 | 128): string {
  return browser.runtime.getURL(`icons/icon-${size}.png`);
}
