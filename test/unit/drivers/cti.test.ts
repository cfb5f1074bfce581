import { describe, expect, it } from 'vitest';
import { ctiUrl, interpretCtiReply } from '../../../src/drivers/grandstream/cti.ts';
import { dialKeys } from '../../../src/drivers/grandstream/driver.ts';

const kind = (status: number, body: string) => {
  const r = interpretCtiReply(status, body);
  return r.ok ? 'ok' : r.failure.kind;
};

describe('CTI replies', () => {
  it('accepts the success envelope', () => {
    expect(interpretCtiReply(200, '{"response":"success","body":"complete"}')).toEqual({ ok: true, body: 'complete' });
    expect(kind(200, '{"response":"success","body":true}')).toBe('ok');
  });

  it('tells a rejected password from other failures', () => {
    expect(kind(401, '<html><body>Unauthorized</body></html>')).toBe('auth-rejected');
    expect(kind(403, 'Forbidden')).toBe('auth-rejected');
    expect(kind(200, '{"response":"error","body":"unauthorized"}')).toBe('auth-rejected');
    expect(kind(200, '{"response":"error","body":"wrong3"}')).toBe('auth-rejected');
    expect(kind(200, '{"response":"error","body":"locked","lockTime":5}')).toBe('auth-rejected');
    expect(kind(200, '{"response":"error","body":{"status":"session-expired"}}')).toBe('auth-rejected');
  });

  it('calls HTML, malformed JSON and foreign JSON "not the CTI API"', () => {
    const html = interpretCtiReply(200, '<!DOCTYPE html><html><head><title>Grandstream Device Configuration</title></head></html>');
    expect(html).toEqual({ ok: false, failure: { kind: 'not-cti', detail: 'HTML: Grandstream Device Configuration' } });
    expect(kind(200, '{"response":"succ')).toBe('not-cti');
    expect(kind(200, '{"status":"ok"}')).toBe('not-cti');
    expect(kind(200, '')).toBe('not-cti');
  });

  it('separates a missing function (404) from other HTTP errors', () => {
    expect(kind(404, 'Not Found')).toBe('not-found');
    expect(kind(500, 'oops')).toBe('http-error');
  });

  it('reports a refused command as refused by the phone', () => {
    expect(interpretCtiReply(200, '{"response":"error","body":false}')).toEqual({ ok: false, failure: { kind: 'refused-by-phone', detail: 'false' } });
    expect(kind(200, '{"response":"success","body":false}')).toBe('refused-by-phone');
  });
});

describe('CTI URLs', () => {
  const target = { origin: 'http://192.168.1.50', password: 'p&ss #1 +x' };

  it('encodes a password with &, # and spaces so the phone reads it whole', () => {
    const url = ctiUrl(target, 'api-get_line_status', { passcode: target.password });
    expect(url).toBe('http://192.168.1.50/cgi-bin/api-get_line_status?passcode=p%26ss%20%231%20%2Bx');
    expect(new URL(url).searchParams.get('passcode')).toBe(target.password);
  });

  it('sends keys joined by a literal ":" with # as %23', () => {
    const url = ctiUrl(target, 'api-send_key', { keys: [...dialKeys('*72#'), 'SEND'].join(':') });
    expect(url).toContain('keys=*:7:2:%23:SEND');
  });

  it('lets only 0-9 * # reach the keypad', () => {
    expect(dialKeys('+7 (495) 12;SEND3')).toEqual(['7', '4', '9', '5', '1', '2', '3']);
  });
});
