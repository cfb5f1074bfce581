// The Grandstream driver against the simulator: real HTTP on 127.0.0.1, real timers.
import { afterEach, describe, expect, it } from 'vitest';
import type { Call, ConnectionStatus } from '../../src/core/call.ts';
import { grandstreamSettingsSchema } from '../../src/core/settings.ts';
import { createGrandstreamDriver } from '../../src/drivers/grandstream/driver.ts';
import { defaultIO } from '../../src/drivers/index.ts';
import { startGrandstreamSim, type GrandstreamSim, type GrandstreamSimOptions } from '../sim/grandstream/server.ts';
import { watchDriver } from './watch.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(simOptions: GrandstreamSimOptions = {}, driverSettings: Partial<{ password: string; pollIntervalMs: number; account: number; address: string }> = {}) {
  const sim = await startGrandstreamSim({ password: 'p&ss #1', ...simOptions });
  cleanups.push(() => sim.close());
  const settings = grandstreamSettingsSchema.parse({ address: sim.url, password: 'p&ss #1', pollIntervalMs: 500, ...driverSettings });
  const driver = createGrandstreamDriver({ settings, io: defaultIO() });
  return { sim, driver };
}

/** Runs watch and collects what it reports (watch.ts), re-checking waits on the simulator's events. */
function watching(sim: GrandstreamSim, driver: ReturnType<typeof createGrandstreamDriver>, known: Call[] = []) {
  return watchDriver(driver, {
    known,
    cleanups,
    // A request arrived, a line changed.
    recheckOn: (recheck) => {
      sim.on('request', recheck);
      sim.on('change', recheck);
    },
    describe: (events) => JSON.stringify({ events, lines: sim.lines() }),
  });
}

const lastStatus = (s: ConnectionStatus[]) => s[s.length - 1];

describe('Grandstream driver against the simulator', () => {
  it('goes online and pops an incoming call with the caller on line 2', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => lastStatus(w.statuses())?.state === 'online');
    sim.ring('101', 'Busy line', 1);
    sim.answerOnHandset(1);
    sim.ring('+74951234567', 'Ivan Petrov', 2);
    const call = await w.until(() => w.calls().find((c) => c.line === '2' && c.state === 'ringing'));
    expect(call.remote).toEqual({ number: '+74951234567', name: 'Ivan Petrov' });
    expect(call.direction).toBe('in');
  });

  it('answers through the CTI API and follows the call to its end', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    sim.ring('201', 'Anna');
    const ringing = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(await driver.answer(ringing.id)).toEqual({ ok: true });
    expect(sim.lines().find((l) => l.remotenumber === '201')?.state).toBe('connected');
    await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'connected'));
    expect(await driver.hold(ringing.id)).toEqual({ ok: true });
    await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'held'));
    sim.remoteHangup();
    const ended = await w.until(() => w.calls().find((c) => c.id === ringing.id && c.state === 'ended'));
    expect(ended.ending).toBe('answered-here');
  });

  it('reports a call rejected here as rejected, and one that stops ringing as missed', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    sim.ring('301', 'Reject me');
    const first = await w.until(() => w.calls().find((c) => c.state === 'ringing'));
    expect(await driver.reject(first.id)).toEqual({ ok: true });
    expect((await w.until(() => w.calls().find((c) => c.id === first.id && c.state === 'ended'))).ending).toBe('rejected');
    sim.ring('302', 'Group call');
    const second = await w.until(() => w.calls().find((c) => c.remote.number === '302'));
    sim.answeredElsewhere();
    expect((await w.until(() => w.calls().find((c) => c.id === second.id && c.state === 'ended'))).ending).toBe('missed');
  });

  it('keys an extension in as DTMF on the connected call', async () => {
    const { sim, driver } = await setup();
    expect(await driver.dial('84951234567')).toEqual({ ok: true });
    sim.remoteAnswer();
    expect(await driver.sendDtmf?.('any', '1#2')).toEqual({ ok: true });
    expect(sim.dtmf.map((d) => d.key)).toEqual(['1', '#', '2']);
  });

  it('dials with api-make_call on the configured account, keeping + and #', async () => {
    const { sim, driver } = await setup({}, { account: 2 });
    expect(await driver.dial('+74951234567')).toEqual({ ok: true });
    expect(sim.dialled).toEqual([expect.objectContaining({ number: '+74951234567', account: '1', via: 'make_call' })]);
  });

  it('falls back to api-send_key digits + SEND where api-make_call is missing', async () => {
    const { sim, driver } = await setup({ hasMakeCall: false, sendKeyDelayMs: 5 });
    expect(await driver.dial('*72#')).toEqual({ ok: true });
    expect(sim.dialled).toEqual([expect.objectContaining({ number: '*72#', via: 'send_key' })]);
    expect(await driver.dial('+7 495 1234567')).toEqual({ ok: true });
    expect(sim.dialled[1]).toMatchObject({ number: '74951234567', via: 'send_key' });
    // make_call is asked once, then remembered as missing.
    expect(sim.requestCount('/cgi-bin/api-make_call')).toBe(1);
  });

  it('stops at a rejected password and never asks again by itself', async () => {
    const { sim, driver } = await setup({}, { password: 'wrong' });
    const w = watching(sim, driver);
    await w.done;
    expect(lastStatus(w.statuses())).toMatchObject({ state: 'auth-failed', reason: { key: 'gsAuthRejected' } });
    expect(sim.requestCount('/cgi-bin/')).toBe(1);
  });

  it('reports an unreachable phone and comes back online by itself', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    await w.until(() => lastStatus(w.statuses())?.state === 'online');
    sim.setOffline(true);
    await w.until(() => lastStatus(w.statuses())?.state === 'unreachable');
    sim.setOffline(false);
    await w.until(() => lastStatus(w.statuses())?.state === 'online');
    sim.ring('555', 'After outage');
    await w.until(() => w.calls().find((c) => c.remote.number === '555'));
  });

  it('says "not the CTI API" when the phone answers its HTML login page, and recovers', async () => {
    const { sim, driver } = await setup();
    sim.setHtmlMode(true);
    const w = watching(sim, driver);
    const status = await w.until(() => w.statuses().find((s) => s.state === 'misconfigured'));
    expect(status.reason?.key).toBe('gsNotCti');
    sim.setHtmlMode(false);
    await w.until(() => lastStatus(w.statuses())?.state === 'online', 8000);
  });

  it('keeps one request in flight: a slow phone is never asked again before it replied', async () => {
    const { sim, driver } = await setup({}, { pollIntervalMs: 500 });
    sim.setDelay(800);
    const w = watching(sim, driver);
    const started = Date.now();
    await w.until(() => sim.requestCount('/cgi-bin/api-get_line_status') >= 3, 6000);
    // With a reply taking 800 ms, the third request cannot start before two replies came back.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 800 - 20);
  });

  it('reports an unknown line state once and keeps going', async () => {
    const { sim, driver } = await setup();
    const w = watching(sim, driver);
    sim.ring('600', 'X');
    await w.until(() => w.calls().find((c) => c.remote.number === '600'));
    sim.setLineState(1, 'transferring');
    const notice = await w.until(() => w.events.find((e) => e.type === 'notice'));
    expect(notice).toMatchObject({ text: { key: 'gsUnknownState', subs: ['transferring'] } });
    sim.remoteHangup(1);
    await w.until(() => w.calls().find((c) => c.remote.number === '600' && c.state === 'ended'));
    expect(w.events.filter((e) => e.type === 'notice')).toHaveLength(1);
  });

  it('continues a call it is given after a restart without reporting it anew', async () => {
    const { sim, driver } = await setup();
    const first = watching(sim, driver);
    sim.ring('700', 'Before restart');
    const call = await first.until(() => first.calls().find((c) => c.state === 'ringing'));
    first.stop();
    await first.done;
    const again = createGrandstreamDriver({ settings: grandstreamSettingsSchema.parse({ address: sim.url, password: 'p&ss #1', pollIntervalMs: 500 }), io: defaultIO() });
    const second = watching(sim, again, [call]);
    await second.until(() => lastStatus(second.statuses())?.state === 'online');
    const polls = sim.requestCount('/cgi-bin/api-get_line_status');
    await second.until(() => sim.requestCount('/cgi-bin/api-get_line_status') >= polls + 1);
    expect(second.calls()).toEqual([]);
    sim.answerOnHandset();
    expect(await second.until(() => second.calls().find((c) => c.state === 'connected'))).toMatchObject({ id: call.id });
  });
});

