// The Oktell driver against the Oktell simulator: real HTTP and a real WebSocket (the `ws`
// client, as the browser's WebSocket would be) on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Call, ConnectionStatus } from '../../src/core/call.ts';
import { oktellSettingsSchema, type OktellSettings } from '../../src/core/settings.ts';
import type { Driver, DriverEvent, DriverIO, WebSocketLike } from '../../src/drivers/contract.ts';
import { createOktellDriver, type OktellTiming } from '../../src/drivers/oktell/driver.ts';
import { sleep } from '../../src/drivers/index.ts';
import { DEFAULT_USER, DEFAULT_WEB_API_ACCOUNT, startOktellSim, type OktellSim, type OktellSimOptions } from '../sim/oktell/server.ts';
import { Waiters } from '../sim/shared/waiters.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Protocol timings shrunk so that reconnects and the answer check fit a fast test. */
const FAST: Partial<OktellTiming> = { retryDelaysMs: [50, 100, 200, 400], slowRetryMs: 300, answerCheckMs: 400, settleMs: 50, commandReplyMs: 1000 };

function io(): DriverIO & { socketUrls: string[] } {
  const socketUrls: string[] = [];
  return {
    socketUrls,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    openWebSocket: (url: string, protocols?: string | string[]) => {
      socketUrls.push(url);
      return new WebSocket(url, protocols) as unknown as WebSocketLike;
    },
    now: () => Date.now(),
    sleep,
  };
}

async function setup(simOptions: OktellSimOptions = {}, overrides: Partial<OktellSettings> = {}, timing: Partial<OktellTiming> = FAST) {
  const sim = await startOktellSim(simOptions);
  cleanups.push(() => sim.close());
  const settings = oktellSettingsSchema.parse({
    address: sim.url,
    wsPort: sim.port,
    clientPort: sim.clientPort,
    webApiUser: DEFAULT_WEB_API_ACCOUNT.login,
    webApiPassword: DEFAULT_WEB_API_ACCOUNT.password,
    callerBy: 'login',
    callerValue: DEFAULT_USER.login,
    userLogin: DEFAULT_USER.login,
    userPassword: DEFAULT_USER.password,
    ...overrides,
  });
  const driverIO = io();
  const driver = createOktellDriver({ settings, io: driverIO, timing });
  return { sim, driver, settings, io: driverIO };
}

function watching(sim: OktellSim, driver: Driver, known: Call[] = []) {
  const events: DriverEvent[] = [];
  const waiters = new Waiters();
  const recheck = () => waiters.check();
  sim.on('change', recheck);
  sim.on('frame', recheck);
  sim.on('login', recheck);
  const controller = new AbortController();
  const done = driver.watch(controller.signal, (e) => {
    events.push(e);
    waiters.check();
  }, known);
  cleanups.push(async () => {
    controller.abort();
    await done;
    sim.off('change', recheck);
    sim.off('frame', recheck);
    sim.off('login', recheck);
  });
  const calls = () => events.flatMap((e) => (e.type === 'call' ? [e.call] : []));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const until = <T>(predicate: () => T | undefined | false | null, ms = 3000) =>
    waiters.waitFor(predicate, ms, () => JSON.stringify(events.slice(-8)));
  const online = () => until(() => last(statuses())?.state === 'online');
  return { events, calls, statuses, until, online, done, stop: () => controller.abort() };
}

const last = <T>(items: T[]): T | undefined => items[items.length - 1];

