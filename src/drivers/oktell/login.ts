// Logging in to the Oktell WebSocket (protocols.md §3.3, [SRC Bpium/oktell-js oktell.js 1.7
// connect()]):
//
//   ["login", {"userlogin": …, "password": md5(cp(lowercase(password))), "Password": md5(cp(password)),
//              "showid": 1, "usewebrtc": false, "qid": …}]
//
// where cp() is oktell.js's utf8DecodePass: ASCII stays, the Cyrillic letters become their
// Windows-1251 bytes (А–я → 0xC0–0xFF, Ё → 0xA8, ё → 0xB8), U+0080–U+0400 are dropped; MD5 then
// hashes those bytes. Ringside hashes the same bytes so a Cyrillic password works as it does in
// Oktell's own web client. Characters beyond the Cyrillic block are mapped the same way and cut
// to one byte [? oktell.js lets them overflow into the next byte; nobody is known to use them].
//
// Login failures, as oktell.js tells them apart (its own codes in brackets):
//   error 50093                                   user already logged in: the desktop client [1204]
//   error 50025                                   licence limit of simultaneous users [1214]
//   errormsg "Service not available"              the Oktell service is still starting [1215]
//   errormsg "Wrong login/pass combination"       wrong login or password [1202]
//   errormsg "Bad request. Session does not exist" / "Bad request. Invalid session user" [1212]
//   anything else with error/errormsg, or result 0 [1211]
import { md5Hex } from './md5.ts';
import { replyError, type OktellParams } from './frames.ts';

/** oktell.js utf8DecodePass + the byte view its MD5 takes. */
export function oktellPasswordBytes(password: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < password.length; i++) {
    let c = password.charCodeAt(i);
    if (c <= 127) {
      bytes.push(c);
    } else if (c > 1024) {
      if (c === 1025) c = 1016;
      else if (c === 1105) c = 1032;
      bytes.push((c - 848) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

export interface PasswordHashes {
  /** md5 of the lower-cased password: the field `password`. */
  readonly lower: string;
  /** md5 of the password as typed: the field `Password`. */
  readonly exact: string;
}

export function passwordHashes(password: string): PasswordHashes {
  return {
    lower: md5Hex(oktellPasswordBytes(password.toLowerCase())),
    exact: md5Hex(oktellPasswordBytes(password)),
  };
}

export function loginParams(login: string, password: string): OktellParams {
  const hashes = passwordHashes(password);
  return { userlogin: login, password: hashes.lower, Password: hashes.exact, showid: 1, usewebrtc: false };
}

export type LoginFailure =
  | { readonly kind: 'wrong-password' }
  | { readonly kind: 'already-logged-in' }
  | { readonly kind: 'licence-limit' }
  | { readonly kind: 'service-unavailable' }
  | { readonly kind: 'session' }
  | { readonly kind: 'other'; readonly code: number | undefined; readonly message: string };

/** oktell.js's client-side code for a failure, shown in sentences so support can look it up. */
export function oktellJsCode(failure: LoginFailure): number {
  switch (failure.kind) {
    case 'wrong-password':
      return 1202;
    case 'already-logged-in':
      return 1204;
    case 'licence-limit':
      return 1214;
    case 'service-unavailable':
      return 1215;
    case 'session':
      return 1212;
    case 'other':
      return 1211;
  }
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.toLowerCase();

/** The failure a login reply reports, or undefined when the login succeeded. */
export function loginFailureOf(reply: OktellParams): LoginFailure | undefined {
  const error = replyError(reply);
  if (!error) return undefined;
  if (error.code === 50093) return { kind: 'already-logged-in' };
  if (error.code === 50025) return { kind: 'licence-limit' };
  if (same(error.message, 'Service not available')) return { kind: 'service-unavailable' };
  if (same(error.message, 'Wrong login/pass combination')) return { kind: 'wrong-password' };
  if (same(error.message, 'Bad request. Session does not exist') || same(error.message, 'Bad request. Invalid session user')) {
    return { kind: 'session' };
  }
  return { kind: 'other', code: error.code, message: error.message };
}
