// Words for the call model's values. Every key is written out as t('…') so that the locale
// check (src/ui/check-locales.mjs) finds it.
import type { Call, CallAction, CallState, ConnectionState } from '../../core/call.ts';
import type { Backend } from '../../core/settings.ts';
import { t } from '../../platform/i18n.ts';

export function actionLabel(action: CallAction): string {
  switch (action) {
    case 'answer':
      return t('actionAnswer');
    case 'reject':
      return t('actionReject');
    case 'hold':
      return t('actionHold');
    case 'resume':
      return t('actionResume');
    case 'hangup':
      return t('actionHangup');
  }
}

export function callStateLabel(state: CallState): string {
  switch (state) {
    case 'ringing':
      return t('callRinging');
    case 'dialing':
      return t('callDialing');
    case 'connected':
      return t('callConnected');
    case 'held':
      return t('callHeld');
    case 'ended':
      return t('callEnded');
  }
}

export function directionLabel(call: Pick<Call, 'direction'>): string {
  return call.direction === 'in' ? t('directionIn') : t('directionOut');
}

/** How a finished call ended, in the words of a call log. */
export function endingLabel(call: Pick<Call, 'direction' | 'ending'>): string {
  switch (call.ending) {
    case 'answered-here':
      return t('endAnswered');
    case 'answered-elsewhere':
      return t('endAnsweredElsewhere');
    case 'missed':
      return call.direction === 'in' ? t('endMissed') : t('endNoAnswer');
    case 'rejected':
      return call.direction === 'in' ? t('endRejected') : t('endDeclined');
    case 'busy':
      return t('endBusy');
    case 'failed':
      return t('endFailed');
    case 'cancelled':
      return t('endCancelled');
    case undefined:
      return t('callEnded');
  }
}

export function connectionLabel(state: ConnectionState | 'checking'): string {
  switch (state) {
    case 'checking':
      return t('stateChecking');
    case 'disabled':
      return t('stateDisabled');
    case 'connecting':
      return t('stateConnecting');
    case 'online':
      return t('stateOnline');
    case 'unreachable':
      return t('stateUnreachable');
    case 'auth-failed':
      return t('stateAuthFailed');
    case 'misconfigured':
      return t('stateMisconfigured');
    case 'no-permission':
      return t('stateNoPermission');
  }
}

/** The product's name where a sentence names the PBX: undefined for a desk phone (or nothing chosen). */
export function serverName(backend: Backend): string | undefined {
  switch (backend) {
    case 'oktell':
      return t('backendOktell');
    case 'rander':
      return t('backendRander');
    case 'asterisk':
      return 'Asterisk';
    case 'grandstream':
    case 'none':
      return undefined;
  }
}

/** The same for a PBX named in the label ("Connecting to Oktell…"), where "the phone" would be the wrong word. */
export function namedConnectionLabel(name: string): (state: ConnectionState | 'checking') => string {
  return (state) => {
    switch (state) {
      case 'connecting':
        return t('stateServerConnecting', [name]);
      case 'online':
        return t('stateServerOnline', [name]);
      case 'unreachable':
        return t('stateServerUnreachable', [name]);
      case 'auth-failed':
        return t('stateServerAuthFailed', [name]);
      case 'no-permission':
        return t('stateServerNoPermission', [name]);
      default:
        return connectionLabel(state);
    }
  };
}

/** The options page's words for the connection to the chosen backend. */
export function connectionLabelFor(backend: Backend): (state: ConnectionState | 'checking') => string {
  if (backend === 'asterisk') return pbxConnectionLabel;
  const name = serverName(backend);
  return name ? namedConnectionLabel(name) : connectionLabel;
}

/** The same for an Asterisk PBX, where "the phone" would be the wrong word (options page). */
export function pbxConnectionLabel(state: ConnectionState | 'checking'): string {
  switch (state) {
    case 'connecting':
      return t('stateConnectingAsterisk');
    case 'online':
      return t('stateOnlineAsterisk');
    case 'unreachable':
      return t('stateUnreachableAsterisk');
    case 'auth-failed':
      return t('stateAuthFailedAsterisk');
    case 'no-permission':
      return t('stateNoPermissionAsterisk');
    default:
      return connectionLabel(state);
  }
}
