// The connection status as the background reports it (#status, data-state = the state):
// a coloured dot, a short label, and the reason sentence when there is one.
import { toChildArray, type ComponentChildren } from 'preact';
import type { ConnectionState, ConnectionStatus } from '../../core/call.ts';
import type { LocalText } from '../../core/text.ts';
import { render } from '../../platform/i18n.ts';
import { connectionLabel } from './labels.ts';

export interface StatusLineProps {
  /** undefined while the page has not heard from the background yet. */
  readonly status: ConnectionStatus | undefined;
  /** Shown when the status itself has no reason (e.g. "disabled" on the options page). */
  readonly fallbackReason?: string;
  readonly notice?: LocalText | undefined;
  /** Buttons that fix the problem (Reconnect, Allow access). */
  readonly children?: ComponentChildren;
  /** Words for the state, when "the phone" is not the right word (an Asterisk PBX). */
  readonly labelFor?: (state: ConnectionState | 'checking') => string;
}

export function StatusLine({ status, fallbackReason, notice, children, labelFor = connectionLabel }: StatusLineProps) {
  const state = status?.state ?? 'checking';
  const reason = status?.reason ? render(status.reason) : fallbackReason;
  return (
    <section id="status" class={`status status-${state}`} data-state={state} role="status" aria-live="polite">
      <span class="status-dot" aria-hidden="true" />
      <div class="status-body">
        <strong class="status-label">{labelFor(state)}</strong>
        {reason && <p class="status-reason">{reason}</p>}
        {notice && <p class="status-notice">{render(notice)}</p>}
        {toChildArray(children).length > 0 && <div class="status-actions">{children}</div>}
      </div>
    </section>
  );
}
