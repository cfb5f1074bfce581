// The call book as the background last wrote it to storage.session, kept current through
// storage.onChanged. undefined while loading or when there is nothing valid to show yet.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { callBookSchema, type CallBook } from '../../core/callBook.ts';
import { CALL_BOOK_KEY } from '../../background/store.ts';

function parseBook(value: unknown): CallBook | undefined {
  const parsed = callBookSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function useCallBook(): CallBook | undefined {
  const [book, setBook] = useState<CallBook | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area !== 'session' || !(CALL_BOOK_KEY in changes)) return;
      setBook(parseBook(changes[CALL_BOOK_KEY]?.newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    browser.storage.session
      .get(CALL_BOOK_KEY)
      .then((stored) => {
        if (alive) setBook((current) => current ?? parseBook(stored[CALL_BOOK_KEY]));
      })
      .catch(() => {
        // storage.session unavailable: the page shows "checking" until the background writes.
      });
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return book;
}
