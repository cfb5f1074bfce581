// The call book lives in storage.session: it survives a restart of the worker / event page but
// not of the browser, and pages of the extension can read it (popup, call window).
import browser from 'webextension-polyfill';
import { callBookSchema, emptyCallBook, type CallBook } from '../core/callBook.ts';

const KEY = 'callBook';

export async function loadCallBook(): Promise<CallBook> {
  const stored = (await browser.storage.session.get(KEY))[KEY];
  const parsed = callBookSchema.safeParse(stored);
  return parsed.success ? parsed.data : emptyCallBook({ state: 'disabled', since: Date.now() });
}

export async function saveCallBook(book: CallBook): Promise<void> {
  await browser.storage.session.set({ [KEY]: book });
}

export const CALL_BOOK_KEY = KEY;
