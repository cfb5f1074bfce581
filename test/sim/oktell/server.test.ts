/**
 * The Oktell simulator over real HTTP and WebSocket: the Web-API, the desktop client, the
 * WebSocket protocol as a client sees it (reference/protocols.md §3), and the control API.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_USER, DEFAULT_WEB_API_ACCOUNT, startOktellSim, type OktellSim, type OktellSimOptions } from './server.ts';

const open: OktellSim[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

async function sim(options: OktellSimOptions = {}): Promise<OktellSim> {
  const s = await startOktellSim(options);
  open.push(s);
  return s;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function webApi(s: OktellSim, command: string, params: Record<string, string>, auth = basic(DEFAULT_WEB_API_ACCOUNT.login, DEFAULT_WEB_API_ACCOUNT.password)) {
  return fetch(`${s.url}/${command}?${new URLSearchParams(params)}`, { headers: { Authorization: auth } });
}

/** A raw WebSocket client: sends frames, collects everything it receives. */
async function client(s: OktellSim, protocol = 'json') {
  const ws = new WebSocket(s.wsUrl, protocol);
  sockets.push(ws);
  const received: unknown[][] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as unknown[]);
    for (const l of [...listeners]) l();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let qid = 0;
  const next = (predicate: (frame: unknown[]) => boolean, ms = 2000) =>
    new Promise<unknown[]>((resolve, reject) => {
      const check = () => {
        const found = received.find(predicate);
        if (!found) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no such frame; got ${JSON.stringify(received)}`));
      }, ms);
      listeners.add(check);
      check();
    });
  const request = async (method: string, params: Record<string, unknown> = {}) => {
    const id = `q${++qid}`;
    ws.send(JSON.stringify([method, { ...params, qid: id }]));
    const frame = await next((f) => (f[1] as { qid?: string } | undefined)?.qid === id);
    return frame[1] as Record<string, unknown>;
  };
  const login = (password = DEFAULT_USER.password) =>
    request('login', { userlogin: DEFAULT_USER.login, password: md5(password.toLowerCase()), Password: md5(password), showid: 1 });
  return { ws, received, next, request, login };
}

describe('Web-API', () => {
  it('asks for Basic credentials with a 401 challenge', async () => {
    const s = await sim();
    const res = await fetch(`${s.url}/wp_autocallstart?user=operator&number=101`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Oktell"');
    expect((await webApi(s, 'wp_autocallstart', { user: 'operator', number: '1' }, basic('ringside', 'wrong'))).status).toBe(401);
    expect(s.dials).toEqual([]);
  });

  it('starts an auto-call, records the dial and answers in oktellxmlmapper XML', async () => {
    const s = await sim();
    const res = await webApi(s, 'wp_autocallstart', { user: 'operator', number: '74952294989', direction: 'city', sequence: 'back' });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<?xml version="1.0" encoding="utf-16"?>');
    expect(body).toContain('<property_simple key="result" value="1" name="success" />');
    expect(s.dials[0]).toMatchObject({ via: 'web-api', params: { number: '74952294989', direction: 'city', sequence: 'back' }, auth: { user: 'ringside' }, user: 'operator' });
    expect(s.line.current).toMatchObject({ direction: 'out', state: 'backring', number: '74952294989' });
  });

  it('finds the caller by line and workplace, and refuses an unknown one in XML', async () => {
    const s = await sim();
    await webApi(s, 'wp_autocallstart', { line: '101', number: '1' });
    expect(s.dials[0]!.user).toBe('operator');
    s.hangup('user');
    await webApi(s, 'wp_autocallstart', { wp: 'wp-101', number: '2' });
    expect(s.dials[1]!.user).toBe('operator');
    const res = await webApi(s, 'wp_autocallstart', { user: 'nobody', number: '3' });
    expect(await res.text()).toContain('<![CDATA[Line not found]]>');
  });

  it('answers 404 for unknown commands and an HTML page in html mode', async () => {
    const s = await sim({ webApiCommands: [] });
    expect((await webApi(s, 'wp_autocallstart', { user: 'operator', number: '1' })).status).toBe(404);
    s.setHtmlMode(true);
    expect(await (await webApi(s, 'tst_getuserstate', {})).text()).toContain('<title>Sign in</title>');
    expect((await fetch(`${s.url}/`)).status).toBe(200);
  });
});

describe('desktop client', () => {
  it('dials with /callto and is refused when not running', async () => {
    const s = await sim();
    const res = await fetch(`http://127.0.0.1:${s.clientPort}/callto?number=101`);
    expect(res.status).toBe(200);
    expect(s.dials[0]).toMatchObject({ via: 'client', params: { number: '101' } });
    await s.setClientRunning(false);
    await expect(fetch(`http://127.0.0.1:${s.clientPort}/callto?number=101`)).rejects.toThrow();
    await s.setClientRunning(true);
    expect((await fetch(`http://127.0.0.1:${s.clientPort}/getcurrentcallinfo`)).status).toBe(200);
  });
});

