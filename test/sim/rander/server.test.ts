// The RanderWEB simulator on its own, spoken to with plain fetch and a raw `ws` client, so that the
// wire format (SignalR 2.2 framing, the Web API, the control API) is checked independently of the
// driver.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Waiters } from '../shared/waiters.ts';
import { startRanderSim, type RanderSim, type RanderSimOptions } from './server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: RanderSimOptions = {}): Promise<RanderSim> {
  const sim = await startRanderSim({ keepAliveMs: 50, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

async function login(sim: RanderSim, username = 'admin', password = '1234'): Promise<Response> {
  return fetch(`${sim.url}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
  });
}

async function tokenOf(sim: RanderSim): Promise<string> {
  return ((await (await login(sim)).json()) as { access_token: string }).access_token;
}

const DATA = encodeURIComponent('[{"name":"randerhub"}]');

/** A raw client: every frame it receives, and waits on them. */
function rawClient(url: string) {
  const frames: string[] = [];
  const waiters = new Waiters();
  const ws = new WebSocket(url);
  let closed = false;
  let status: number | undefined;
  ws.on('message', (data: Buffer) => {
    frames.push(data.toString('utf8'));
    waiters.check();
  });
  ws.on('unexpected-response', (_req, res) => {
    status = res.statusCode;
    waiters.check();
  });
  ws.on('close', () => {
    closed = true;
    waiters.check();
  });
  ws.on('error', () => waiters.check());
  cleanups.push(() => ws.terminate());
  const until = <T>(predicate: () => T | undefined | false | null, ms = 2000) => waiters.waitFor(predicate, ms, () => frames.slice(-5).join('\n'));
  return {
    ws,
    frames,
    until,
    parsed: () => frames.map((f) => JSON.parse(f) as Record<string, unknown>),
    get closed() {
      return closed;
    },
    get status() {
      return status;
    },
  };
}

async function negotiate(sim: RanderSim, token: string, hubData = DATA) {
  const res = await fetch(`${sim.url}/signalr/negotiate?clientProtocol=1.5&token=${encodeURIComponent(token)}&connectionData=${hubData}`);
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : await res.text() };
}

/** negotiate → connect → init → start → SetMyExtension('103'). */
async function connected(sim: RanderSim) {
  const token = await tokenOf(sim);
  const n = (await negotiate(sim, token)).body as { ConnectionToken: string };
  const query = `transport=webSockets&clientProtocol=1.5&token=${encodeURIComponent(token)}&connectionToken=${encodeURIComponent(n.ConnectionToken)}&connectionData=${DATA}`;
  const client = rawClient(`${sim.url.replace('http', 'ws')}/signalr/connect?${query}&tid=4`);
  await client.until(() => client.frames.length > 0);
  const started = await fetch(`${sim.url}/signalr/start?${query}`);
  expect(await started.json()).toEqual({ Response: 'started' });
  client.ws.send(JSON.stringify({ H: 'randerhub', M: 'SetMyExtension', A: ['103'], I: '0' }));
  await client.until(() => client.frames.includes('{"I":"0"}'));
  return { token, query, client, connectionToken: n.ConnectionToken };
}

describe('the Web API', () => {
  it('issues an OWIN-style bearer token for the right password and refuses a wrong one', async () => {
    const sim = await start();
    const ok = (await (await login(sim)).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ token_type: 'bearer', expires_in: 1199, userName: 'admin' });
    expect(String(ok['access_token'])).toMatch(/^AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA[A-Za-z0-9_-]+$/);
    const bad = await login(sim, 'admin', 'nope');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
    expect(sim.logins.map((l) => l.ok)).toEqual([true, false]);
  });

  it('runs openline and makecall with the token and records the path and token', async () => {
    const sim = await start();
    const token = await tokenOf(sim);
    const get = (path: string) => fetch(`${sim.url}/api/rander/${path}?token=${encodeURIComponent(token)}`);
    const early = await get('makecall/103/107');
    expect([early.status, await early.json()]).toEqual([400, { Message: 'Line 103 is not open. Send openline first.' }]);
    expect(await (await get('openline/103')).json()).toBe('OK');
    expect(await (await get('makecall/103/107')).json()).toBe('OK');
    expect(sim.commands.map((c) => [c.path, c.params, c.token === token, c.status])).toEqual([
      ['/api/rander/makecall/103/107', ['103', '107'], true, 400],
      ['/api/rander/openline/103', ['103'], true, 200],
      ['/api/rander/makecall/103/107', ['103', '107'], true, 200],
    ]);
    expect(sim.calls()).toEqual([expect.objectContaining({ line: '103', direction: 'out', state: 'ringback', called: { number: '107', name: '' } })]);
    expect((await get('transfer/103/108')).status).toBe(404);
  });

  it('refuses an expired token with 401, or with "Invalid token" text when told to', async () => {
    const sim = await start();
    const token = await tokenOf(sim);
    sim.expireTokens();
    const res = await fetch(`${sim.url}/api/rander/openline/103?token=${token}`);
    expect([res.status, await res.json()]).toEqual([401, { Message: 'Authorization has been denied for this request.' }]);
    const textual = await start({ invalidTokenReply: 'text', replyStyle: 'text' });
    const other = await fetch(`${textual.url}/api/rander/openline/103?token=nope`);
    expect([other.status, await other.text()]).toEqual([200, 'Invalid token']);
  });

  it('logs in by path when configured so, and then has no /token', async () => {
    const sim = await start({ loginVia: 'path' });
    expect((await login(sim)).status).toBe(404);
    const res = await fetch(`${sim.url}/api/rander/login/admin/1234`);
    expect(String(await res.json())).toMatch(/^AQAAANCM/);
    expect((await fetch(`${sim.url}/api/rander/login/admin/x`)).status).toBe(401);
  });
});

describe('SignalR 2.2 over WebSocket', () => {
  it('negotiate answers the 2.2 fields, the protocol clamped to the server’s', async () => {
    const sim = await start({ keepAliveMs: 10_000 });
    const token = await tokenOf(sim);
    const { status, body } = await negotiate(sim, token);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      Url: '/signalr',
      ConnectionToken: expect.any(String),
      ConnectionId: expect.any(String),
      KeepAliveTimeout: 20,
      DisconnectTimeout: 30,
      ConnectionTimeout: 110,
      TryWebSockets: true,
      ProtocolVersion: '1.5',
      TransportConnectTimeout: 5,
      LongPollDelay: 0,
    });
    const old = await start({ protocolVersion: '1.3' });
    expect((await negotiate(old, await tokenOf(old))).body).toMatchObject({ ProtocolVersion: '1.3' });
    expect(await negotiate(sim, 'bad')).toEqual({ status: 401, body: '' });
    expect(await negotiate(sim, token, encodeURIComponent('[{"name":"phonehub"}]'))).toEqual({ status: 500, body: "'phonehub' Hub could not be resolved." });
  });

  it('connect sends the init frame, then {} keep-alives; hub calls get {"I":…} replies', async () => {
    const sim = await start();
    const { client } = await connected(sim);
    expect(client.parsed()[0]).toEqual({ C: expect.stringMatching(/^d-[0-9A-F]{8}-B,\d+$/), S: 1, M: [] });
    await client.until(() => client.frames.filter((f) => f === '{}').length >= 2);
    client.ws.send(JSON.stringify({ H: 'randerhub', M: 'Dance', A: [], I: '1' }));
    await client.until(() => client.frames.includes(`{"I":"1","E":"'Dance' method could not be resolved."}`));
    expect(sim.connectionList()).toEqual([expect.objectContaining({ open: true, started: true, subscriptions: ['103'] })]);
  });

  it('pushes line states of subscribed extensions only, each with a growing cursor', async () => {
    const sim = await start();
    const { client } = await connected(sim);
    sim.ring({ from: '555', name: 'Anna', to: '104' });
    const call = sim.ring({ from: '+74951234567', name: 'Ivan', to: '103' });
    sim.answer(call.id);
    await client.until(() => client.parsed().filter((f) => Array.isArray(f['M']) && (f['M'] as unknown[]).length > 0).length === 2);
    const messages = client.parsed().filter((f) => Array.isArray(f['M']) && (f['M'] as unknown[]).length > 0);
    expect(messages.map((f) => (f['M'] as { A: [{ State: string }] }[])[0]!.A[0].State)).toEqual(['OFFERING', 'CONNECTED']);
    expect((messages[0]!['M'] as unknown[])[0]).toEqual({
      H: 'RanderHub',
      M: 'lineStateChanged',
      A: [{ Line: '103', State: 'OFFERING', CallId: call.id, CallerId: '+74951234567', CallerName: 'Ivan', CalledId: '103', CalledName: '', Direction: 'Incoming' }],
    });
    const cursors = messages.map((f) => Number(/B,(\d+)/.exec(String(f['C']))![1]));
    expect(cursors[1]).toBeGreaterThan(cursors[0]!);
  });

  it('allows 5 extensions per connection, as the demo does', async () => {
    const sim = await start();
    const { client } = await connected(sim);
    for (const [i, ext] of ['104', '105', '106', '107', '108'].entries()) client.ws.send(JSON.stringify({ H: 'randerhub', M: 'setmyextension', A: [ext], I: String(i + 1) }));
    await client.until(() => client.frames.some((f) => f.startsWith('{"I":"5"')));
    expect(client.frames.find((f) => f.startsWith('{"I":"5"'))).toBe('{"I":"5","E":"Demo mode: no more than 5 lines can be monitored."}');
  });

  it('reconnect with messageId resends what was missed; without new messages it sends nothing', async () => {
    const sim = await start();
    const { client, query } = await connected(sim);
    const initCursor = String(client.parsed()[0]!['C']);
    client.ws.terminate();
    await sim.waitFor(() => sim.connectionList()[0]?.open === false);
    sim.ring({ from: '201', to: '103' });
    sim.missed();
    const again = rawClient(`${sim.url.replace('http', 'ws')}/signalr/reconnect?${query}&messageId=${encodeURIComponent(initCursor)}&tid=1`);
    await again.until(() => again.frames.some((f) => f.includes('"M":[')));
    const replay = again.parsed().find((f) => Array.isArray(f['M']))!;
    expect((replay['M'] as { A: [{ State: string }] }[]).map((m) => m.A[0].State)).toEqual(['OFFERING', 'DISCONNECTED', 'IDLE']);
    expect(sim.connectionList()).toEqual([expect.objectContaining({ open: true, subscriptions: ['103'] })]);
    expect(again.parsed().some((f) => f['S'] === 1)).toBe(false);
  });

  it('refuses bad requests with SignalR’s own status and text', async () => {
    const sim = await start();
    const { token, connectionToken } = await connected(sim);
    const base = `${sim.url.replace('http', 'ws')}/signalr`;
    const t = encodeURIComponent(token);
    const cases: [string, number][] = [
      [`${base}/connect?transport=webSockets&clientProtocol=1.5&token=${t}&connectionToken=garbage&connectionData=${DATA}`, 400],
      [`${base}/connect?transport=webSockets&clientProtocol=1.5&token=${t}&connectionData=${DATA}`, 400],
      [`${base}/connect?transport=foreverFrame&clientProtocol=1.5&token=${t}&connectionToken=${encodeURIComponent(connectionToken)}&connectionData=${DATA}`, 400],
      [`${base}/reconnect?transport=webSockets&clientProtocol=1.5&token=expired&connectionToken=${encodeURIComponent(connectionToken)}&connectionData=${DATA}`, 401],
    ];
    for (const [url, status] of cases) {
      const client = rawClient(url);
      await client.until(() => client.status !== undefined || client.closed);
      expect(client.status, url).toBe(status);
    }
    const http = await fetch(`${sim.url}/signalr/start?transport=webSockets&clientProtocol=1.5&token=${t}&connectionToken=garbage&connectionData=${DATA}`);
    expect([http.status, await http.text()]).toEqual([400, 'The ConnectionId is in the incorrect format.']);
    sim.invalidateConnections();
    const rotated = await fetch(`${sim.url}/signalr/start?transport=webSockets&clientProtocol=1.5&token=${t}&connectionToken=${encodeURIComponent(connectionToken)}&connectionData=${DATA}`);
    expect(rotated.status).toBe(400);
  });

  it('answers ping, send (hub call over HTTP) and abort', async () => {
    const sim = await start();
    const { query, client } = await connected(sim);
    expect(await (await fetch(`${sim.url}/signalr/ping`)).json()).toEqual({ Response: 'pong' });
    const sent = await fetch(`${sim.url}/signalr/send?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ data: JSON.stringify({ H: 'randerhub', M: 'SetMyExtension', A: ['109'], I: '7' }) }).toString(),
    });
    expect(await sent.json()).toEqual({ I: '7' });
    expect((await fetch(`${sim.url}/signalr/abort?${query}`, { method: 'POST' })).status).toBe(200);
    await client.until(() => client.closed);
    expect(sim.connectionList()).toEqual([]);
  });

  it('stalls a link without closing it: no keep-alives, messages only buffered', async () => {
    const sim = await start();
    const { client } = await connected(sim);
    sim.stallWebSockets();
    const before = client.frames.length;
    sim.ring({ from: '201', to: '103' });
    await new Promise((resolve) => setTimeout(resolve, 150)); // three keep-alive periods: nothing may arrive
    expect(client.frames.length).toBe(before);
    expect(client.closed).toBe(false);
  });
});

