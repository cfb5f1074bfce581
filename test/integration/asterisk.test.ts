// The Asterisk driver against the AJAM simulator: real HTTP on 127.0.0.1, a cookie jar as in
// the browser, both vocabularies.
import { afterEach, describe, expect, it } from 'vitest';
import type { Call, ConnectionStatus } from '../../src/core/call.ts';
import { asteriskSettingsSchema, type AsteriskSettings } from '../../src/core/settings.ts';
import type { Driver } from '../../src/drivers/contract.ts';
import { createAsteriskDriver } from '../../src/drivers/asterisk/driver.ts';
import { sleep } from '../../src/drivers/index.ts';
import { startAsteriskSim, type AsteriskSim, type AsteriskSimOptions } from '../sim/asterisk/server.ts';
import { fetchWithCookieJar } from './cookieJar.ts';
import { watchDriver } from './watch.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(simOptions: AsteriskSimOptions = {}, overrides: Partial<AsteriskSettings> = {}) {
  const sim = await startAsteriskSim({ loginFailDelayMs: 0, ...simOptions });
  cleanups.push(() => sim.close());
  const jar = fetchWithCookieJar();
  const settings = asteriskSettingsSchema.parse({
    address: sim.url,
    prefix: 'asterisk',
    username: 'ext',
    secret: 'ext-secret',
    device: sim.device,
    extension: '101',
    context: 'from-internal',
    ...overrides,
  });
  const driver = createAsteriskDriver({ settings, io: { fetch: jar, now: () => Date.now(), sleep } });
  return { sim, driver, jar, settings };
}

function watching(sim: AsteriskSim, driver: Driver, known: Call[] = []) {
  return watchDriver(driver, {
    known,
    cleanups,
    recheckOn: (recheck) => {
      sim.on('request', recheck);
      sim.on('event', recheck);
    },
    describe: (events) => JSON.stringify(events.slice(-10)),
  });
}

const last = (s: ConnectionStatus[]) => s[s.length - 1];

