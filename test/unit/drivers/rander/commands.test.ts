import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  LOGIN_METHODS,
  capabilitiesFor,
  commandPath,
  commandUrl,
  encodePathSegment,
  isSendableSegment,
  loginRequest,
  readCommandReply,
  readLoginReply,
  redactUrl,
  type LoginMethod,
} from '../../../../src/drivers/rander/commands.ts';

const ORIGIN = 'http://rander.local:5005';

describe('Web API URLs', () => {
  it('builds /api/rander/<command>/<p1>/<p2>?token= as in the vendor’s capture', () => {
    expect(commandUrl(ORIGIN, COMMANDS.openLine!, { extension: '103', number: '' }, 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA984U8Ls7v0GOLkda8Tt')).toBe(
      'http://rander.local:5005/api/rander/openline/103?token=AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA984U8Ls7v0GOLkda8Tt',
    );
    expect(commandUrl(ORIGIN, COMMANDS.makeCall!, { extension: '103', number: '107' }, 't')).toBe('http://rander.local:5005/api/rander/makecall/103/107?token=t');
  });

  it('percent-encodes every odd character, so a value can never leave its segment', () => {
    const url = commandUrl(ORIGIN, COMMANDS.makeCall!, { extension: '10 3/x?y#z', number: '+7*21#' }, 'a+b/c=&d')!;
    expect(url).toBe('http://rander.local:5005/api/rander/makecall/10%203%2Fx%3Fy%23z/%2B7%2A21%23?token=a%2Bb%2Fc%3D%26d');
    const parsed = new URL(url);
    expect(parsed.pathname.split('/')).toEqual(['', 'api', 'rander', 'makecall', '10%203%2Fx%3Fy%23z', '%2B7%2A21%23']);
    expect(parsed.searchParams.get('token')).toBe('a+b/c=&d');
    expect(parsed.hash).toBe('');
  });

  it('refuses empty and dots-only values, which no encoding keeps inside /api/rander', () => {
    // WHATWG URL parsing (and servers) resolve `..` and `%2e%2e` alike.
    expect(new URL('http://h/api/rander/answer/%2E%2E').pathname).toBe('/api/rander/');
    for (const bad of ['', '.', '..', '...']) {
      expect(commandUrl(ORIGIN, COMMANDS.answer!, { extension: bad, number: '' }, 't'), bad).toBeUndefined();
      expect(isSendableSegment(bad)).toBe(false);
    }
    expect(isSendableSegment('1.2')).toBe(true);
    expect(loginRequest(ORIGIN, LOGIN_METHODS[1]!, 'admin', '..')).toBeUndefined();
    expect(loginRequest(ORIGIN, LOGIN_METHODS[0]!, 'admin', '..')).toBeDefined();
  });

  it('encodes !\'()* and non-ASCII too', () => {
    expect(encodePathSegment("a!b'c(d)e*f")).toBe('a%21b%27c%28d%29e%2Af');
    expect(encodePathSegment('Иван')).toBe('%D0%98%D0%B2%D0%B0%D0%BD');
    expect(encodePathSegment('~_-.')).toBe('~_-.');
  });

  it('names a command by its path for sentences', () => {
    expect(commandPath(COMMANDS.makeCall!)).toBe('/api/rander/makecall');
  });
});

describe('login requests', () => {
  const [oauth, path] = LOGIN_METHODS as [LoginMethod, LoginMethod];

  it('tries OWIN’s POST /token first, with the password in the body only', () => {
    const { url, init } = loginRequest(ORIGIN, oauth, 'admin', 'p&ss=1 2')!;
    expect(url).toBe('http://rander.local:5005/token');
    expect(init.method).toBe('POST');
    expect(new URLSearchParams(String(init.body))).toEqual(new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'p&ss=1 2' }));
    expect(url).not.toContain('p&ss');
  });

  it('falls back to GET /api/rander/login/<user>/<password>, encoded', () => {
    const { url, init } = loginRequest(ORIGIN, path, 'op erator', 'p/ss%')!;
    expect(url).toBe('http://rander.local:5005/api/rander/login/op%20erator/p%2Fss%25');
    expect(init.method).toBe('GET');
  });

  it('masks tokens and a path login’s password in log lines', () => {
    expect(redactUrl('http://h/api/rander/openline/103?token=SECRET')).toBe('http://h/api/rander/openline/103?token=***');
    expect(redactUrl('ws://h/signalr/connect?transport=webSockets&clientProtocol=1.5&token=T&connectionToken=C&tid=1')).toBe(
      'ws://h/signalr/connect?transport=webSockets&clientProtocol=1.5&token=***&connectionToken=***&tid=1',
    );
    expect(redactUrl('http://h/api/rander/login/admin/1234')).toBe('http://h/api/rander/login/admin/***');
  });
});

