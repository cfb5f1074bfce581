// Every failure the Oktell driver can meet, as a sentence the user can act on. The keys and their
// English and Russian messages are in messages.json next to this file.
import type { ConnectionState } from '../../core/call.ts';
import { text, type LocalText } from '../../core/text.ts';
import type { DiagnosisOutcome } from '../contract.ts';
import type { NetworkFailureKind } from '../network.ts';
import type { OpenFailure } from './connection.ts';
import type { ClientOutcome } from './desktopClient.ts';
import { oktellJsCode, type LoginFailure } from './login.ts';
import { hostOf } from './target.ts';
import type { WebApiOutcome } from './webApi.ts';

export function networkFailureText(kind: NetworkFailureKind | 'aborted', origin: string): LocalText {
  const host = hostOf(origin);
  switch (kind) {
    case 'timeout':
      return text('okTimeout', host);
    case 'unreachable':
      return text('okUnreachable', host);
    case 'refused':
      return text('okRefused', host);
    case 'untrusted-certificate':
      return text('okCertificate', origin);
    case 'network':
      return origin.startsWith('https:') ? text('okNetworkHttps', origin) : text('okRefused', host);
    case 'aborted':
      return text('errCancelled');
  }
}

export function networkOutcome(kind: NetworkFailureKind | 'aborted'): DiagnosisOutcome {
  switch (kind) {
    case 'network':
      return 'refused';
    case 'aborted':
      return 'timeout';
    default:
      return kind;
  }
}

export function webApiFailureText(outcome: Exclude<WebApiOutcome, { kind: 'ok' }>, origin: string, user: string, number: string): LocalText {
  const host = hostOf(origin);
  switch (outcome.kind) {
    case 'auth':
      return text('okWebApiAuth', host, user);
    case 'forbidden':
      return text('okWebApiForbidden', host, user);
    case 'no-command':
      return text('okWebApiNoCommand', host, 'wp_autocallstart');
    case 'http-error':
      return text('okWebApiHttpError', host, outcome.status);
    case 'not-oktell':
      return text('okNotOktell', host, outcome.detail);
    case 'refused':
      return outcome.detail ? text('okDialRefused', number, outcome.detail) : text('okDialRefusedPlain', number);
    case 'network':
      return networkFailureText(outcome.failure, origin);
  }
}

export function clientFailureText(outcome: Exclude<ClientOutcome, { kind: 'ok' }>, port: number): LocalText {
  switch (outcome.kind) {
    case 'not-running':
      return text('okClientNotRunning', port);
    case 'timeout':
      return text('okClientTimeout', port);
    case 'http-error':
      return text('okClientHttpError', port, outcome.status);
    case 'aborted':
      return text('errCancelled');
  }
}

export function loginFailureText(failure: LoginFailure, login: string, origin: string): LocalText {
  const host = hostOf(origin);
  switch (failure.kind) {
    case 'wrong-password':
      return text('okWrongPassword', host, login);
    case 'already-logged-in':
      return text('okAlreadyLoggedIn', login);
    case 'licence-limit':
      return text('okLicenceLimit', host);
    case 'service-unavailable':
      return text('okServiceUnavailable', host);
    case 'session':
    case 'other': {
      const detail = failure.kind === 'other' ? failure.message || (failure.code !== undefined ? `error ${failure.code}` : '') : 'session';
      return text('okLoginFailed', host, login, detail || '?', oktellJsCode(failure));
    }
  }
}

/** How the watcher reports a login failure, and whether it may try again by itself. */
export function loginFailureStatus(failure: LoginFailure): { readonly state: ConnectionState; readonly retry: boolean } {
  switch (failure.kind) {
    // Known conditions that pass without the user: the desktop client closes, a licence frees
    // up, the service finishes starting. None of them is about the password.
    case 'already-logged-in':
    case 'licence-limit':
      return { state: 'misconfigured', retry: true };
    case 'service-unavailable':
      return { state: 'unreachable', retry: true };
    // A wrong password is never tried again by itself (no lockout, no retry storm); nor is an
    // error nobody has described, which might be the same thing in other words.
    case 'wrong-password':
      return { state: 'auth-failed', retry: false };
    case 'session':
    case 'other':
      return { state: 'misconfigured', retry: false };
  }
}

export function loginFailureOutcome(failure: LoginFailure): DiagnosisOutcome {
  return failure.kind === 'wrong-password' ? 'auth-rejected' : 'misconfigured';
}

export function openFailureText(failure: OpenFailure, url: string): LocalText {
  switch (failure) {
    case 'no-answer':
      return text('okWsNotOktell', url);
    case 'redirect':
      return text('okWsRedirect', url);
    case 'aborted':
      return text('errCancelled');
    default:
      return text('okWsUnreachable', url);
  }
}