describe('Oktell dialling', () => {
  it('dials through the server Web-API with the service account and the caller chosen in the settings', async () => {
    const { sim, driver } = await setup({}, { direction: 'city', sequence: 'back' });
    expect(await driver.dial('+7 (495) 123-45-67')).toEqual({ ok: true });
    const dial = await sim.waitFor(() => sim.dials.find((d) => d.via === 'web-api'));
    expect(dial.path).toBe('/wp_autocallstart');
    expect(dial.params).toEqual({ user: 'operator', number: '+74951234567', direction: 'city', sequence: 'back' });
    expect(dial.auth).toEqual({ user: 'ringside', password: 'api-secret' });
    expect(dial.user).toBe('operator');
  });

  it('shows a Web-API call as outgoing (Oktell dials the number first, then rings the user back)', async () => {
    const { sim, driver } = await setup({}, { sequence: 'direct' });
    const w = watching(sim, driver);
    await w.online();
    expect(await driver.dial('74957654321')).toEqual({ ok: true });
    const call = await w.until(() => w.calls().find((c) => c.state === 'dialing'));
    expect(call).toMatchObject({ direction: 'out', remote: { number: '74957654321' } });
    sim.remoteAnswer(); // the number answers; Oktell rings the user's phone back
    await w.until(() => sim.line.current?.state === 'backring');
    sim.answer();
    expect(await w.until(() => w.calls().find((c) => c.state === 'connected'))).toMatchObject({ id: call.id, direction: 'out' });
    expect(w.calls().every((c) => c.direction === 'out')).toBe(true);
    expect(await driver.hangup(call.id)).toEqual({ ok: true });
    expect((await w.until(() => w.calls().find((c) => c.state === 'ended'))).ending).toBe('answered-here');
  });

  it('leaves direction out for auto, and names the caller by line or workplace', async () => {
    const { sim, driver } = await setup({}, { callerBy: 'workplace', callerValue: 'WP-101', direction: 'auto' });
    expect(await driver.dial('202')).toEqual({ ok: true });
    const dial = await sim.waitFor(() => sim.dials[0]);
    expect(dial.params).toEqual({ wp: 'WP-101', number: '202', sequence: 'direct' });
    expect(dial.user).toBe('operator');
  });

  it('sends non-ASCII Web-API credentials as UTF-8', async () => {
    const account = { login: 'Звонилка', password: 'пароль:1', webApi: true };
    const { sim, driver } = await setup({ webApiAccounts: [account] }, { webApiUser: account.login, webApiPassword: account.password });
    expect(await driver.dial('101')).toEqual({ ok: true });
    expect((await sim.waitFor(() => sim.dials[0])).auth).toEqual({ user: 'Звонилка', password: 'пароль:1' });
  });

  it('explains a wrong Web-API password (401), an unknown caller and a missing command', async () => {
    const bad = await setup({}, { webApiPassword: 'wrong' });
    expect(await bad.driver.dial('101')).toMatchObject({ ok: false, error: { key: 'okWebApiAuth', subs: [expect.any(String), 'ringside'] } });
    const unknown = await setup({}, { callerValue: 'nobody' });
    expect(await unknown.driver.dial('101')).toMatchObject({ ok: false, error: { key: 'okDialRefused', subs: ['101', 'Line not found'] } });
    const old = await setup({ webApiCommands: ['tst_getuserstate'] });
    expect(await old.driver.dial('101')).toMatchObject({ ok: false, error: { key: 'okWebApiNoCommand' } });
    const proxy = await setup();
    proxy.sim.setHtmlMode(true);
    expect(await proxy.driver.dial('101')).toMatchObject({ ok: false, error: { key: 'okNotOktell' } });
  });

  it('dials through the desktop client, and says so when the client is not running', async () => {
    const { sim, driver } = await setup({}, { dialVia: 'client' });
    expect(await driver.dial('8 800 555-35-35')).toEqual({ ok: true });
    const dial = await sim.waitFor(() => sim.dials.find((d) => d.via === 'client'));
    expect(dial).toMatchObject({ path: '/callto', params: { number: '88005553535' }, auth: null });
    await sim.setClientRunning(false);
    expect(await driver.dial('101')).toEqual({ ok: false, error: { key: 'okClientNotRunning', subs: [String(sim.clientPort)] } });
  });

  it('dials with pbxautocallstart over the WebSocket when there is no Web-API account, and the call is outgoing', async () => {
    const { sim, driver } = await setup({}, { webApiUser: '', webApiPassword: '', sequence: 'back' });
    const w = watching(sim, driver);
    await w.online();
    expect(await driver.dial('74951112233')).toEqual({ ok: true });
    const dial = await sim.waitFor(() => sim.dials.find((d) => d.via === 'websocket'));
    expect(dial.params).toMatchObject({ number: '74951112233', sequence: 'user' });
    // Oktell rings the user's phone first (sequence user): outgoing, never a screen-pop.
    const dialing = await w.until(() => w.calls().find((c) => c.state === 'dialing'));
    expect(dialing).toMatchObject({ direction: 'out', remote: { number: '74951112233' } });
    sim.answer();
    sim.remoteAnswer();
    await w.until(() => w.calls().find((c) => c.id === dialing.id && c.state === 'connected'));
    expect(w.calls().some((c) => c.direction === 'in')).toBe(false);
  });
});

