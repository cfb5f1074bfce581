// The toolbar badge: ringing, in a call, or a connection problem — readable at a glance.
import browser from 'webextension-polyfill';
import { isProblem, type ConnectionStatus } from '../core/call.ts';
import { currentCall, type CallBook } from '../core/callBook.ts';
import { render, t } from '../platform/i18n.ts';

export interface BadgeLook {
  readonly text: string;
  readonly color: string;
  readonly title: string;
}

export function badgeFor(book: Pick<CallBook, 'live' | 'status'>): BadgeLook {
  const call = currentCall(book);
  const name = t('extName');
  // A lost connection comes first: the calls we know of may already be over.
  if (isProblem(book.status as ConnectionStatus)) {
    return { text: '!', color: '#e37400', title: `${name}: ${book.status.reason ? render(book.status.reason) : t('statusProblem')}` };
  }
  if (call?.state === 'ringing' && call.direction === 'in') {
    return { text: '☎', color: '#d93025', title: `${name}: ${t('badgeRinging', [call.remote.number || t('unknownNumber')])}` };
  }
  if (call) return { text: '●', color: '#188038', title: `${name}: ${t('badgeInCall')}` };
  return { text: '', color: '#5f6368', title: name };
}

let last = '';

export async function paintBadge(book: Pick<CallBook, 'live' | 'status'>): Promise<void> {
  const look = badgeFor(book);
  const key = JSON.stringify(look);
  if (key === last) return;
  last = key;
  await Promise.all([
    browser.action.setBadgeText({ text: look.text }),
    browser.action.setBadgeBackgroundColor({ color: look.color }),
    browser.action.setTitle({ title: look.title }),
  ]);
}
