// Login hashing and the login errors as sentences (protocols.md §3.3, oktell.js connect()).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loginFailureOf, loginParams, oktellPasswordBytes, passwordHashes } from '../../../../src/drivers/oktell/login.ts';
import { loginFailureStatus, loginFailureText } from '../../../../src/drivers/oktell/sentences.ts';

const md5 = (bytes: Uint8Array | string) => createHash('md5').update(bytes).digest('hex');

describe('password hashes', () => {
  it('are md5 of the lower-cased and of the exact password', () => {
    expect(passwordHashes('Secret-1')).toEqual({ lower: md5('secret-1'), exact: md5('Secret-1') });
    expect(loginParams('operator', 'Secret-1')).toEqual({
      userlogin: 'operator',
      password: md5('secret-1'),
      Password: md5('Secret-1'),
      showid: 1,
      usewebrtc: false,
    });
  });

  it('hash Cyrillic as Windows-1251 bytes, as oktell.js utf8DecodePass does', () => {
    expect([...oktellPasswordBytes('АЯаяЁё')]).toEqual([0xc0, 0xdf, 0xe0, 0xff, 0xa8, 0xb8]);
    expect(passwordHashes('Пароль').exact).toBe(md5(Buffer.from([0xcf, 0xe0, 0xf0, 0xee, 0xeb, 0xfc])));
    expect(passwordHashes('Пароль').lower).toBe(md5(Buffer.from([0xef, 0xe0, 0xf0, 0xee, 0xeb, 0xfc])));
    // U+0080–U+0400 are dropped, as in oktell.js.
    expect([...oktellPasswordBytes('a\u00e9b')]).toEqual([0x61, 0x62]);
  });
});

describe('login failures', () => {
  it('are told apart as oktell.js does', () => {
    expect(loginFailureOf({ result: 1, userid: 'u' })).toBeUndefined();
    expect(loginFailureOf({ result: 0, error: 50093 })).toEqual({ kind: 'already-logged-in' });
    expect(loginFailureOf({ error: 50025, errormsg: 'Лицензия' })).toEqual({ kind: 'licence-limit' });
    expect(loginFailureOf({ errormsg: 'Service not available' })).toEqual({ kind: 'service-unavailable' });
    expect(loginFailureOf({ errormsg: 'Wrong login/pass combination' })).toEqual({ kind: 'wrong-password' });
    expect(loginFailureOf({ errormsg: 'Bad request. Session does not exist' })).toEqual({ kind: 'session' });
    expect(loginFailureOf({ result: 0 })).toEqual({ kind: 'other', code: undefined, message: '' });
    expect(loginFailureOf({ error: 77, errormsg: 'Odd' })).toEqual({ kind: 'other', code: 77, message: 'Odd' });
  });

  it('become sentences, and only the passing conditions are retried', () => {
    const origin = 'http://oktell.local:4055';
    expect(loginFailureText({ kind: 'wrong-password' }, 'operator', origin)).toEqual({ key: 'okWrongPassword', subs: ['oktell.local:4055', 'operator'] });
    expect(loginFailureText({ kind: 'already-logged-in' }, 'operator', origin)).toEqual({ key: 'okAlreadyLoggedIn', subs: ['operator'] });
    expect(loginFailureText({ kind: 'licence-limit' }, 'operator', origin)).toEqual({ key: 'okLicenceLimit', subs: ['oktell.local:4055'] });
    expect(loginFailureText({ kind: 'service-unavailable' }, 'operator', origin)).toEqual({ key: 'okServiceUnavailable', subs: ['oktell.local:4055'] });
    expect(loginFailureText({ kind: 'other', code: 77, message: '' }, 'operator', origin)).toEqual({
      key: 'okLoginFailed',
      subs: ['oktell.local:4055', 'operator', 'error 77', '1211'],
    });
    expect(loginFailureText({ kind: 'session' }, 'operator', origin)).toMatchObject({ key: 'okLoginFailed', subs: [expect.any(String), 'operator', 'session', '1212'] });
    expect(loginFailureStatus({ kind: 'wrong-password' })).toEqual({ state: 'auth-failed', retry: false });
    expect(loginFailureStatus({ kind: 'other', code: undefined, message: '' }).retry).toBe(false);
    expect(loginFailureStatus({ kind: 'already-logged-in' }).retry).toBe(true);
    expect(loginFailureStatus({ kind: 'service-unavailable' })).toEqual({ state: 'unreachable', retry: true });
  });
});
