// Which call the call window is about: the one named by ?call=<id> while the book knows it,
// otherwise the current call. Pure, so the fallback rules are easy to test.
import type { Call } from '../../core/call.ts';
import { currentCall, type CallBook } from '../../core/callBook.ts';

export type Picked =
  | { readonly call: Call; readonly ended: boolean }
  | { readonly call: undefined; readonly ended: false };

export function findCall(book: Pick<CallBook, 'live' | 'recent'>, id: string): Call | undefined {
  return book.live.find((c) => c.id === id) ?? book.recent.find((c) => c.id === id);
}

/**
 * @param wanted the call asked for in the URL, or the call already on screen (pinned), which
 *               is then kept even when another call becomes "current".
 * @param pinned true once the window has shown `wanted`: if it disappears from the book it has
 *               ended (e.g. the connection was reset), rather than falling back to another call.
 */
export function pickCall(book: Pick<CallBook, 'live' | 'recent'>, wanted: string | undefined, pinned: boolean): Picked {
  const found = wanted ? findCall(book, wanted) : undefined;
  if (found) return { call: found, ended: found.state === 'ended' };
  if (pinned) return { call: undefined, ended: false };
  const current = currentCall(book);
  return current ? { call: current, ended: false } : { call: undefined, ended: false };
}

export function callIdFromUrl(search: string): string | undefined {
  const id = new URLSearchParams(search).get('call');
  return id ? id : undefined;
}
