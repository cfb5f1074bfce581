// The RanderWEB driver against the RanderWEB simulator: real HTTP and a real WebSocket (`ws`) on
// 127.0.0.1, the SignalR 2 protocol end to end.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Call, ConnectionStatus } from '../../src/core/call.ts';
import { randerSettingsSchema, type RanderSettings } from '../../src/core/settings.ts';
import type { Driver, DriverEvent, DriverIO, WebSocketLike } from '../../src/drivers/contract.ts';
import { sleep } from '../../src/drivers/index.ts';
import { createRanderDriver } from '../../src/drivers/rander/driver.ts';
import { startRanderSim, type RanderSim, type RanderSimOptions } from '../sim/rander/server.ts';
import { Waiters } from '../sim/shared/waiters.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function nodeIO(logs: string[]): DriverIO {
  return {
    fetch: (input, init) => fetch(input, init),
    openWebSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    now: () => Date.now(),
    sleep,
    log: (message) => logs.push(message),
  };
}

async function setup(simOptions: RanderSimOptions = {}, overrides: Partial<RanderSettings> = {}) {
  // KeepAlive 100 ms → KeepAliveTimeout 0.2 s: the watchdog is exercised in milliseconds.
  const sim = await startRanderSim({ keepAliveMs: 100, ...simOptions });
  cleanups.push(() => sim.close());
  const settings = randerSettingsSchema.parse({
    address: sim.url,
    username: 'admin',
    password: '1234',
    extension: '103',
    hub: 'RanderHub',
    ...overrides,
  });
  const logs: string[] = [];
  const driver = createRanderDriver({ settings, io: nodeIO(logs) });
  return { sim, driver, settings, logs };
}

function watching(sim: RanderSim, driver: Driver, known: Call[] = []) {
  const events: DriverEvent[] = [];
  const waiters = new Waiters();
  const recheck = () => waiters.check();
  for (const name of ['command', 'login', 'signalr', 'invocation', 'sent', 'change'] as const) sim.on(name, recheck);
  const controller = new AbortController();
  const done = driver.watch(controller.signal, (e) => {
    events.push(e);
    waiters.check();
  }, known);
  cleanups.push(async () => {
    controller.abort();
    await done;
  });
  const calls = () => events.flatMap((e) => (e.type === 'call' ? [e.call] : []));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const until = <T>(predicate: () => T | undefined | false | null, ms = 3000) =>
    waiters.waitFor(predicate, ms, () => `events: ${JSON.stringify(events.slice(-8))}\nsim: ${JSON.stringify(sim.stateSnapshot()).slice(0, 1500)}`);
  const online = () => until(() => last(statuses())?.state === 'online');
  return { events, calls, statuses, until, online, done, stop: () => controller.abort() };
}

const last = <T>(list: T[]): T | undefined => list[list.length - 1];
/** The `C` of the last frame the simulator sent that carried one. */
const lastCursor = (sim: RanderSim): string | undefined => {
  for (let i = sim.sent.length - 1; i >= 0; i--) {
    const c = (JSON.parse(sim.sent[i]!.frame) as { C?: string }).C;
    if (c !== undefined) return c;
  }
  return undefined;
};

