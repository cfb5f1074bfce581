// The Web-API request (URL, credentials) and the reading of its replies (protocols.md §3.1).
import { describe, expect, it } from 'vitest';
import { oktellSettingsSchema, type OktellSettings } from '../../../../src/core/settings.ts';
import { calltoUrl, clientProbeUrl } from '../../../../src/drivers/oktell/desktopClient.ts';
import { autocallUrl, basicAuthorization, callerOf, interpretWebApiReply, userStateUrl } from '../../../../src/drivers/oktell/webApi.ts';

const settings = (overrides: Partial<OktellSettings> = {}): OktellSettings =>
  oktellSettingsSchema.parse({ address: 'http://192.168.0.1:4055', webApiUser: 'ringside', callerValue: 'admin', ...overrides });

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('wp_autocallstart URL', () => {
  it('is the seed page example for user/city/back', () => {
    expect(autocallUrl(settings({ direction: 'city', sequence: 'back' }), '74952294989')).toBe(
      'http://192.168.0.1:4055/wp_autocallstart?user=admin&number=74952294989&direction=city&sequence=back',
    );
  });

  it('names the caller by line or workplace, and leaves direction out for auto', () => {
    expect(query(autocallUrl(settings({ callerBy: 'line', callerValue: '101' }), '202'))).toEqual({ line: '101', number: '202', sequence: 'direct' });
    expect(query(autocallUrl(settings({ callerBy: 'workplace', callerValue: '192.168.0.82', direction: 'pbx' }), '202'))).toEqual({
      wp: '192.168.0.82',
      number: '202',
      direction: 'pbx',
      sequence: 'direct',
    });
  });

  it('falls back to the user’s own login when no caller is given', () => {
    expect(callerOf(settings({ callerValue: ' ', userLogin: 'operator' }))).toEqual({ parameter: 'user', value: 'operator' });
    expect(callerOf(settings({ callerBy: 'line', callerValue: '', userLogin: 'operator' }))).toEqual({ parameter: 'line', value: '' });
  });

  it('encodes odd characters: a +, * and #, spaces, & and Cyrillic in the caller, and drops everything else from the number', () => {
    const url = autocallUrl(settings({ callerValue: 'Иванов & Ко', address: 'http://oktell.local:4055/' }), '+7 (495) 123-45-67;ext=1&x=2');
    expect(url.startsWith('http://oktell.local:4055/wp_autocallstart?')).toBe(true);
    expect(url).toContain('number=%2B7495123456712');
    expect(query(url)).toMatchObject({ user: 'Иванов & Ко', number: '+7495123456712' });
    expect(query(autocallUrl(settings(), '*72#101'))).toMatchObject({ number: '*72#101' });
    expect(autocallUrl(settings(), '*72#101')).toContain('number=*72%23101');
    expect(query(autocallUrl(settings(), '8+800'))).toMatchObject({ number: '8800' });
  });

  it('has a read-only query for Test connection', () => {
    expect(userStateUrl(settings())).toBe('http://192.168.0.1:4055/tst_getuserstate?iduser=admin');
  });
});

describe('the desktop client URL', () => {
  it('is on loopback with the number encoded', () => {
    expect(calltoUrl(4059, '+7 495 229-49-89')).toBe('http://127.0.0.1:4059/callto?number=%2B74952294989');
    expect(clientProbeUrl(4100)).toBe('http://127.0.0.1:4100/getcurrentcallinfo');
  });
});

describe('Basic credentials', () => {
  const decode = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

  it('are base64 of user:password, UTF-8 for anything beyond ASCII', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(decode(basicAuthorization('Звонилка', 'пароль:1 ё€'))).toBe('Звонилка:пароль:1 ё€');
  });
});

describe('Web-API replies', () => {
  const doc = (props: string, data = 'result') =>
    `<?xml version="1.0" encoding="utf-16"?>\r\n<oktellxmlmapper version="80710"><data name="${data}" count="1"><property_set name="wp_autocallstart">${props}</property_set></data></oktellxmlmapper>`;

  it('reads success', () => {
    expect(interpretWebApiReply(200, doc('<property_simple key="result" value="1" name="success" />'))).toMatchObject({ kind: 'ok' });
    expect(interpretWebApiReply(200, doc(''))).toMatchObject({ kind: 'ok' });
    // execsvcscript's startresult 0 is success (name="success").
    expect(
      interpretWebApiReply(200, doc('<property_simple key="started" value="1" name="success" /><property_simple key="startresult" value="0" name="success" />')),
    ).toMatchObject({ kind: 'ok' });
  });

  it('reads failure and its explanation in several spellings', () => {
    expect(interpretWebApiReply(200, doc('<property_simple key="result" value="0" name="error" /><property_cdata key="errormsg"><![CDATA[Line not found]]></property_cdata>'))).toEqual({
      kind: 'refused',
      detail: 'Line not found',
    });
    expect(interpretWebApiReply(200, doc('<property_simple key="success" value="false" />'))).toEqual({ kind: 'refused', detail: '' });
    expect(interpretWebApiReply(200, doc('<property_simple key="errorcode" value="3" /><property_simple key="message" value="User is busy" />'))).toEqual({
      kind: 'refused',
      detail: 'User is busy',
    });
    expect(interpretWebApiReply(200, doc('<property_simple key="errortext" value="No such number" />', 'error'))).toEqual({ kind: 'refused', detail: 'No such number' });
  });

  it('tells HTTP failures apart', () => {
    expect(interpretWebApiReply(401, '<html><title>401 Unauthorized</title></html>')).toEqual({ kind: 'auth' });
    expect(interpretWebApiReply(403, '')).toEqual({ kind: 'forbidden' });
    expect(interpretWebApiReply(404, 'Not found')).toEqual({ kind: 'no-command' });
    expect(interpretWebApiReply(500, 'Internal error')).toEqual({ kind: 'http-error', status: 500 });
    expect(interpretWebApiReply(500, doc('<property_cdata key="errormsg"><![CDATA[Script failed]]></property_cdata>'))).toEqual({ kind: 'refused', detail: 'Script failed' });
  });

  it('says "not Oktell" for a page or anything else, with a snippet', () => {
    expect(interpretWebApiReply(200, '<!DOCTYPE html><html><head><title>Router login</title></head><body>…</body></html>')).toEqual({
      kind: 'not-oktell',
      detail: 'Router login',
    });
    expect(interpretWebApiReply(200, '')).toEqual({ kind: 'not-oktell', detail: '(empty)' });
    expect(interpretWebApiReply(200, '{"ok":true}')).toEqual({ kind: 'not-oktell', detail: '{"ok":true}' });
  });
});
