// One call: who, which way, its state, how long, and a button per action the phone can do now.
// The popup shows it for the current call (id="call") and, smaller, for other live calls; the
// call window shows it large.
import type { Call, CallAction, Capability } from '../../core/call.ts';
import { actionsFor } from '../../core/call.ts';
import { render, t } from '../../platform/i18n.ts';
import { formatDuration, partySubtitle, partyTitle } from './format.ts';
import { actionLabel, callStateLabel, directionLabel, endingLabel } from './labels.ts';
import { PhoneIcon } from './PhoneIcon.tsx';
import { useCallAction } from './useCallAction.ts';
import { useNow } from './useNow.ts';

export type CallPanelSize = 'compact' | 'normal' | 'large';

export interface CallPanelProps {
  readonly call: Call;
  readonly capabilities: ReadonlySet<Capability>;
  readonly size?: CallPanelSize;
  /** Only the one call the page is about gets the id "call". */
  readonly primary?: boolean;
}

function buttonStyle(action: CallAction): string {
  switch (action) {
    case 'answer':
      return 'btn btn-answer';
    case 'reject':
    case 'hangup':
      return 'btn btn-danger';
    case 'hold':
    case 'resume':
      return 'btn btn-secondary';
  }
}

function talkTime(call: Call, now: number): number | undefined {
  if (call.answeredAt === undefined) return undefined;
  if (call.state === 'connected' || call.state === 'held') return now - call.answeredAt;
  if (call.state === 'ended' && call.endedAt !== undefined) return call.endedAt - call.answeredAt;
  return undefined;
}

export function CallPanel({ call, capabilities, size = 'normal', primary = false }: CallPanelProps) {
  const ticking = call.state === 'connected' || call.state === 'held';
  const now = useNow(ticking);
  const { pending, error, act } = useCallAction(call.id);
  const actions = actionsFor(call, capabilities);
  const duration = talkTime(call, now);
  const subtitle = partySubtitle(call);
  const stateText = call.state === 'ended' ? endingLabel(call) : callStateLabel(call.state);
  // When Ringside cannot pick up the handset (Asterisk offers no answer; Oktell only with a phone
  // that accepts intercom), say where to answer, as the ring notification does.
  const answerOnPhone = call.state === 'ringing' && call.direction === 'in' && !actions.includes('answer');

  return (
    <article
      {...(primary ? { id: 'call' } : {})}
      class={`call call-${size} call-${call.state}`}
      data-call-id={call.id}
      data-state={call.state}
      data-direction={call.direction}
    >
      <header class="call-head">
        <span class={`call-direction direction-${call.direction}`}>
          <span class="arrow" aria-hidden="true">{call.direction === 'in' ? '↙' : '↗'}</span>
          {directionLabel(call)}
        </span>
        <span class="call-state">
          {stateText}
          {duration !== undefined && <span class="call-duration"> · {formatDuration(duration)}</span>}
        </span>
      </header>
      <div class="call-party">
        <div class="call-title">{partyTitle(call)}</div>
        {subtitle && <div class="call-number">{subtitle}</div>}
      </div>
      {actions.length > 0 && (
        <div class="call-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              class={buttonStyle(action)}
              data-action={action}
              disabled={pending !== undefined}
              aria-busy={pending === action}
              onClick={() => act(action)}
            >
              {actionLabel(action)}
            </button>
          ))}
        </div>
      )}
      {answerOnPhone && (
        <p class="call-hint" data-hint="answer-on-phone">
          <PhoneIcon size={size === 'large' ? 20 : 16} />
          {t('callAnswerOnPhone')}
        </p>
      )}
      {error && (
        <p class="call-error" role="alert">
          {render(error)}
        </p>
      )}
    </article>
  );
}
