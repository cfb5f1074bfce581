// npm run bench: ring → notification latency in real Chromium against the Grandstream simulator,
// the requests per minute an idle phone receives, and the size of each built bundle.
// Bars (issue #2, DESIGN.md): p95 ≤ poll interval + 150 ms; idle ≤ 60 requests/min.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { benchDetection } from './detect.ts';
import { benchHeldOut } from './heldout.ts';
import { benchLinkify } from './linkify.ts';
import { startAsteriskSim } from '../sim/asterisk/server.ts';
import { startGrandstreamSim } from '../sim/grandstream/server.ts';
import { startOktellSim } from '../sim/oktell/server.ts';
import { startRanderSim } from '../sim/rander/server.ts';
import { eventually, launchWithExtension } from '../e2e/chromium.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const AJAM_IDLE_SECONDS = Number(process.env.BENCH_AJAM_IDLE_SECONDS ?? 120);
const POLL_MS = 1000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function sizes(dir: string): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ file: relative(dir, path), bytes: statSync(path).size });
    }
  };
  walk(dir);
  return out;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;

async function benchGrandstream() {
  const sim = await startGrandstreamSim({ password: 'bench' });
  const ext = await launchWithExtension();
  try {
    const sw = await ext.worker();
    await sw.evaluate(
      (url) => chrome.storage.local.set({ settings: { version: 1, backend: 'grandstream', grandstream: { address: url, password: 'bench', account: 1, pollIntervalMs: 1000 } } }),
      sim.url,
    );
    const online = () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { status: { state: string } } | undefined)?.status.state === 'online'));
    await eventually(online, 'the background to go online');

    // Latency: ring at a random moment of the poll cycle, time until the notification exists.
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const number = `+7495${String(1000000 + i)}`;
      const rangAt = Date.now();
      sim.ring(number, `Bench caller ${i}`);
      const shownAt = await eventually(
        () =>
          sw.evaluate(
            (n) =>
              (globalThis as unknown as { __ringside: { shownNotifications: { message: string; at: number }[] } }).__ringside.shownNotifications.find((s) => s.message.includes(n))?.at,
            number,
          ),
        `the notification for ${number}`,
        5000,
      );
      latencies.push(shownAt - rangAt);
      sim.remoteHangup();
      await eventually(
        () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { live: unknown[] }).live.length === 0)),
        'the call to end',
      );
    }

    // Idle load: what the phone receives while nothing happens.
    const before = sim.requestCount('/cgi-bin/');
    const idleStart = Date.now();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const perMinute = ((sim.requestCount('/cgi-bin/') - before) * 60_000) / (Date.now() - idleStart);

    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    console.log('\nRingside benchmark (Chromium, Grandstream simulator on 127.0.0.1, poll interval 1 s)');
    console.log(`ring → notification over ${CALLS} calls: p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms (bar: p95 ≤ ${POLL_MS + 150} ms) ${p95 <= POLL_MS + 150 ? 'OK' : 'OVER'}`);
    console.log(`idle load on the phone: ${perMinute.toFixed(1)} requests/min over ${IDLE_SECONDS} s (bar: ≤ 60) ${perMinute <= 60 ? 'OK' : 'OVER'}`);
  } finally {
    await ext.close();
    await sim.close();
  }
}

type Hook = { __ringside: { shownNotifications: { message: string; at: number }[] } };

async function benchAsterisk() {
  const sim = await startAsteriskSim({ loginFailDelayMs: 0 });
  const ext = await launchWithExtension();
  try {
    const sw = await ext.worker();
    await sw.evaluate(
      (url) =>
        chrome.storage.local.set({
          settings: {
            version: 1,
            backend: 'asterisk',
            asterisk: { address: url, prefix: 'asterisk', username: 'ext', secret: 'ext-secret', device: 'PJSIP/101', extension: '101', context: 'from-internal', callerId: '', ringTimeoutSec: 30, autoAnswer: 'off' },
          },
        }),
      sim.url,
    );
    const book = () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => r.callBook as { status: { state: string }; live: unknown[] } | undefined));
    await eventually(async () => (await book())?.status.state === 'online', 'the background to reach Asterisk');

    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      const number = `+7495${String(2000000 + i)}`;
      const rangAt = Date.now();
      const call = sim.incoming({ from: number, name: `Bench caller ${i}`, outcome: 'manual' });
      const shownAt = await eventually(
        () => sw.evaluate((n) => (globalThis as unknown as Hook).__ringside.shownNotifications.find((s) => s.message.includes(n))?.at, number),
        `the notification for ${number}`,
        5000,
      );
      latencies.push(shownAt - rangAt);
      sim.missed(call.id);
      await eventually(async () => (await book())?.live.length === 0, 'the call to end');
    }

    const count = () => sim.requests.filter((r) => r.path.endsWith('/rawman')).length;
    const before = count();
    const idleStart = Date.now();
    await new Promise((r) => setTimeout(r, AJAM_IDLE_SECONDS * 1000));
    const perMinute = ((count() - before) * 60_000) / (Date.now() - idleStart);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    console.log('\nRingside benchmark (Chromium, Asterisk AJAM simulator on 127.0.0.1, WaitEvent Timeout 20 s)');
    console.log(`ring → notification over ${CALLS} calls: p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms (bar: p95 ≤ 150 ms) ${p95 <= 150 ? 'OK' : 'OVER'}`);
    console.log(`idle load on Asterisk: ${perMinute.toFixed(1)} requests/min over ${AJAM_IDLE_SECONDS} s (bar: ≤ 3) ${perMinute <= 3 ? 'OK' : 'OVER'}`);
  } finally {
    await ext.close();
    await sim.close();
  }
}

