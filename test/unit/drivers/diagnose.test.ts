// Each "Test connection" outcome, with the phone's replies injected through DriverIO.fetch.
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json' with { type: 'json' };
import { grandstreamSettingsSchema } from '../../../src/core/settings.ts';
import { renderText } from '../../../src/core/text.ts';
import type { DriverIO } from '../../../src/drivers/contract.ts';
import { createGrandstreamDriver } from '../../../src/drivers/grandstream/driver.ts';
import { sleep } from '../../../src/drivers/index.ts';

function driverWith(fetchImpl: (url: string, init?: RequestInit) => Promise<Response>, address = 'http://192.168.1.50', explain?: string) {
  const io: DriverIO = { fetch: fetchImpl as typeof fetch, now: () => Date.now(), sleep };
  const settings = grandstreamSettingsSchema.parse({ address, password: 'pw' });
  return createGrandstreamDriver({ settings, io, ...(explain ? { explainNetworkError: async () => explain } : {}) });
}

const reply = (status: number, body: string) => async () => new Response(body, { status });
const networkError = (code?: string) => async () => {
  throw Object.assign(new TypeError('Failed to fetch'), code ? { cause: { code } } : {});
};

async function diagnoseText(driver: ReturnType<typeof driverWith>) {
  const d = await driver.diagnose();
  return { outcome: d.outcome, text: d.messages.map((m) => renderText(en, m)).join(' ') };
}

describe('Grandstream diagnose outcomes', () => {
  it('success names the phone and the lines it has', async () => {
    const d = await diagnoseText(driverWith(reply(200, '{"response":"success","body":[{"line":1,"state":"idle"},{"line":2,"state":"idle"}]}')));
    expect(d).toEqual({ outcome: 'ok', text: expect.stringContaining('192.168.1.50') });
    expect(d.text).toContain('2');
  });

  it('connection refused', async () => {
    expect((await diagnoseText(driverWith(networkError('ECONNREFUSED')))).outcome).toBe('refused');
    expect((await diagnoseText(driverWith(networkError(), undefined, 'net::ERR_CONNECTION_REFUSED'))).outcome).toBe('refused');
  });

  it('unreachable host', async () => {
    const d = await diagnoseText(driverWith(networkError('EHOSTUNREACH')));
    expect(d.outcome).toBe('unreachable');
    expect(d.text).toContain('192.168.1.50');
  });

  it('untrusted HTTPS certificate tells the user to open the page once and accept it', async () => {
    const d = await diagnoseText(driverWith(networkError(), 'https://192.168.1.50', 'net::ERR_CERT_AUTHORITY_INVALID'));
    expect(d.outcome).toBe('untrusted-certificate');
    expect(d.text).toContain('https://192.168.1.50');
    const firefox = await diagnoseText(driverWith(networkError(), 'https://192.168.1.50', 'SEC_ERROR_UNKNOWN_ISSUER'));
    expect(firefox.outcome).toBe('untrusted-certificate');
  });

  it('an HTTPS failure without a code says both likely causes', async () => {
    const d = await driverWith(networkError(), 'https://192.168.1.50').diagnose();
    expect(d.messages[0]?.key).toBe('gsNetworkHttps');
  });

  it('HTTP error with its status', async () => {
    const d = await diagnoseText(driverWith(reply(500, 'Internal Server Error')));
    expect(d.outcome).toBe('http-error');
    expect(d.text).toContain('500');
  });

  it('a device without the CTI API (404)', async () => {
    expect((await diagnoseText(driverWith(reply(404, '<h1>Not Found</h1>')))).outcome).toBe('not-cti');
  });

  it('an HTML login page instead of JSON', async () => {
    const d = await diagnoseText(driverWith(reply(200, '<html><head><title>Login</title></head><body>…</body></html>')));
    expect(d.outcome).toBe('not-cti');
    expect(d.text).toContain('Login');
  });

  it('JSON that is not a line list', async () => {
    expect((await diagnoseText(driverWith(reply(200, '{"response":"success","body":"available"}')))).outcome).toBe('not-cti');
  });

  it('password rejected or this PC not allowed names the phone settings to change', async () => {
    const d = await diagnoseText(driverWith(reply(401, 'Unauthorized')));
    expect(d.outcome).toBe('auth-rejected');
    expect(d.text).toMatch(/Action URI Support/);
    expect(d.text).toMatch(/Allowed IP List/);
    expect(d.text).toMatch(/Pop up Window/i);
  });

  it('sends the password URL-encoded and never in a form the phone would misread', async () => {
    let seen = '';
    const driver = createGrandstreamDriver({
      settings: grandstreamSettingsSchema.parse({ address: 'http://10.0.0.7:8080', password: 'a&b #c d' }),
      io: { fetch: (async (url: string) => { seen = url; return new Response('{"response":"success","body":[]}'); }) as typeof fetch, now: () => Date.now(), sleep },
    });
    await driver.diagnose();
    expect(new URL(seen).searchParams.get('passcode')).toBe('a&b #c d');
    expect(seen.startsWith('http://10.0.0.7:8080/cgi-bin/api-get_line_status?')).toBe(true);
  });
});