describe('Oktell screen-pop and call control over the WebSocket', () => {
  it('logs in with the MD5 password fields, subscribes, and goes online', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    const login = sim.frames.find((f) => f.method === 'login')!;
    expect(login.params).toMatchObject({ userlogin: 'operator', showid: 1, usewebrtc: false });
    expect(login.params.password).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(sim.frames)).not.toContain(DEFAULT_USER.password);
    expect(sim.frames[0]!.method).toBe('ping');
    const subscribe = await sim.waitFor(() => sim.frames.find((f) => f.method === 'subscribeevent'));
    expect(subscribe.params.eventmethod).toEqual(expect.arrayContaining(['phoneevent_ringstarted', 'phoneevent_commstopped', 'flashstatechanged']));
    // Every method after login names the user.
    expect(sim.frames.filter((f) => !['ping', 'login'].includes(f.method)).every((f) => f.params.userlogin === 'operator')).toBe(true);
  });

  it('logs in with a Cyrillic password', async () => {
    const user = { ...DEFAULT_USER, password: 'Пароль-Ёлка' };
    const { sim, driver } = await setup({ users: [user] }, { userPassword: user.password });
    const w = watching(sim, driver);
    await w.online();
  });

  it('pops an incoming call with number and name, answers it, and follows it to the end', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring('+74951234567', 'Иван Петров');
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(ringing).toMatchObject({ direction: 'in', remote: { number: '+74951234567', name: 'Иван Петров' }, line: '101' });
    expect(ringing.id).toMatch(/^oktell:[0-9a-f-]{36}:74951234567$/);
    expect(await driver.answer(ringing.id)).toEqual({ ok: true });
    expect(sim.frameCount('pbxanswercall')).toBe(1);
    await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'connected'));
    expect(await driver.hangup(ringing.id)).toEqual({ ok: true });
    expect(sim.frameCount('pbxabortcall')).toBe(1);
    const ended = await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'));
    expect(ended).toMatchObject({ ending: 'answered-here' });
    expect(ended.answeredAt).toBeGreaterThan(0);
    expect(new Set(w.calls().map((c) => c.id)).size).toBe(1);
  });

  it('reports a ring that stops unanswered as missed, and a rejected one as rejected', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring('201', 'Anna');
    const first = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    sim.missed();
    expect((await w.until(() => w.calls().find((c) => c.id === first.id && c.state === 'ended'))).ending).toBe('missed');
    sim.ring('202', 'Boris');
    const second = await w.until(() => w.calls().find((c) => c.state === 'ringing' && c.id !== first.id));
    expect(await driver.reject(second.id)).toEqual({ ok: true });
    expect(sim.frameCount('pbxdeclinecall')).toBe(1);
    expect((await w.until(() => w.calls().find((c) => c.id === second.id && c.state === 'ended'))).ending).toBe('rejected');
  });

  it('ends a call the caller hangs up after the user answered on the handset', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring('301', '');
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(ringing.remote).toEqual({ number: '301', name: '' });
    sim.answer();
    await w.until(() => w.calls().find((c) => c.state === 'connected'));
    sim.hangup('remote');
    expect((await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'))).ending).toBe('answered-here');
  });

  it('holds and resumes with pbxmakeflash', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring('401', 'Hold me');
    const call = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    sim.answer();
    await w.until(() => w.calls().find((c) => c.state === 'connected'));
    expect(await driver.hold(call.id)).toEqual({ ok: true });
    await w.until(() => w.calls().find((c) => c.id === call.id && c.state === 'held'));
    expect(await driver.resume(call.id)).toEqual({ ok: true });
    await w.until(() => last(w.calls())?.state === 'connected');
    expect(sim.frames.filter((f) => f.method === 'pbxmakeflash').map((f) => f.params.mode)).toEqual(['switch', 'switch']);
    // Held on the phone itself shows too; hanging up a held call drops it.
    sim.hold();
    await w.until(() => last(w.calls())?.state === 'held');
    expect(await driver.hangup(call.id)).toEqual({ ok: true });
    expect(last(sim.frames.filter((f) => f.method === 'pbxmakeflash'))!.params.mode).toBe('abort');
    expect((await w.until(() => w.calls().find((c) => c.state === 'ended'))).ending).toBe('answered-here');
  });

  it('says so and stops offering Answer when the phone does not pick up on pbxanswercall (no intercom)', async () => {
    const { sim, driver } = await setup({ intercom: false });
    const w = watching(sim, driver);
    await w.online();
    sim.ring('501', '');
    const call = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(driver.capabilities.has('answer')).toBe(true);
    expect(await driver.answer(call.id)).toEqual({ ok: false, error: { key: 'okAnswerUnsupported' } });
    expect(driver.capabilities.has('answer')).toBe(false);
    expect(w.calls().filter((c) => c.id === call.id).map((c) => c.state)).toEqual(['ringing']);
  });

  it('reads replies that arrive as multipart parts', async () => {
    const { sim, driver } = await setup();
    sim.setMultipart(40);
    const w = watching(sim, driver);
    await w.online();
    sim.ring('+74950000001', 'Очень длинное имя звонящего');
    expect(await w.until(() => w.calls().find((c) => c.state === 'ringing'))).toMatchObject({ remote: { name: 'Очень длинное имя звонящего' } });
  });

  it('reconnects after the WebSocket drops and still pops', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    expect(sim.dropWebSockets()).toBe(1);
    await w.until(() => last(w.statuses())?.state === 'unreachable');
    expect(last(w.statuses())?.reason).toMatchObject({ key: 'okConnectionLost' });
    await w.online();
    expect(sim.connectionCount).toBe(2);
    sim.ring('601', 'After the drop');
    await w.until(() => w.calls().find((c) => c.remote.number === '601' && c.state === 'ringing'));
  });

  it('reports a server that went away, backs off, and comes back by itself', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    await sim.setOffline(true);
    await w.until(() => last(w.statuses())?.state === 'unreachable');
    await w.until(() => w.statuses().some((s) => s.reason?.key === 'okWsUnreachable'));
    await sim.setOffline(false);
    await w.online();
  });

  it('ends a call that finished while the connection was down', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.online();
    sim.ring('701', '');
    const call = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    sim.dropWebSockets();
    sim.missed();
    expect((await w.until(() => w.calls().find((c) => c.id === call.id && c.state === 'ended'))).ending).toBe('missed');
  });

  it('continues a call known from before a restart under the same id', async () => {
    const { sim, driver } = await setup();
    const first = watching(sim, driver);
    await first.online();
    sim.ring('801', 'Before restart');
    const call = await first.until(() => first.calls().find((c) => c.state === 'ringing'));
    first.stop();
    await first.done;
    const second = watching(sim, driver, [call]);
    await second.online();
    sim.answer();
    const connected = await second.until(() => second.calls().find((c) => c.state === 'connected'));
    expect(connected.id).toBe(call.id);
    expect(second.calls().filter((c) => c.id !== call.id)).toEqual([]);
  });

  it('follows websocketredirect to wss:// on port 443, and says so when that cannot be opened', async () => {
    const { sim, driver, io } = await setup();
    sim.setRedirect(true);
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.reason?.key === 'okWsRedirect');
    expect(last(w.statuses())).toMatchObject({ state: 'unreachable', reason: { subs: ['wss://127.0.0.1:443'] } });
    expect(io.socketUrls.slice(0, 2)).toEqual([sim.wsUrl.replace(/\/$/, ''), 'wss://127.0.0.1:443']);
    expect(sim.frames.map((f) => f.method)).toEqual(['ping']);
  });

  it('stops on a wrong password without a retry storm', async () => {
    const { sim, driver } = await setup({}, { userPassword: 'wrong' });
    const w = watching(sim, driver);
    await w.done;
    expect(last(w.statuses())).toMatchObject({ state: 'auth-failed', reason: { key: 'okWrongPassword', subs: [expect.any(String), 'operator'] } });
    expect(sim.logins).toHaveLength(1);
  });

  it.each([
    [{ error: 50093 }, 'okAlreadyLoggedIn', 'misconfigured'],
    [{ error: 50025 }, 'okLicenceLimit', 'misconfigured'],
    [{ errormsg: 'Service not available' }, 'okServiceUnavailable', 'unreachable'],
  ] as const)('turns login error %j into a sentence and tries again later', async (error, key, state) => {
    const { sim, driver } = await setup();
    sim.setLoginError(error);
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.reason?.key === key);
    expect(last(w.statuses())?.state).toBe(state);
    sim.setLoginError(undefined);
    await w.online();
    expect(sim.logins.length).toBeGreaterThanOrEqual(2);
  });

  it('stops on a login error nobody has described, naming it', async () => {
    const { sim, driver } = await setup();
    sim.setLoginError({ error: 1234, errormsg: 'Something odd' });
    const w = watching(sim, driver);
    await w.done;
    expect(last(w.statuses())).toMatchObject({ state: 'misconfigured', reason: { key: 'okLoginFailed', subs: [expect.any(String), 'operator', 'Something odd', '1211'] } });
    expect(sim.logins).toHaveLength(1);
  });

  it('pings while idle', async () => {
    const { sim, driver } = await setup({}, {}, { ...FAST, pingIntervalMs: 30 });
    const w = watching(sim, driver);
    await w.online();
    const before = sim.frameCount('ping');
    await sim.waitFor(() => sim.frameCount('ping') >= before + 2);
  });

  it('without the user\'s own login only dials, and says that calls will not pop up', async () => {
    const { sim, driver } = await setup({}, { userLogin: '', userPassword: '' });
    expect([...driver.capabilities]).toEqual(['dial']);
    const w = watching(sim, driver);
    await w.online();
    expect(w.events.find((e) => e.type === 'notice')).toMatchObject({ text: { key: 'okNoMonitoring' } });
    expect(sim.connectionCount).toBe(0);
  });
});