describe('WebSocket', () => {
  it('refuses a connection without the json subprotocol', async () => {
    const s = await sim();
    const refused = await client(s, 'chat').then(
      (c) => new Promise<boolean>((resolve) => c.ws.once('close', () => resolve(true))),
      () => true,
    );
    expect(refused).toBe(true);
    expect(s.sessionCount).toBe(0);
  });

  it('answers ping, or redirects to wss first when told to', async () => {
    const s = await sim();
    const c = await client(s);
    expect(await c.request('ping')).toMatchObject({ result: 1 });
    s.setRedirect(true);
    const d = await client(s);
    d.ws.send(JSON.stringify(['ping', { qid: 'x' }]));
    expect((await d.next((f) => f[0] === 'websocketredirect'))[0]).toBe('websocketredirect');
  });

  it('logs in only with both MD5 password fields, and then wants userlogin on every method', async () => {
    const s = await sim();
    const c = await client(s);
    expect(await c.login('wrong')).toMatchObject({ result: 0, errormsg: 'Wrong login/pass combination' });
    expect(await c.request('getversion', { userlogin: 'operator' })).toMatchObject({ result: 0, errormsg: 'Not authorized' });
    expect(await c.login()).toMatchObject({ result: 1, userid: DEFAULT_USER.id });
    expect(await c.request('getversion')).toMatchObject({ result: 0 });
    expect(await c.request('getversion', { userlogin: 'operator' })).toMatchObject({ result: 1, version: { build: '2.12.4.160222', dated: 160222 } });
    expect(await c.request('getmyuserinfo', { userlogin: 'operator' })).toMatchObject({ username: DEFAULT_USER.name, linenumber: '101' });
    expect(s.logins.map((l) => l.ok)).toEqual([false, true]);
  });

  it('fails logins with a forced error code', async () => {
    const s = await sim();
    s.setLoginError({ error: 50093 });
    expect(await (await client(s)).login()).toMatchObject({ result: 0, error: 50093 });
  });

  it('pushes the events a session subscribed to, and describes the line', async () => {
    const s = await sim();
    const c = await client(s);
    await c.login();
    await c.request('subscribeevent', { userlogin: 'operator', eventmethod: ['phoneevent_ringstarted', 'linestatechanged'] });
    s.ring('+74951234567', 'Ivan');
    await c.next((f) => f[0] === 'phoneevent_ringstarted');
    await c.next((f) => f[0] === 'linestatechanged');
    const info = await c.request('getextendedlineinfo', { userlogin: 'operator' });
    expect(info).toMatchObject({ result: 1, isflashing: false, abonent: { isringing: true, number: '+74951234567', simplename: 'Ivan', iscommutated: false } });
    expect(c.received.some((f) => f[0] === 'phoneevent_commstarted')).toBe(false);
  });

  it('carries out call control: answer (with and without intercom), flash, abort, decline, auto-call', async () => {
    const s = await sim({ intercom: false });
    const c = await client(s);
    await c.login();
    const u = { userlogin: 'operator' };
    s.ring('201');
    expect(await c.request('pbxanswercall', u)).toMatchObject({ result: 1 });
    expect(s.line.current?.state).toBe('ringing');
    s.setIntercom(true);
    await c.request('pbxanswercall', u);
    expect(s.line.current?.state).toBe('commutated');
    await c.request('pbxmakeflash', { ...u, mode: 'switch' });
    expect(s.line.held?.state).toBe('held');
    expect((await c.request('getextendedlineinfo', u)).flashed).toMatchObject({ number: '201' });
    await c.request('pbxmakeflash', { ...u, mode: 'switch' });
    expect(s.line.current?.state).toBe('commutated');
    await c.request('pbxabortcall', u);
    expect(s.line.history[0]).toMatchObject({ state: 'ended', endReason: 'user-hangup' });
    s.ring('202');
    await c.request('pbxdeclinecall', u);
    expect(s.line.history[1]).toMatchObject({ endReason: 'declined' });
    expect(await c.request('pbxautocallstart', { ...u, number: '303', sequence: 'abonent' })).toMatchObject({ result: 1 });
    expect(s.line.current).toMatchObject({ state: 'autocall', number: '303' });
    expect(s.dials[0]).toMatchObject({ via: 'websocket', params: { number: '303', sequence: 'abonent' } });
    expect(await c.request('pbxautocallstart', { ...u, number: '304' })).toMatchObject({ result: 0, error: 2104 });
  });

  it('sends long replies as multipart parts that join into the frame', async () => {
    const s = await sim();
    const c = await client(s);
    await c.login();
    s.setMultipart(16);
    s.ring('+74951234567', 'Ёлкина Анна');
    c.ws.send(JSON.stringify(['getextendedlineinfo', { userlogin: 'operator', qid: 'long' }]));
    await c.next((f) => f[0] === 'multipart' && (f[1] as { packetnumber: number; packetcount: number }).packetnumber === (f[1] as { packetcount: number }).packetcount - 1);
    const parts = c.received.filter((f) => f[0] === 'multipart').map((f) => f[1] as { content: string });
    const joined = JSON.parse(Buffer.concat(parts.map((p) => Buffer.from(p.content, 'base64'))).toString('utf8')) as unknown[];
    expect(joined[1]).toMatchObject({ qid: 'long', abonent: { simplename: 'Ёлкина Анна' } });
  });

  it('drops every connection on request, and refuses connections while offline', async () => {
    const s = await sim();
    const c = await client(s);
    const closed = new Promise((resolve) => c.ws.once('close', resolve));
    expect(s.dropWebSockets()).toBe(1);
    await closed;
    await s.setOffline(true);
    await expect(client(s)).rejects.toThrow();
    await s.setOffline(false);
    expect(await (await client(s)).request('ping')).toMatchObject({ result: 1 });
  });
});