describe('RanderWEB driver against the simulator: Web API', () => {
  it('logs in with POST /token, opens the line, dials from the extension, and follows the outgoing call', async () => {
    const { sim, driver, logs } = await setup();
    const w = watching(sim, driver);
    await w.online();
    expect(sim.logins).toEqual([expect.objectContaining({ via: 'token-endpoint', username: 'admin', ok: true })]);
    expect(await driver.dial('+7 (495) 000-00-00')).toEqual({ ok: true });
    const [token] = sim.validTokens();
    expect(sim.commands.map((c) => [c.path, c.token, c.status])).toEqual([
      ['/api/rander/openline/103', token, 200],
      ['/api/rander/makecall/103/%2B74950000000', token, 200],
    ]);
    const dialing = await w.until(() => w.calls().find((c) => c.direction === 'out'));
    expect(dialing).toMatchObject({ state: 'dialing', remote: { number: '+74950000000' }, line: '103' });
    sim.answerFar();
    await w.until(() => w.calls().find((c) => c.id === dialing.id && c.state === 'connected'));
    expect(await driver.hangup(dialing.id)).toEqual({ ok: true });
    const ended = await w.until(() => w.calls().find((c) => c.id === dialing.id && c.state === 'ended'));
    expect(ended.ending).toBe('answered-here');
    expect(w.calls().some((c) => c.direction === 'in')).toBe(false);
    // Neither the password nor the token ever appears in a log line or a URL.
    expect(logs.join('\n')).not.toContain('1234');
    expect(logs.join('\n')).not.toContain(token!);
    expect(sim.signalr.every((r) => !JSON.stringify(r.query).includes('1234'))).toBe(true);
  });

  it('logs in again once when a command finds its token expired (401), then succeeds', async () => {
    const { sim, driver } = await setup();
    expect(await driver.dial('201')).toEqual({ ok: true });
    sim.expireTokens();
    expect(await driver.dial('202')).toEqual({ ok: true });
    expect(sim.logins.filter((l) => l.ok)).toHaveLength(2);
    expect(sim.commands.map((c) => [c.command, c.status])).toEqual([
      ['openline', 200],
      ['makecall', 200],
      ['makecall', 401],
      ['openline', 200],
      ['makecall', 200],
    ]);
    const [fresh] = sim.validTokens();
    expect(sim.commands.at(-1)!.token).toBe(fresh);
  });

  it('reads an "Invalid token" text reply as expiry too, and plain-text replies as success', async () => {
    const { sim, driver } = await setup({ invalidTokenReply: 'text', replyStyle: 'text' });
    expect(await driver.dial('201')).toEqual({ ok: true });
    sim.expireTokens();
    expect(await driver.dial('202')).toEqual({ ok: true });
    expect(sim.logins.filter((l) => l.ok)).toHaveLength(2);
    expect(sim.commands.find((c) => c.reply === 'Invalid token')).toBeDefined();
  });

  it('turns a refusal into a sentence with the server’s words', async () => {
    const { sim, driver } = await setup();
    const result = await driver.dial('12345678901234567890123456789012345');
    expect(result).toEqual({
      ok: false,
      error: { key: 'rdDialRefused', subs: ['12345678901234567890123456789012345', '12345678901234567890123456789012345 is not a number that can be dialled.'] },
    });
    expect(sim.commands.at(-1)?.status).toBe(400);
    expect(await driver.dial('no digits')).toEqual({ ok: false, error: { key: 'errNumberNoDigits', subs: ['no digits'] } });
  });

  it('falls back to GET /api/rander/login/<user>/<password> when the server has no /token', async () => {
    const { sim, driver } = await setup({ loginVia: 'path', users: [{ username: 'op erator', password: 'p/ss%wörd' }] }, { username: 'op erator', password: 'p/ss%wörd' });
    expect(await driver.dial('201')).toEqual({ ok: true });
    expect(sim.logins).toEqual([expect.objectContaining({ via: 'path', username: 'op erator', ok: true })]);
    expect(sim.commands.map((c) => c.command)).toEqual(['openline', 'makecall']);
  });

  it('says "not supported" for hold, and answer/hangup of an unknown call', async () => {
    const { driver } = await setup();
    expect(driver.capabilities.has('hold')).toBe(false);
    expect(await driver.hold('x')).toEqual({ ok: false, error: { key: 'errNotSupported' } });
    expect(await driver.answer('rd:103:404')).toEqual({ ok: false, error: { key: 'rdNoSuchCall' } });
  });
});