describe('Oktell diagnose', () => {
  it('succeeds with the server version, the Web-API account and the user', async () => {
    const { driver } = await setup();
    const d = await driver.diagnose();
    expect(d.outcome).toBe('ok');
    expect(d.messages).toEqual([
      { key: 'okWebApiOk', subs: [expect.any(String), 'ringside'] },
      { key: 'okWsOk', subs: [expect.any(String), '2.12.4.160222', 'Иванова Анна (operator)'] },
    ]);
  });

  it('reports a refused connection', async () => {
    const { sim, driver } = await setup();
    await sim.setOffline(true);
    expect(await driver.diagnose()).toMatchObject({ outcome: 'refused', messages: [{ key: 'okRefused' }] });
  });

  it('reports a Web-API 401 as wrong credentials or a missing privilege', async () => {
    const { driver } = await setup({ webApiAccounts: [{ ...DEFAULT_WEB_API_ACCOUNT, webApi: false }] });
    const d = await driver.diagnose();
    expect(d.outcome).toBe('auth-rejected');
    expect(d.messages[0]).toMatchObject({ key: 'okWebApiAuth' });
  });

  it('reports the desktop client absent, and present', async () => {
    const { sim, driver } = await setup({ clientRunning: false }, { dialVia: 'client' });
    const d = await driver.diagnose();
    expect(d.outcome).toBe('refused');
    expect(d.messages[0]).toMatchObject({ key: 'okClientNotRunning' });
    expect(d.messages.slice(1).map((m) => m.key)).toEqual(['okWsOk']);
    await sim.setClientRunning(true);
    expect(await driver.diagnose()).toMatchObject({ outcome: 'ok', messages: [{ key: 'okClientOk' }, { key: 'okWsOk' }] });
  });

  it('needs no server for dialling through the desktop client alone', async () => {
    const { sim } = await setup();
    const settings = oktellSettingsSchema.parse({ dialVia: 'client', clientPort: sim.clientPort });
    const driver = createOktellDriver({ settings, io: io(), timing: FAST });
    expect(await driver.diagnose()).toEqual({ outcome: 'ok', messages: [{ key: 'okClientOk', subs: [String(sim.clientPort)] }, { key: 'okNoMonitoring' }] });
    expect(await driver.dial('101')).toEqual({ ok: true });
  });

  it('reports WebSocket login errors by code', async () => {
    const wrong = await setup({}, { userPassword: 'wrong' });
    expect(await wrong.driver.diagnose()).toMatchObject({ outcome: 'auth-rejected', messages: [{ key: 'okWrongPassword' }, { key: 'okWebApiOk' }] });
    const busy = await setup();
    busy.sim.setLoginError({ error: 50093 });
    expect(await busy.driver.diagnose()).toMatchObject({ outcome: 'misconfigured', messages: [{ key: 'okAlreadyLoggedIn' }, { key: 'okWebApiOk' }] });
  });

  it('reports a WebSocket port where nothing answers', async () => {
    const { sim, driver } = await setup({}, { wsPort: 1 });
    void sim;
    const d = await driver.diagnose();
    expect(d.outcome).toBe('unreachable');
    expect(d.messages[0]).toMatchObject({ key: 'okWsUnreachable', subs: ['ws://127.0.0.1:1'] });
  });
});