describe('reading login replies', () => {
  const [oauth, path] = LOGIN_METHODS as [LoginMethod, LoginMethod];

  it('takes access_token and expires_in from OWIN’s reply', () => {
    expect(readLoginReply(oauth, 200, '{"access_token":"AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA","token_type":"bearer","expires_in":1199}')).toEqual({
      kind: 'token',
      token: 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA',
      expiresInS: 1199,
    });
  });

  it('reads invalid_grant as a rejected login, 404/405 as "no such method"', () => {
    expect(readLoginReply(oauth, 400, '{"error":"invalid_grant","error_description":"The user name or password is incorrect."}')).toEqual({
      kind: 'rejected',
      detail: 'The user name or password is incorrect.',
    });
    expect(readLoginReply(oauth, 404, '<html>Not found</html>')).toEqual({ kind: 'no-such-method' });
    expect(readLoginReply(path, 405, '')).toEqual({ kind: 'no-such-method' });
    expect(readLoginReply(oauth, 400, '{"error":"unsupported_grant_type"}')).toEqual({ kind: 'unexpected', detail: 'unsupported_grant_type' });
    expect(readLoginReply(oauth, 200, '<html><title>Proxy login</title></html>')).toEqual({ kind: 'unexpected', detail: 'Proxy login' });
    expect(readLoginReply(oauth, 502, '')).toEqual({ kind: 'http-error', status: 502 });
  });

  it('accepts a path login’s token as a JSON string, bare text or an object', () => {
    const token = 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA984U8Ls7v0';
    expect(readLoginReply(path, 200, JSON.stringify(token))).toEqual({ kind: 'token', token });
    expect(readLoginReply(path, 200, `${token}\r\n`)).toEqual({ kind: 'token', token });
    expect(readLoginReply(path, 200, JSON.stringify({ Token: token }))).toEqual({ kind: 'token', token });
    expect(readLoginReply(path, 200, JSON.stringify({ access_token: token }))).toEqual({ kind: 'token', token });
  });

  it('reads a path login’s false, empty or sentence reply as rejected', () => {
    expect(readLoginReply(path, 200, 'false').kind).toBe('rejected');
    expect(readLoginReply(path, 200, '').kind).toBe('rejected');
    expect(readLoginReply(path, 200, '"Wrong login or password"').kind).toBe('rejected');
    expect(readLoginReply(path, 401, '{"Message":"Authorization has been denied for this request."}').kind).toBe('rejected');
    expect(readLoginReply(path, 400, '{"Message":"Unknown user"}')).toEqual({ kind: 'rejected', detail: 'Unknown user' });
  });
});

describe('reading command replies', () => {
  it.each([
    ['', 200, { kind: 'ok', detail: '' }],
    ['"OK"', 200, { kind: 'ok', detail: 'OK' }],
    ['OK', 200, { kind: 'ok', detail: 'OK' }],
    ['true', 200, { kind: 'ok', detail: 'true' }],
    ['{"Result":true,"Message":"Line 103 opened"}', 200, { kind: 'ok', detail: 'Line 103 opened' }],
    ['{"callId":17}', 200, { kind: 'ok', detail: '' }],
    ['false', 200, { kind: 'refused', detail: 'false' }],
    ['"Error: line 999 is not monitored"', 200, { kind: 'refused', detail: 'Error: line 999 is not monitored' }],
    ['Ошибка: линия занята', 200, { kind: 'refused', detail: 'Ошибка: линия занята' }],
    ['{"Success":false,"Error":"Busy"}', 200, { kind: 'refused', detail: 'Busy' }],
    ['{"Message":"An error has occurred.","ExceptionMessage":"Line not found"}', 500, { kind: 'refused', detail: 'Line not found' }],
    ['{"Message":"No call is ringing on line 103."}', 400, { kind: 'refused', detail: 'No call is ringing on line 103.' }],
    ['', 503, { kind: 'http-error', status: 503 }],
  ] as const)('%s (HTTP %i)', (body, status, expected) => {
    expect(readCommandReply(status, body)).toEqual(expected);
  });

  it('recognises an expired token: 401 or the words, in English or Russian', () => {
    for (const [status, body] of [
      [401, '{"Message":"Authorization has been denied for this request."}'],
      [200, '"Invalid token"'],
      [200, 'invalid_token'],
      [200, '{"Error":"Token expired"}'],
      [403, '{"Message":"The token is not valid"}'],
      [200, 'Токен недействителен'],
      [200, '"Неверный токен"'],
    ] as const) {
      expect(readCommandReply(status, body), body).toEqual({ kind: 'token-rejected' });
    }
  });

  it('tells an unknown command (404) and a page that is not RanderWEB apart', () => {
    expect(readCommandReply(404, '{"Message":"No HTTP resource was found"}')).toEqual({ kind: 'not-found' });
    expect(readCommandReply(200, '<!DOCTYPE html><html><head><title>Router login</title></head></html>')).toEqual({ kind: 'unexpected', detail: 'Router login' });
  });
});

describe('the command table', () => {
  it('offers exactly what its commands allow, never hold', () => {
    expect([...capabilitiesFor(COMMANDS)].sort()).toEqual(['answer', 'dial', 'hangup', 'monitor', 'reject']);
    const noAnswer = { ...COMMANDS };
    delete noAnswer.answer;
    delete noAnswer.hangup;
    expect([...capabilitiesFor(noAnswer)].sort()).toEqual(['dial', 'monitor']);
    expect(capabilitiesFor({}).has('dial')).toBe(false);
  });

  it('keeps the vendor’s names: openline, makecall, answer, hangup', () => {
    expect(Object.values(COMMANDS).map((c) => `${c.path}/${c.params.join('/')}`)).toEqual([
      'openline/extension',
      'makecall/extension/number',
      'answer/extension',
      'hangup/extension',
    ]);
  });
});