describe('the control API and shutdown', () => {
  it('rings, answers and hangs up over HTTP, and explains bad requests', async () => {
    const sim = await start();
    const post = async (path: string, body?: unknown) => {
      const res = await fetch(`${sim.url}/sim/${path}`, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const rung = await post('ring?from=%2B74951234567&name=Ivan&to=103');
    expect(rung).toMatchObject({ status: 200, body: { ok: true, call: { line: '103', state: 'ringing', caller: { number: '+74951234567', name: 'Ivan' } } } });
    expect(await post('answer', { line: '103' })).toMatchObject({ body: { call: { state: 'connected' } } });
    expect(await post('hangup', { side: 'remote' })).toMatchObject({ body: { call: { state: 'ended', result: 'answered' } } });
    expect(await post('missed')).toEqual({ status: 400, body: { ok: false, error: 'no ringing incoming call' } });
    expect(await post('hangup', { side: 'sideways' })).toMatchObject({ status: 400 });
    expect((await fetch(`${sim.url}/sim/state`)).status).toBe(200);
    expect((await fetch(`${sim.url}/sim/nothing`)).status).toBe(404);
  });

  it('close() ends open WebSockets and frees the port', async () => {
    const sim = await startRanderSim({ keepAliveMs: 50 });
    const { client } = await connected(sim);
    await sim.close();
    await client.until(() => client.closed);
    await expect(fetch(`${sim.url}/sim/state`)).rejects.toThrow();
  });
});
