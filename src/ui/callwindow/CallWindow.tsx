// The small window opened from a ring notification (Firefox notifications have no buttons):
// the same call panel as the popup, large, for one call; it closes itself a moment after that
// call ends.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Call } from '../../core/call.ts';
import { t } from '../../platform/i18n.ts';
import { CallPanel } from '../shared/CallPanel.tsx';
import { partyTitle, toCapabilities } from '../shared/format.ts';
import { StatusLine } from '../shared/StatusLine.tsx';
import { useCallBook } from '../shared/useCallBook.ts';
import { callIdFromUrl, pickCall } from './pickCall.ts';

/** Long enough to read "Call ended", short enough not to be in the way. */
export const CLOSE_DELAY_MS = 1500;

export function CallWindow() {
  const book = useCallBook();
  const [pinnedId, setPinnedId] = useState<string | undefined>(undefined);
  const lastSeen = useRef<Call | undefined>(undefined);
  const wanted = pinnedId ?? callIdFromUrl(location.search);

  const picked = book ? pickCall(book, wanted, pinnedId !== undefined) : undefined;
  if (picked?.call) lastSeen.current = picked.call;
  // A pinned call that vanished from the book (connection reset) has ended as far as we know.
  const vanished = pinnedId !== undefined && picked !== undefined && picked.call === undefined;
  const call = picked?.call ?? (vanished ? lastSeen.current : undefined);
  const ended = Boolean(picked?.ended) || vanished;

  useEffect(() => {
    if (picked?.call && pinnedId === undefined) setPinnedId(picked.call.id);
  }, [picked?.call?.id, pinnedId]);

  useEffect(() => {
    document.title = call ? `${partyTitle(call)} — ${t('extName')}` : t('pageTitleCallWindow');
  }, [call?.id, call?.remote.name, call?.remote.number]);

  useEffect(() => {
    if (!ended) return;
    const timer = setTimeout(() => window.close(), CLOSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ended]);

  const capabilities = toCapabilities(book?.capabilities ?? []);
  const problem = book && book.status.state !== 'online' && book.status.state !== 'connecting';

  return (
    <div class="callwindow">
      {problem && <StatusLine status={book.status} />}
      {call ? (
        <CallPanel call={ended ? { ...call, state: 'ended' } : call} capabilities={capabilities} size="large" primary />
      ) : (
        <div class="no-call">
          <p>{book ? t('callWindowNoCall') : t('stateChecking')}</p>
          <button type="button" class="btn btn-secondary" onClick={() => window.close()}>
            {t('buttonClose')}
          </button>
        </div>
      )}
    </div>
  );
}