describe('Grandstream diagnose', () => {
  it('succeeds with the number of lines seen', async () => {
    const { driver } = await setup({ lines: 4 });
    expect(await driver.diagnose()).toEqual({ outcome: 'ok', messages: [{ key: 'gsOk', subs: [expect.stringMatching(/^127\.0\.0\.1:\d+$/), '4'] }] });
  });

  it('names the phone settings when the password is rejected (HTTP 401 or JSON)', async () => {
    for (const authFailure of ['http401', 'json'] as const) {
      const { driver } = await setup({ authFailure }, { password: 'nope' });
      const d = await driver.diagnose();
      expect(d.outcome).toBe('auth-rejected');
      expect(d.messages[0]?.key).toBe('gsAuthRejected');
    }
  });

  it('tells an HTML page, malformed JSON and a missing CTI API apart from success', async () => {
    const { sim, driver } = await setup();
    sim.setHtmlMode(true);
    expect((await driver.diagnose()).outcome).toBe('not-cti');
    sim.setHtmlMode(false);
    sim.setMalformed(true);
    expect((await driver.diagnose()).outcome).toBe('not-cti');
  });

  it('reports a refused connection', async () => {
    const { sim } = await setup();
    const url = sim.url;
    await sim.close();
    const driver = createGrandstreamDriver({ settings: grandstreamSettingsSchema.parse({ address: url, password: 'x' }), io: defaultIO() });
    expect(await driver.diagnose()).toMatchObject({ outcome: 'refused', messages: [{ key: 'gsRefused' }] });
  });

  it('reports a timeout when the phone answers too slowly', async () => {
    const { sim, driver } = await setup();
    sim.setDelay(6000);
    expect(await driver.diagnose()).toMatchObject({ outcome: 'timeout', messages: [{ key: 'gsTimeout' }] });
  }, 10_000);
});