describe('Asterisk driver against the AJAM simulator (Asterisk 22 vocabulary)', () => {
  it('logs in with a POST form, keeps the secret out of every URL, and goes online', async () => {
    const { sim, driver, jar } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    expect(jar.cookies.get('mansession_id')).toMatch(/^"[0-9a-f]{8}"$/);
    expect(sim.requests.every((r) => r.method === 'POST' && !r.path.includes('secret'))).toBe(true);
    await w.until(() => sim.requests.some((r) => r.action.toLowerCase() === 'waitevent'));
    const wait = sim.requests.find((r) => r.action.toLowerCase() === 'waitevent')!;
    expect(wait.params.find(([k]) => k.toLowerCase() === 'timeout')?.[1]).toBe('20');
  });

  it('pops an incoming call with the caller number and name, follows it to the end', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    const call = sim.incoming({ from: '+74951234567', name: 'Ivan Petrov', outcome: 'manual' });
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(ringing).toMatchObject({ direction: 'in', remote: { number: '+74951234567', name: 'Ivan Petrov' } });
    sim.answer(call.id);
    await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'connected'));
    expect(await driver.hangup(ringing.id)).toEqual({ ok: true });
    const ended = await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'));
    expect(ended.ending).toBe('answered-here');
    // Only the device's own leg became a call: the Local/ helper legs were ignored.
    expect(new Set(w.calls().map((c) => c.id)).size).toBe(1);
  });

  it.each([
    ['missed', 'missed'],
    ['answeredElsewhere', 'answered-elsewhere'],
    ['busy', 'busy'],
    ['reject', 'rejected'],
  ] as const)('tells a ringing call that ends %s apart (%s)', async (how, ending) => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    const call = sim.incoming({ from: '201', name: 'Anna', outcome: 'manual', ringGroup: how === 'answeredElsewhere' });
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    sim[how](call.id);
    expect((await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'))).ending).toBe(ending);
  });

  it('dials with Originate: the right fields, and the call is outgoing, never a pop', async () => {
    const { sim, driver } = await setup({ secondMs: 20 }, { callerId: 'Click-to-dial <101>', autoAnswer: 'call-info', ringTimeoutSec: 25 });
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    sim.nextOriginate('answer');
    expect(await driver.dial('+7 (495) 000-00-00')).toEqual({ ok: true });
    const originate = await sim.waitFor(() => sim.originates[0]);
    expect(originate).toMatchObject({
      channel: sim.device,
      context: 'from-internal',
      exten: '+74950000000',
      priority: '1',
      callerId: 'Click-to-dial <101>',
      timeout: '25000',
      async: 'true',
      variables: ['PJSIP_HEADER(add,Call-Info)=<sip:127.0.0.1>;answer-after=0'],
    });
    expect(originate.actionId).toMatch(/^ringside-/);
    const connected = await w.until(() => w.calls().find((c) => c.state === 'connected'));
    expect(connected.direction).toBe('out');
    expect(w.calls().some((c) => c.direction === 'in')).toBe(false);
  });

  it.each([
    ['busy', 'astDialBusy'],
    ['noanswer', 'astDialNoAnswer'],
    ['nosuch', 'astDialUnavailable'],
  ] as const)('turns an OriginateResponse failure (%s) into a sentence', async (outcome, key) => {
    const { sim, driver } = await setup({ secondMs: 20 });
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    sim.nextOriginate(outcome);
    expect(await driver.dial('84950000000')).toEqual({ ok: true });
    const failure = await w.until(() => w.events.find((e) => e.type === 'dial-failed'));
    expect(failure).toMatchObject({ number: '84950000000', error: { key } });
  });

  it('says which permission is missing when the AMI user may not originate', async () => {
    const { driver } = await setup({ users: [{ username: 'ext', secret: 'ext-secret', read: 'call', write: 'call' }] });
    const result = await driver.dial('101');
    expect(result).toEqual({ ok: false, error: { key: 'astDialNotPermitted', subs: ['ext'] } });
  });

  it('says so when the context has no such extension', async () => {
    const { driver } = await setup({ contexts: ['from-internal'] }, { context: 'no-such-context' });
    expect(await driver.dial('101')).toEqual({ ok: false, error: { key: 'astDialNoSuch', subs: ['101', 'no-such-context'] } });
  });

  it('logs in again when the session expired, then resynchronises and still pops', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    const logins = () => sim.requestCount('Login');
    const before = logins();
    sim.expireSessions();
    sim.kickWaitEvents();
    await w.until(() => logins() > before);
    await w.until(() => sim.requestCount('CoreShowChannels') >= 2);
    sim.incoming({ from: '555', name: 'After expiry', outcome: 'manual' });
    await w.until(() => w.calls().find((c) => c.remote.number === '555'));
  });

  it('stops on "Authentication failed" without a retry storm', async () => {
    const { sim, driver } = await setup({}, { secret: 'wrong' });
    const w = watching(sim, driver);
    await w.done;
    expect(last(w.statuses())).toMatchObject({ state: 'auth-failed', reason: { key: 'astAuthFailed' } });
    expect(sim.requestCount('Login')).toBe(1);
  });

  it('reports an unreachable PBX, backs off, and comes back by itself', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    await sim.setOffline(true);
    sim.kickWaitEvents();
    await w.until(() => last(w.statuses())?.state === 'unreachable', 8000);
    await sim.setOffline(false);
    // Back within one retry delay, not after a 20 s WaitEvent: a Ping confirms the connection first.
    await w.until(() => last(w.statuses())?.state === 'online', 3000);
  });

  it('picks up a call that started while it was not watching (restart), without a new id', async () => {
    const { sim, driver } = await setup();
    const first = watching(sim, driver);
    await first.until(() => last(first.statuses())?.state === 'online');
    sim.incoming({ from: '777', name: 'Before restart', outcome: 'manual' });
    const call = await first.until(() => first.calls().find((c) => c.state === 'ringing'));
    first.stop();
    await first.done; // logs off, like a profile change
    const again = await setup({}, {});
    void again; // a second PBX is not needed: restart against the same one
    const driver2 = createAsteriskDriver({ settings: asteriskSettingsSchema.parse({ address: sim.url, prefix: 'asterisk', username: 'ext', secret: 'ext-secret', device: sim.device, extension: '101' }), io: { fetch: fetchWithCookieJar(), now: () => Date.now(), sleep } });
    const second = watching(sim, driver2, [call]);
    await second.until(() => last(second.statuses())?.state === 'online');
    await second.until(() => sim.requestCount('CoreShowChannels') >= 2);
    expect(second.calls().filter((c) => c.state === 'ringing' && c.id !== call.id)).toEqual([]);
    sim.missed();
    expect((await second.until(() => second.calls().find((c) => c.state === 'ended'))).id).toBe(call.id);
  });

  it('logs off when the watch stops (profile changed or switched off)', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    w.stop();
    await w.done;
    expect(sim.requestCount('Logoff')).toBe(1);
  });

  it('keeps an idle PBX at three requests a minute or fewer', async () => {
    const { sim, driver } = await setup({ secondMs: 20 });
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    const start = sim.requestCount('WaitEvent');
    // 20 "seconds" of 20 ms each: one WaitEvent should span the whole time.
    await w.until(() => sim.requestCount('WaitEvent') >= start + 3, 5000);
    const waits = sim.requests.filter((r) => r.action.toLowerCase() === 'waitevent').slice(-3);
    expect(waits[2]!.at - waits[1]!.at).toBeGreaterThanOrEqual(20 * 20 * 0.9);
  });
});