describe('control API', () => {
  const control = (s: OktellSim, action: string, params: Record<string, string> = {}) =>
    fetch(`${s.url}/sim/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) });

  it('rings, answers, holds and hangs up, and refuses what the line cannot do', async () => {
    const s = await sim();
    expect(await (await control(s, 'ring', { from: '101', name: 'Anna' })).json()).toMatchObject({ ok: true, call: { state: 'ringing', number: '101' } });
    expect((await control(s, 'hold')).status).toBe(400);
    await control(s, 'answer');
    await control(s, 'hold');
    expect(s.line.held?.number).toBe('101');
    await control(s, 'unhold');
    await control(s, 'hangup', { side: 'remote' });
    expect(s.line.history[0]!.endReason).toBe('remote-hangup');
    expect((await control(s, 'hangup', { side: 'sideways' })).status).toBe(400);
    expect((await fetch(`${s.url}/sim/nope`)).status).toBe(404);
    expect(await (await fetch(`${s.url}/sim/state`)).json()).toMatchObject({ ok: true, current: null });
    expect((await fetch(`${s.url}/sim`)).headers.get('content-type')).toContain('text/html');
  });

  it('sets faults', async () => {
    const s = await sim();
    await control(s, 'login-error', { errormsg: 'Service not available' });
    expect(s.ws.loginError).toEqual({ errormsg: 'Service not available' });
    await control(s, 'login-error', { clear: '1' });
    expect(s.ws.loginError).toBeUndefined();
    await control(s, 'client', { running: '0' });
    expect((s.stateSnapshot().settings as { clientRunning: boolean }).clientRunning).toBe(false);
    await control(s, 'password', { login: 'operator', password: 'new' });
    expect(s.findUser('operator')!.password).toBe('new');
  });
});
