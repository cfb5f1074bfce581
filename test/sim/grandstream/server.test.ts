/**
 * The Grandstream simulator over real HTTP (global fetch): the CTI API as a driver sees it
 * (reference/protocols.md §1.3–1.10), the fault modes, and the control API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGrandstreamSim, type GrandstreamSim, type GrandstreamSimOptions } from './server.ts';

const open: GrandstreamSim[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

async function sim(opts: GrandstreamSimOptions = {}): Promise<GrandstreamSim> {
  const s = await startGrandstreamSim({ sendKeyDelayMs: 5, ...opts });
  open.push(s);
  return s;
}

async function cti(s: GrandstreamSim, fn: string, params: Record<string, string> = {}): Promise<Response> {
  const query = new URLSearchParams({ passcode: 'admin', ...params });
  return fetch(`${s.url}/cgi-bin/${fn}?${query}`);
}

async function ctiJson(s: GrandstreamSim, fn: string, params: Record<string, string> = {}): Promise<unknown> {
  const res = await cti(s, fn, params);
  expect(res.status).toBe(200);
  return JSON.parse(await res.text());
}

async function control(s: GrandstreamSim, action: string, params: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/sim/${action}?${new URLSearchParams(params)}`, { method: 'POST' });
}

describe('api-get_line_status', () => {
  it('lists every line in the wire shape of §1.7, JSON labelled text/plain', async () => {
    const s = await sim({ lines: 2 });
    const res = await cti(s, 'api-get_line_status');
    expect(res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(JSON.parse(await res.text())).toEqual({
      response: 'success',
      body: [
        { line: 1, state: 'idle', acct: '', remotename: '', remotenumber: '', active: 0 },
        { line: 2, state: 'idle', acct: '', remotename: '', remotenumber: '', active: 0 },
      ],
    });
    expect(s.requestCount('/cgi-bin/api-get_line_status')).toBe(1);
  });

  it('shows a ringing call on the line it rings on, with number and name', async () => {
    const s = await sim();
    expect(s.ring('+74951234567', 'Ivan Petrov', 2)).toBe(2);
    expect(await ctiJson(s, 'api-get_line_status')).toMatchObject({
      body: [
        { line: 1, state: 'idle' },
        { line: 2, state: 'ringing', acct: 0, remotenumber: '+74951234567', remotename: 'Ivan Petrov', active: 1 },
        { line: 3, state: 'idle' },
      ],
    });
    expect(await ctiJson(s, 'api-get_phone_status')).toEqual({ response: 'success', body: 'ringing' });
  });
});

describe('api-phone_operation', () => {
  it('acceptcall connects the ringing line; a second acceptcall is refused', async () => {
    const s = await sim();
    s.ring('101', 'Reception');
    expect(await ctiJson(s, 'api-phone_operation', { cmd: 'acceptcall' })).toEqual({ response: 'success', body: true });
    expect(s.lines()[0]).toMatchObject({ state: 'connected', remotenumber: '101', active: 1 });
    expect(await ctiJson(s, 'api-get_phone_status')).toEqual({ response: 'success', body: 'busy' });
    expect(await ctiJson(s, 'api-phone_operation', { cmd: 'acceptcall' })).toEqual({ response: 'error', body: false });
    expect(s.operations.map((o) => [o.cmd, o.ok])).toEqual([
      ['acceptcall', true],
      ['acceptcall', false],
    ]);
  });

  it('holdcall toggles and endcall frees the line', async () => {
    const s = await sim();
    s.ring('102', '');
    s.answerOnHandset();
    await ctiJson(s, 'api-phone_operation', { cmd: 'holdcall' });
    expect(s.lines()[0]?.state).toBe('onhold');
    await ctiJson(s, 'api-phone_operation', { cmd: 'holdcall' });
    expect(s.lines()[0]?.state).toBe('connected');
    await ctiJson(s, 'api-phone_operation', { cmd: 'endcall' });
    expect(s.lines()[0]).toMatchObject({ state: 'idle', acct: '', remotenumber: '', active: 0 });
  });
});

describe('authentication', () => {
  it('answers a wrong passcode with HTTP 401 and an HTML page', async () => {
    const s = await sim({ password: 'secret' });
    const res = await cti(s, 'api-get_line_status', { passcode: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Unauthorized');
    expect(await ctiJson(s, 'api-get_phone_status', { passcode: 'secret' })).toMatchObject({ response: 'success' });
  });

  it('can answer a wrong passcode with a JSON error instead', async () => {
    const s = await sim({ authFailure: 'json' });
    s.setPassword('changed');
    expect(await ctiJson(s, 'api-get_line_status')).toEqual({ response: 'error', body: 'unauthorized' });
  });
});

describe('fault modes', () => {
  it('html mode serves a login page with status 200', async () => {
    const s = await sim();
    s.setHtmlMode(true);
    const res = await cti(s, 'api-get_line_status');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = await res.text();
    expect(text).toContain('<form');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('offline drops the connection so fetch rejects; the control API keeps working', async () => {
    const s = await sim();
    expect((await control(s, 'offline')).status).toBe(200);
    await expect(cti(s, 'api-get_line_status')).rejects.toThrow();
    expect(s.requestCount('/cgi-bin/')).toBeGreaterThanOrEqual(1);
    expect((await control(s, 'online')).status).toBe(200);
    expect(await ctiJson(s, 'api-get_phone_status')).toEqual({ response: 'success', body: 'available' });
  });

  it('malformed mode returns unparseable application/json', async () => {
    const s = await sim();
    s.setMalformed(true);
    const res = await cti(s, 'api-get_line_status');
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('delay holds every CTI reply back', async () => {
    const s = await sim();
    await control(s, 'delay', { ms: '60' });
    const started = performance.now();
    await ctiJson(s, 'api-get_phone_status');
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
  });
});

describe('api-send_key', () => {
  it('takes keys × delay, decodes %23 and records the dial on SEND', async () => {
    const s = await sim({ sendKeyDelayMs: 30 });
    const started = performance.now();
    // URLSearchParams encodes '#' as %23 (§1.3); the query parser decodes it back.
    const reply = await ctiJson(s, 'api-send_key', { keys: '8:1:2:#:SEND' });
    const elapsed = performance.now() - started;
    expect(reply).toEqual({ response: 'success', body: 'complete' });
    expect(elapsed).toBeGreaterThanOrEqual(5 * 30);
    expect(s.requests.at(-1)?.query['keys']).toBe('8:1:2:#:SEND');
    expect(s.dialled).toEqual([{ number: '812#', account: null, via: 'send_key', at: expect.any(Number) }]);
    expect(s.lines()[0]).toMatchObject({ state: 'calling', remotenumber: '812#', active: 1 });
  });

  it('refuses an unknown key and a raw # (cut off as a fragment) without pressing anything', async () => {
    const s = await sim();
    expect(await ctiJson(s, 'api-send_key', { keys: '1:FLASH' })).toEqual({ response: 'error', body: 'unknown' });
    const raw = await fetch(`${s.url}/cgi-bin/api-send_key?passcode=admin&keys=1:2:#:SEND`);
    expect(JSON.parse(await raw.text())).toEqual({ response: 'error', body: 'unknown' });
    expect(s.lines().every((l) => l.state === 'idle')).toBe(true);
    expect(s.dialled).toEqual([]);
  });

  it('OFFHOOK answers a ringing call; digits in a call are DTMF', async () => {
    const s = await sim();
    s.ring('555', 'Supplier');
    await ctiJson(s, 'api-send_key', { keys: 'OFFHOOK:4:2' });
    expect(s.lines()[0]?.state).toBe('connected');
    expect(s.dtmf.map((d) => d.key)).toEqual(['4', '2']);
    await ctiJson(s, 'api-send_key', { keys: 'ONHOOK' });
    expect(s.lines()[0]?.state).toBe('idle');
  });
});

describe('api-make_call', () => {
  it('dials with password= and account=0 (§1.5)', async () => {
    const s = await sim();
    const query = new URLSearchParams({ phonenumber: '84951234567', account: '0', password: 'admin' });
    const res = await fetch(`${s.url}/cgi-bin/api-make_call?${query}`, { method: 'POST' });
    expect(JSON.parse(await res.text())).toEqual({ response: 'success', body: true });
    expect(s.dialled).toEqual([{ number: '84951234567', account: '0', via: 'make_call', at: expect.any(Number) }]);
    expect(s.lines()[0]).toMatchObject({ state: 'calling', remotenumber: '84951234567', acct: 0 });
    s.remoteAnswer();
    expect(s.lines()[0]?.state).toBe('connected');
  });

  it('refuses an invalid number and a phone with no idle line', async () => {
    const s = await sim({ lines: 1 });
    expect(await ctiJson(s, 'api-make_call', { phonenumber: '12;rm' })).toEqual({ response: 'error', body: 'failed' });
    s.ring('1', 'x');
    expect(await ctiJson(s, 'api-make_call', { phonenumber: '123' })).toEqual({ response: 'error', body: 'failed' });
  });

  it('is a 404 HTML page on firmware without it', async () => {
    const s = await sim({ hasMakeCall: false });
    const res = await cti(s, 'api-make_call', { phonenumber: '123' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Not Found');
    expect(s.dialled).toEqual([]);
  });

  it('sys_operation is never obeyed', async () => {
    const s = await sim();
    expect(await ctiJson(s, 'api-sys_operation', { request: 'REBOOT' })).toEqual({ response: 'error', body: 'unknown' });
  });
});

describe('control API and waitFor', () => {
  it('waitFor resolves on the event that makes the predicate true', async () => {
    const s = await sim();
    const ringing = s.waitFor(() => s.lines().find((l) => l.state === 'ringing'));
    const res = await control(s, 'ring', { number: '200', name: 'Anna', line: '3' });
    expect(await res.json()).toEqual({ ok: true, line: 3 });
    expect(await ringing).toMatchObject({ line: 3, remotenumber: '200', remotename: 'Anna' });
  });

  it('waitFor rejects with a description after the timeout', async () => {
    const s = await sim();
    await expect(s.waitFor(() => s.dialled.length > 0, 50)).rejects.toThrow(/timed out after 50 ms[\s\S]*line 1: idle/);
  });

  it('explains a control request that does not apply, and reports state', async () => {
    const s = await sim();
    const res = await control(s, 'answer');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'cannot answer on handset: no line is ringing' });
    s.ring('300', 'Boris');
    await control(s, 'elsewhere');
    const state = (await (await fetch(`${s.url}/sim/state`)).json()) as { lines: { state: string }[] };
    expect(state.lines.map((l) => l.state)).toEqual(['idle', 'idle', 'idle']);
  });

  it('serves the simulator page at /', async () => {
    const s = await sim();
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Grandstream phone simulator');
  });
});