describe('Asterisk driver, Asterisk 11 vocabulary', () => {
  it('pops and ends an incoming call on SIP/101', async () => {
    const { sim, driver } = await setup({ v11: true });
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    const call = sim.incoming({ from: '+74957770000', name: 'Old PBX', outcome: 'manual' });
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(ringing.remote).toEqual({ number: '+74957770000', name: 'Old PBX' });
    sim.answer(call.id);
    await w.until(() => w.calls().find((c) => c.state === 'connected'));
    sim.hangup(call.id, 'caller');
    expect((await w.until(() => w.calls().find((c) => c.state === 'ended'))).ending).toBe('answered-here');
  });

  it('dials with Originate and reports a busy phone', async () => {
    const { sim, driver } = await setup({ v11: true, secondMs: 20 });
    const w = watching(sim, driver);
    await w.until(() => last(w.statuses())?.state === 'online');
    sim.nextOriginate('busy');
    expect(await driver.dial('202')).toEqual({ ok: true });
    expect((await sim.waitFor(() => sim.originates[0])).channel).toBe('SIP/101');
    expect(await w.until(() => w.events.find((e) => e.type === 'dial-failed'))).toMatchObject({ error: { key: 'astDialBusy' } });
  });
});

describe('Asterisk diagnose', () => {
  it('succeeds with the Asterisk version', async () => {
    const { driver } = await setup();
    const d = await driver.diagnose();
    expect(d.outcome).toBe('ok');
    expect(d.messages[0]).toMatchObject({ key: 'astOk', subs: [expect.any(String), '22.10.1', 'ext'] });
  });

  it('does not call a wrong secret fine just because the browser still holds a session', async () => {
    const { sim, jar, settings } = await setup();
    const good = createAsteriskDriver({ settings, io: { fetch: jar, now: () => Date.now(), sleep } });
    expect((await good.diagnose()).outcome).toBe('ok');
    const bad = createAsteriskDriver({ settings: { ...settings, secret: 'wrong' }, io: { fetch: jar, now: () => Date.now(), sleep } });
    expect(await bad.diagnose()).toMatchObject({ outcome: 'auth-rejected', messages: [{ key: 'astAuthFailed' }] });
    void sim;
  });

  it('names the missing write=originate permission, and reminds of read=call', async () => {
    const { driver } = await setup({ users: [{ username: 'ext', secret: 'ext-secret', read: 'system', write: 'system' }] });
    const d = await driver.diagnose();
    expect(d.outcome).toBe('no-originate-permission');
    expect(d.messages.map((m) => m.key)).toEqual(['astNoOriginate', 'astReadCallHint']);
  });

  it('warns when the user cannot catch up after a restart or hang up', async () => {
    const { driver } = await setup({ users: [{ username: 'ext', secret: 'ext-secret', read: 'call', write: 'originate' }] });
    const d = await driver.diagnose();
    expect(d.outcome).toBe('ok');
    expect(d.messages.map((m) => m.key)).toEqual(['astOkNoVersion', 'astNoResync', 'astNoHangup', 'astReadCallHint']);
  });

  it('explains a 404: AJAM not enabled or the wrong prefix', async () => {
    const { driver } = await setup({ prefix: '' }, { prefix: 'asterisk' });
    expect(await driver.diagnose()).toMatchObject({ outcome: 'not-enabled', messages: [{ key: 'astNotFound', subs: [expect.any(String), '/asterisk'] }] });
  });

  it('works with an empty prefix', async () => {
    const { driver } = await setup({ prefix: '' }, { prefix: '' });
    expect((await driver.diagnose()).outcome).toBe('ok');
  });

  it('reports a refused connection and an HTML page', async () => {
    const { sim, driver } = await setup();
    sim.setHtmlMode(true);
    expect((await driver.diagnose()).outcome).toBe('not-ajam');
    sim.setHtmlMode(false);
    await sim.setOffline(true);
    expect((await driver.diagnose()).outcome).toBe('refused');
  });
});
