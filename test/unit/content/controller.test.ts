// @vitest-environment happy-dom
// The content script as a whole, driven by settings: nothing until Ringside is set up, the
// per-site switch, linkify and link take-over switched separately, the popup's question, and
// what a page or a test can read of the marks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COUNT_ATTRIBUTE, MARKED_EVENT, NUMBERS_EVENT, QUERY_EVENT, SETTINGS_KEY, startContent, type ContentScript } from '../../../src/content/controller.ts';
import type { ContentApi } from '../../../src/platform/content.ts';
import { installHighlights, removeHighlights, testDetect, trusted } from './helpers.ts';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

function fakeApi() {
  const sent: unknown[] = [];
  const storageListeners: Listener[] = [];
  const messageListeners: ((m: unknown) => unknown)[] = [];
  const api: ContentApi = {
    readStored: async () => undefined,
    onStorageChanged: (l) => {
      storageListeners.push(l);
      return () => storageListeners.splice(storageListeners.indexOf(l), 1);
    },
    sendMessage: async (m) => {
      sent.push(m);
      return { ok: true };
    },
    onMessage: (l) => {
      messageListeners.push(l);
      return () => messageListeners.splice(messageListeners.indexOf(l), 1);
    },
    t: (key, subs) => `${key}${subs ? `(${subs.join(',')})` : ''}`,
    uiLanguage: () => 'ru',
  };
  return {
    api,
    sent,
    store: (value: unknown) => storageListeners.forEach((l) => l({ [SETTINGS_KEY]: { newValue: value } }, 'local')),
    ask: (message: unknown) => messageListeners.map((l) => l(message)).find((r) => r !== undefined),
  };
}

const configured = (pages: Record<string, unknown> = {}) => ({
  version: 1,
  backend: 'grandstream',
  grandstream: { address: 'http://192.168.1.50', password: 'x', account: 1, pollIntervalMs: 1000 },
  pages: { linkify: true, takeOverLinks: true, disabledSites: [], region: 'auto', ...pages },
});

let content: ContentScript | undefined;

function start() {
  const fake = fakeApi();
  content = startContent({ win: window, api: fake.api, detect: (text) => testDetect(text), request: () => () => undefined });
  return fake;
}
const settle = () => content?.linkifier?.drain();

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://crm.example.com/deals');
  installHighlights();
  document.documentElement.removeAttribute(COUNT_ATTRIBUTE);
  document.body.innerHTML = '<p id="office">Офис: +7 (495) 123-45-67</p><a id="tel" href="tel:+74951112233">call</a>';
});
afterEach(() => {
  content?.stop();
  content = undefined;
  removeHighlights();
});

describe('the content script', () => {
  it('does nothing on pages until Ringside is set up: no marks, tel: links left to the OS', () => {
    const fake = start();
    content!.apply(undefined);
    expect(content!.linkifier).toBeUndefined();
    const event = trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    document.getElementById('tel')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(fake.sent).toEqual([]);
    expect(content!.status()).toMatchObject({ state: 'not-set-up', marked: 0 });
  });

  it('marks numbers once set up, tells the page how many, and lists them when asked', () => {
    start();
    const counts: number[] = [];
    document.addEventListener(MARKED_EVENT, (e) => counts.push((e as CustomEvent<number>).detail));
    content!.apply(configured());
    settle();
    expect(document.documentElement.getAttribute(COUNT_ATTRIBUTE)).toBe('1');
    expect(counts.at(-1)).toBe(1);
    let listed = '';
    document.addEventListener(NUMBERS_EVENT, (e) => (listed = (e as CustomEvent<string>).detail), { once: true });
    document.dispatchEvent(new Event(QUERY_EVENT));
    expect(JSON.parse(listed)).toEqual([{ number: '+74951234567', raw: '+7 (495) 123-45-67' }]);
  });

  it('sends dial-from-page for a trusted click on a tel: link', () => {
    const fake = start();
    content!.apply(configured());
    const event = trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    document.getElementById('tel')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(fake.sent).toEqual([{ type: 'dial-from-page', number: '+74951112233', raw: 'tel:+74951112233' }]);
  });

  it('follows the per-site switch and the settings as they change', () => {
    const fake = start();
    content!.apply(configured());
    settle();
    expect(content!.linkifier?.store.size).toBe(1);
    fake.store(configured({ disabledSites: ['example.com'] }));
    expect(content!.linkifier).toBeUndefined();
    expect(document.documentElement.hasAttribute(COUNT_ATTRIBUTE)).toBe(false);
    expect(content!.status().state).toBe('site-off');
    const event = trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    document.getElementById('tel')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);

    fake.store(configured({ linkify: false }));
    expect(content!.linkifier).toBeUndefined();
    expect(content!.status().state).toBe('linkify-off');
    const link = trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    document.getElementById('tel')!.dispatchEvent(link);
    expect(link.defaultPrevented).toBe(true);

    fake.store(configured({ takeOverLinks: false }));
    settle();
    expect(content!.linkifier?.store.size).toBe(1);
    const left = trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    document.getElementById('tel')!.dispatchEvent(left);
    expect(left.defaultPrevented).toBe(false);
  });

  it('answers the popup with the host and what it does there, and ignores other messages', () => {
    const fake = start();
    content!.apply(configured());
    settle();
    expect(fake.ask({ type: 'page-status' })).toEqual({ host: 'crm.example.com', state: 'on', marked: 1 });
    expect(fake.ask({ type: 'dial', number: '1' })).toBeUndefined();
    expect(fake.ask('page-status')).toBeUndefined();
  });

  it('leaves a page that opts out as a whole unmarked', () => {
    document.body.setAttribute('data-ringside', 'off');
    try {
      start();
      content!.apply(configured());
      expect(content!.linkifier).toBeUndefined();
      expect(content!.status().state).toBe('page-opt-out');
    } finally {
      document.body.removeAttribute('data-ringside');
    }
  });

  it('stops for good when the extension is gone (an update): the dial cannot be sent', async () => {
    const fake = start();
    fake.api.sendMessage = async () => {
      throw new Error('Extension context invalidated.');
    };
    content!.apply(configured());
    settle();
    document.getElementById('tel')!.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 })));
    await new Promise((r) => setTimeout(r, 0));
    expect(content!.linkifier).toBeUndefined();
    expect(document.documentElement.hasAttribute(COUNT_ATTRIBUTE)).toBe(false);
  });
});
