// The last few finished calls: who, when, how it ended, and a button to call back.
import type { Call } from '../../core/call.ts';
import { t } from '../../platform/i18n.ts';
import { formatDuration, formatWhen, partySubtitle, partyTitle } from '../shared/format.ts';
import { directionLabel, endingLabel } from '../shared/labels.ts';
import { PhoneIcon } from '../shared/PhoneIcon.tsx';

export const RECENT_SHOWN = 5;

export interface RecentCallsProps {
  readonly calls: readonly Call[];
  readonly canDial: boolean;
  readonly onCallBack: (number: string) => void;
}

function outcomeClass(call: Call): string {
  if (call.ending === 'missed' && call.direction === 'in') return 'recent-missed';
  if (call.ending === 'answered-here' || call.ending === 'answered-elsewhere') return 'recent-answered';
  return 'recent-other';
}

function RecentRow({ call, canDial, onCallBack }: { call: Call; canDial: boolean; onCallBack: (n: string) => void }) {
  const subtitle = partySubtitle(call);
  const talked = call.answeredAt !== undefined && call.endedAt !== undefined ? call.endedAt - call.answeredAt : undefined;
  const when = call.endedAt ?? call.startedAt;
  const meta = [subtitle, endingLabel(call), talked !== undefined && talked >= 1000 ? formatDuration(talked) : undefined].filter(
    (part): part is string => Boolean(part),
  );
  return (
    <li class={`recent ${outcomeClass(call)}`} data-call-id={call.id} data-ending={call.ending ?? ''}>
      <span class="recent-arrow" role="img" aria-label={directionLabel(call)} title={directionLabel(call)}>
        {call.direction === 'in' ? '↙' : '↗'}
      </span>
      <div class="recent-body">
        <div class="recent-line">
          <span class="recent-title">{partyTitle(call)}</span>
          <time class="recent-when" dateTime={new Date(when).toISOString()}>
            {formatWhen(when)}
          </time>
        </div>
        <div class="recent-meta">{meta.join(' · ')}</div>
      </div>
      {canDial && call.remote.number && (
        <button
          type="button"
          class="btn btn-icon btn-answer"
          data-redial={call.remote.number}
          aria-label={t('recentCallBackNumber', [call.remote.number])}
          title={t('recentCallBackNumber', [call.remote.number])}
          onClick={() => onCallBack(call.remote.number)}
        >
          <PhoneIcon />
        </button>
      )}
    </li>
  );
}

export function RecentCalls({ calls, canDial, onCallBack }: RecentCallsProps) {
  const shown = calls.filter((c) => c.state === 'ended').slice(0, RECENT_SHOWN);
  return (
    <section id="recent" class="recent-calls" aria-labelledby="recent-title">
      <h2 id="recent-title" class="section-title">
        {t('recentTitle')}
      </h2>
      {shown.length === 0 ? (
        <p class="muted">{t('recentEmpty')}</p>
      ) : (
        <ul class="recent-list">
          {shown.map((call) => (
            <RecentRow key={call.id} call={call} canDial={canDial} onCallBack={onCallBack} />
          ))}
        </ul>
      )}
    </section>
  );
}