/**
 * Ring → notification for a push backend: configure it, then ring CALLS times and time the
 * notification the background shows for each call.
 */
async function benchPush(name: string, settings: object, ready: () => Promise<unknown>, ring: (i: number, number: string) => void, end: () => void) {
  const ext = await launchWithExtension();
  try {
    const sw = await ext.worker();
    await sw.evaluate((value) => chrome.storage.local.set({ settings: value }), settings);
    await ready();
    const book = () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => r.callBook as { status: { state: string }; live: unknown[] } | undefined));
    await eventually(async () => (await book())?.status.state === 'online', `the background to reach ${name}`);
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      const number = `+7495${String(3000000 + i)}`;
      const rangAt = Date.now();
      ring(i, number);
      const shownAt = await eventually(
        () => sw.evaluate((n) => (globalThis as unknown as Hook).__ringside.shownNotifications.find((s) => s.message.includes(n))?.at, number),
        `the notification for ${number}`,
        5000,
      );
      latencies.push(shownAt - rangAt);
      end();
      await eventually(async () => (await book())?.live.length === 0, 'the call to end');
    }
    const p95 = percentile(latencies, 95);
    console.log(`\nRingside benchmark (Chromium, ${name} simulator on 127.0.0.1)`);
    console.log(`ring → notification over ${CALLS} calls: p50 ${percentile(latencies, 50)} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms (bar: p95 ≤ 150 ms) ${p95 <= 150 ? 'OK' : 'OVER'}`);
  } finally {
    await ext.close();
  }
}

async function benchOktell() {
  const sim = await startOktellSim();
  try {
    await benchPush(
      'Oktell WebSocket',
      {
        version: 1,
        backend: 'oktell',
        oktell: { address: sim.url, webApiUser: '', webApiPassword: '', dialVia: 'server', clientPort: 4059, callerBy: 'login', callerValue: '', direction: 'auto', sequence: 'direct', userLogin: 'operator', userPassword: 'Secret-1', wsPort: sim.port },
      },
      () => sim.waitFor(() => sim.frameCount('subscribeevent') > 0, 10_000),
      (i, number) => sim.ring(number, `Bench caller ${i}`),
      () => sim.missed(),
    );
  } finally {
    await sim.close();
  }
}

async function benchRander() {
  const sim = await startRanderSim();
  try {
    await benchPush(
      'RanderWEB SignalR',
      { version: 1, backend: 'rander', rander: { address: sim.url, username: 'admin', password: '1234', extension: '103', hub: 'randerHub' } },
      () => sim.waitFor(() => sim.invocations.find((i) => i.method === 'SetMyExtension' && i.error === null), 10_000),
      (i, number) => sim.ring({ from: number, name: `Bench caller ${i}`, to: '103' }),
      () => sim.hangup(undefined, 'remote'),
    );
  } finally {
    await sim.close();
  }
}

function bundleSizes() {
  for (const browser of ['chrome', 'firefox']) {
    const dir = resolve(import.meta.dirname, '../../dist', browser);
    const files = sizes(dir);
    const total = files.reduce((s, f) => s + f.bytes, 0);
    const js = files.filter((f) => f.file.endsWith('.js')).sort((a, b) => b.bytes - a.bytes);
    console.log(`\nbundle ${browser}: ${kb(total)} in ${files.length} files`);
    for (const f of js) console.log(`  ${f.file.padEnd(48)} ${kb(f.bytes)}`);
  }
  for (const f of sizes(resolve(import.meta.dirname, '../../dist')).filter((f) => f.file.endsWith('.zip') && !f.file.includes('/'))) {
    console.log(`zip ${f.file}: ${kb(f.bytes)}`);
  }
}

async function main() {
  const only = process.argv[2];
  if (!only || only === 'grandstream') await benchGrandstream();
  if (!only || only === 'asterisk') await benchAsterisk();
  if (!only || only === 'oktell') await benchOktell();
  if (!only || only === 'rander') await benchRander();
  if (!only || only === 'detect') {
    await benchDetection();
    await benchHeldOut();
  }
  if (!only || only === 'linkify') await benchLinkify();
  bundleSizes();
}

await main();