describe('RanderWEB driver against the simulator: SignalR monitoring', () => {
  it('negotiates, connects over WebSocket, starts, subscribes to the extension and goes online', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    const [negotiate, connect, start] = sim.signalr;
    expect(negotiate).toMatchObject({ kind: 'negotiate', status: 200, query: { clientProtocol: '1.5', connectionData: '[{"name":"randerhub"}]' } });
    expect(negotiate!.query['token']).toBe(sim.validTokens()[0]);
    expect(connect).toMatchObject({ kind: 'connect', status: 101, query: { transport: 'webSockets', clientProtocol: '1.5' } });
    expect(connect!.query['connectionToken']).toBeTruthy();
    expect(Number(connect!.query['tid'])).toBeGreaterThanOrEqual(0);
    expect(start).toMatchObject({ kind: 'start', status: 200 });
    expect(sim.invocations).toEqual([expect.objectContaining({ hub: 'randerhub', method: 'SetMyExtension', args: ['103'], id: '0', error: null })]);
    expect(sim.connectionList()).toEqual([expect.objectContaining({ open: true, started: true, subscriptions: ['103'] })]);
  });

  it('pops a ringing call with the caller’s number and name, answers it, and follows it to the end', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    const simCall = sim.ring({ from: '+74951234567', name: 'Иван Петров', to: '103' });
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(ringing).toMatchObject({ direction: 'in', remote: { number: '+74951234567', name: 'Иван Петров' }, line: '103' });
    expect(ringing.id).toBe(`rd:103:${simCall.id}`);
    expect(await driver.answer(ringing.id)).toEqual({ ok: true });
    expect(sim.commands.map((c) => c.command)).toEqual(['openline', 'answer']);
    await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'connected'));
    sim.hangup(simCall.id, 'remote');
    const ended = await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'));
    expect(ended.ending).toBe('answered-here');
    // Calls ringing other extensions are not ours.
    sim.ring({ from: '555', to: '104' });
    sim.ring({ from: '556', to: '103' });
    await w.until(() => w.calls().find((c) => c.remote.number === '556'));
    expect(w.calls().some((c) => c.remote.number === '555')).toBe(false);
  });

  it('reports a ring that stops unanswered as missed, and one hung up from Ringside as rejected', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring({ from: '201', name: 'Anna', to: '103' });
    const first = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    sim.missed();
    expect((await w.until(() => w.calls().find((c) => c.id === first.id && c.state === 'ended'))).ending).toBe('missed');
    sim.ring({ from: '202', to: '103' });
    const second = await w.until(() => w.calls().find((c) => c.remote.number === '202' && c.state === 'ringing'));
    expect(await driver.reject(second.id)).toEqual({ ok: true });
    expect((await w.until(() => w.calls().find((c) => c.id === second.id && c.state === 'ended'))).ending).toBe('rejected');
  });

  it('reads positional line-state arguments too', async () => {
    const { sim, driver } = await setup({ lineStateStyle: 'positional', replyStyle: 'text' });
    const w = watching(sim, driver);
    await w.online();
    sim.ring({ from: '84951112233', name: 'ООО Ромашка', to: '103' });
    expect(await w.until(() => w.calls().find((c) => c.state === 'ringing'))).toMatchObject({
      direction: 'in',
      remote: { number: '84951112233', name: 'ООО Ромашка' },
    });
  });

  it('resumes a dropped WebSocket with /reconnect and the last messageId, losing no event', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring({ from: '301', to: '103' });
    await w.until(() => w.calls().find((c) => c.remote.number === '301'));
    const cursor = lastCursor(sim);
    sim.dropWebSockets();
    // Said while the client is cut off: the server buffers it for the reconnect.
    sim.missed();
    sim.ring({ from: '302', name: 'During the drop', to: '103' });
    const reconnect = await w.until(() => sim.signalr.find((r) => r.kind === 'reconnect' && r.status === 101));
    expect(reconnect.query['messageId']).toBe(cursor);
    expect(reconnect.query['connectionToken']).toBe(sim.signalr[1]!.query['connectionToken']);
    const missedCall = await w.until(() => w.calls().find((c) => c.remote.number === '301' && c.state === 'ended'));
    expect(missedCall.ending).toBe('missed');
    await w.until(() => w.calls().find((c) => c.remote.number === '302' && c.remote.name === 'During the drop'));
    // The same connection: no new negotiate; the extension is subscribed again.
    expect(sim.signalrCount('negotiate')).toBe(1);
    await w.until(() => sim.invocations.length === 2);
    expect(w.calls().filter((c) => c.remote.number === '302' && c.state === 'ringing')).toHaveLength(1);
  });

  it('notices a half-open link with the keep-alive watchdog and resumes it', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.stallWebSockets();
    sim.ring({ from: '401', name: 'Silent link', to: '103' });
    // KeepAliveTimeout is 0.2 s here; nothing else tells the client the link is dead.
    await w.until(() => sim.signalr.find((r) => r.kind === 'reconnect' && r.status === 101), 2000);
    await w.until(() => w.calls().find((c) => c.remote.number === '401' && c.state === 'ringing'));
  });

  it('logs in again when the reconnect finds the token expired, and still resumes with messageId', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.expireTokens();
    sim.dropWebSockets();
    sim.ring({ from: '501', to: '103' });
    await w.until(() => sim.signalr.find((r) => r.kind === 'reconnect' && r.status === 101));
    expect(sim.signalr.filter((r) => r.kind === 'reconnect').map((r) => r.status)).toEqual([401, 101]);
    expect(sim.logins.filter((l) => l.ok)).toHaveLength(2);
    await w.until(() => w.calls().find((c) => c.remote.number === '501'));
  });

  it('starts a new connection when the server no longer accepts the old connection token', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.invalidateConnections();
    await w.until(() => sim.signalr.filter((r) => r.kind === 'connect' && r.status === 101).length === 2);
    expect(sim.signalr.find((r) => r.kind === 'reconnect')?.status).toBe(400);
    await w.until(() => sim.connectionList()[0]?.subscriptions.includes('103'));
    sim.ring({ from: '601', to: '103' });
    await w.until(() => w.calls().find((c) => c.remote.number === '601'));
  });

  it('stops on a rejected login without a retry storm', async () => {
    const { sim, driver } = await setup({}, { password: 'wrong' });
    const w = watching(sim, driver);
    await w.done;
    expect(last(w.statuses())).toMatchObject({ state: 'auth-failed', reason: { key: 'rdLoginRejected', subs: [expect.any(String), 'admin'] } });
    expect(sim.logins).toHaveLength(1);
    expect(sim.signalr).toHaveLength(0);
  });

  it('reports an unreachable server, backs off, and comes back by itself', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    await sim.setOffline(true);
    const down = await w.until(() => last(w.statuses())?.state === 'unreachable' && last(w.statuses()));
    expect((down as ConnectionStatus).reason?.key).toBe('rdRefused');
    await sim.setOffline(false);
    await w.until(() => last(w.statuses())?.state === 'online', 4000);
    sim.ring({ from: '701', to: '103' });
    await w.until(() => w.calls().find((c) => c.remote.number === '701'));
  });

  it('continues a call known from before a restart instead of popping it again', async () => {
    const { sim, driver } = await setup();
    const first = watching(sim, driver);
    await first.online();
    const simCall = sim.ring({ from: '801', name: 'Before restart', to: '103' });
    const call = await first.until(() => first.calls().find((c) => c.state === 'ringing'));
    first.stop();
    await first.done;
    const second = watching(sim, driver, [call]);
    await second.online();
    sim.answer(simCall.id);
    const connected = await second.until(() => second.calls().find((c) => c.state === 'connected'));
    expect(connected.id).toBe(call.id);
    expect(connected.startedAt).toBe(call.startedAt);
    expect(second.calls().filter((c) => c.state === 'ringing')).toEqual([]);
  });
});

describe('RanderWEB driver: Test connection', () => {
  it('succeeds and says what the server reported', async () => {
    const { sim, driver } = await setup();
    const result = await driver.diagnose();
    expect(result.outcome).toBe('ok');
    expect(result.messages[0]).toEqual({ key: 'rdOk', subs: [sim.url.replace('http://', ''), 'admin', '103', '1.5', 'RanderHub'] });
    expect(result.messages.map((m) => m.key)).toContain('rdUnverified');
    // It left again: the simulator saw the abort.
    await sim.waitFor(() => sim.signalrCount('abort') === 1);
  });

  it.each([
    ['a wrong password', {}, { password: 'wrong' }, 'auth-rejected', 'rdLoginRejected'],
    ['a wrong hub name', {}, { hub: 'PhoneHub' }, 'misconfigured', 'rdHubUnknown'],
    ['an old SignalR', { protocolVersion: '1.3' }, {}, 'misconfigured', 'rdProtocolMismatch'],
    ['no WebSockets', { webSockets: false }, {}, 'misconfigured', 'rdNoWebSockets'],
    ['an extension Rander does not monitor', {}, { extension: 'reception' }, 'misconfigured', 'rdLineRefused'],
    ['a server that logs in by path only', { loginVia: 'path' as const }, {}, 'ok', 'rdOk'],
  ] as const)('explains %s', async (_what, simOptions, overrides, outcome, key) => {
    const { driver } = await setup(simOptions, overrides);
    const result = await driver.diagnose();
    expect(result.outcome).toBe(outcome);
    expect(result.messages[0]?.key).toBe(key);
  });

  it('names clientProtocol when the versions do not match', async () => {
    const { driver } = await setup({ protocolVersion: '1.3' });
    expect((await driver.diagnose()).messages[0]).toMatchObject({ key: 'rdProtocolMismatch', subs: [expect.any(String), '1.3', '1.5'] });
  });

  it('says "refused" when nothing listens on the port', async () => {
    const { sim, driver } = await setup();
    await sim.close();
    const result = await driver.diagnose();
    expect(result).toMatchObject({ outcome: 'refused', messages: [{ key: 'rdRefused' }] });
  });
});
