// Clickable numbers in real Chromium with the built extension (issue 5 §6, DESIGN.md quality bars):
//  1. a generated 5 MB page with 20,000 numbers: time until all are marked, and the longest long
//     task (PerformanceObserver 'longtask'; bar: none over 50 ms);
//  2. 1,000 table rows inserted into a page: time until they are marked, and long tasks;
//  3. the size of what the content script loads (raw and gzip).
// Long tasks are counted from the moment Ringside starts on the page, which is switched on (the
// per-site switch, through storage) only after the page has loaded and gone quiet: the page's own
// parsing and first layout of 5 MB are not Ringside's. Each scenario also runs with Ringside off
// for the site, as a baseline of what the page costs by itself.
// Run on its own: npx tsx test/bench/linkify.ts (after npm run build).
import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Worker } from 'playwright-core';
import { CHROME_DIST, launchWithExtension, type ExtensionBrowser } from '../e2e/chromium.ts';

const NUMBERS = Number(process.env.BENCH_LINKIFY_NUMBERS ?? 20_000);
const PAGE_BYTES = Number(process.env.BENCH_LINKIFY_BYTES ?? 5 * 1024 * 1024);
const ROWS = Number(process.env.BENCH_LINKIFY_ROWS ?? 1000);
const LONG_TASK_BAR_MS = 50;

const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;

// --- pages --------------------------------------------------------------------------------------

const FILLER = [
  'Договор поставки № 2024/17 от 12.03.2024, сумма 1 250 000,00 ₽, НДС 20 %.',
  'ИНН 7707083893, КПП 770701001, р/с 40702810938000123456, БИК 044525225.',
  'Заказ отгружен 15.04.2024 в 14:30, трек-номер RA123456789RU, вес 12,5 кг.',
  'Ответственный менеджер уточнит условия доставки и оплаты в течение дня.',
  'Версия 2.14.3 от 2023-11-02; координаты склада 55.7558, 37.6173.',
];

const NAMES = ['Иванова Анна', 'Петров Олег', 'ООО «Ромашка»', 'Сидоров И. П.', 'ИП Кузнецова', 'АО «Вектор»', 'Смирнов Д.', 'ООО «Альфа-Строй»'];

function phone(i: number): string {
  const n = String(1_000_000 + (i % 9_000_000)).slice(-7);
  const [a, b, c] = [n.slice(0, 3), n.slice(3, 5), n.slice(5, 7)];
  switch (i % 4) {
    case 0:
      return `+7 (495) ${a}-${b}-${c}`;
    case 1:
      return `8 800 ${a}-${b}-${c}`;
    case 2:
      return `+7 916 ${a} ${b} ${c}`;
    default:
      return `8 (812) ${a}-${b}-${c}`;
  }
}

/** ~PAGE_BYTES of a CRM-like page: tables and prose, NUMBERS phone numbers among dates, sums and requisites. */
export function bigPage(numbers = NUMBERS, bytes = PAGE_BYTES): string {
  const head = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Bench</title>${LONG_TASK_PROBE}</head><body>`;
  const parts: string[] = [head];
  let size = Buffer.byteLength(head);
  for (let i = 0; i < numbers; i++) {
    const filler = FILLER[i % FILLER.length]!;
    if (i % 500 === 0) parts.push(i ? '</tbody></table>' : '', `<h2>Клиенты, часть ${i / 500 + 1}</h2><table><tbody>`);
    let chunk: string;
    if (i % 5 < 2) chunk = `<tr><td>${NAMES[i % NAMES.length]}</td><td><b>${phone(i)}</b></td><td>${filler}</td></tr>`;
    else chunk = `<tr><td colspan="3"><p>${NAMES[(i * 3) % NAMES.length]}: звоните ${phone(i)}. ${filler}</p></td></tr>`;
    // Pad with prose (multi-byte Cyrillic) to stay on course for the page's byte size.
    const due = Math.round(((i + 1) * (bytes - Buffer.byteLength(head) - 40)) / numbers) + Buffer.byteLength(head);
    const short = due - size - Buffer.byteLength(chunk);
    if (short > Buffer.byteLength(PROSE)) chunk = chunk.replace('</td></tr>', ` ${padding(short - 1)}</td></tr>`);
    size += Buffer.byteLength(chunk);
    parts.push(chunk);
  }
  parts.push('</tbody></table></body></html>');
  return parts.join('');
}

const PROSE = 'Прошу перезвонить после обеда, накладные приложены к письму. ';
function padding(bytes: number): string {
  let s = '';
  while (Buffer.byteLength(s) + Buffer.byteLength(PROSE) <= bytes) s += PROSE;
  return s;
}

/** A CRM list page with 100 rows; window.addRows(n) appends n rows with a number each. */
export function rowsPage(): string {
  const rows = Array.from({ length: 100 }, (_, i) => `<tr><td>Сделка ${i}</td><td>${phone(i)}</td><td>${FILLER[i % FILLER.length]}</td></tr>`).join('');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Rows</title>${LONG_TASK_PROBE}</head><body>
<table><tbody id="rows">${rows}</tbody></table>
<script>
  window.addRows = (n) => {
    const tbody = document.getElementById('rows');
    const html = [];
    for (let i = 0; i < n; i++) {
      const d = String(1000000 + i * 7).slice(-7);
      html.push('<tr><td>Новая сделка ' + i + '</td><td>+7 903 ' + d.slice(0, 3) + '-' + d.slice(3, 5) + '-' + d.slice(5) + '</td><td>Счёт № ' + (5000 + i) + ' от 01.02.2024 на 12 500,00 ₽</td></tr>');
    }
    tbody.insertAdjacentHTML('beforeend', html.join(''));
  };
</script></body></html>`;
}

/** Collects long tasks from page start; window.__longTasksSince(t) lists those starting at or after t. */
const LONG_TASK_PROBE = `<script>
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longTasks = null; }
  window.__longTasksSince = (t) => window.__longTasks === null ? null : window.__longTasks.filter((x) => x.start + x.duration > t);
  // Resolves with performance.now() when Ringside has marked at least 'target' numbers, or when
  // the count has not changed for 'quietMs' (what it reached is in the result).
  window.__markedBy = (target, quietMs) => new Promise((done) => {
    const count = () => Number(document.documentElement.getAttribute('data-ringside-count') ?? -1);
    let last = performance.now();
    let timer;
    const check = () => {
      if (count() >= target) { clearTimeout(timer); done({ at: performance.now(), count: count() }); return true; }
      return false;
    };
    const quiet = () => { timer = setTimeout(() => done({ at: last, count: count(), quiet: true }), quietMs); };
    if (check()) return;
    document.addEventListener('ringside:marked', () => { last = performance.now(); clearTimeout(timer); if (!check()) quiet(); });
    quiet();
  });
</script>`;

// --- harness ------------------------------------------------------------------------------------

interface LongTask {
  readonly start: number;
  readonly duration: number;
}

function serve(pages: Record<string, () => string>): Promise<{ server: Server; url: (path: string) => string }> {
  const cache = new Map<string, string>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const make = pages[path];
    if (!make) {
      res.writeHead(404).end();
      return;
    }
    const body = cache.get(path) ?? make();
    cache.set(path, body);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      done({ server, url: (path) => `http://127.0.0.1:${port}${path}` });
    }),
  );
}

function settingsFor(disabledSites: string[]) {
  // Any configured backend: the content script only works once Ringside can dial. Nothing listens
  // on the discard port; the background's connection errors do not touch the page.
  return {
    version: 1,
    backend: 'grandstream',
    grandstream: { address: 'http://127.0.0.1:9', password: 'bench', account: 1, pollIntervalMs: 5000 },
    pages: { linkify: true, takeOverLinks: true, disabledSites, region: 'RU' },
  };
}

const setSettings = (sw: Worker, value: object) => sw.evaluate((v) => chrome.storage.local.set({ settings: v }), value);

async function quiet(page: Page, ms: number): Promise<void> {
  await page.evaluate((wait) => new Promise((r) => setTimeout(r, wait)), ms);
}

function summarise(tasks: LongTask[] | null): string {
  if (tasks === null) return 'long tasks: not reported by this browser';
  if (tasks.length === 0) return 'long tasks: none';
  const longest = Math.max(...tasks.map((t) => t.duration));
  return `long tasks: ${tasks.length}, longest ${longest.toFixed(0)} ms`;
}

const longest = (tasks: LongTask[] | null) => (tasks && tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0);

/** Opens the page with Ringside off for the site, waits for quiet, switches the site on, times the marking. */
async function switchOnAndMeasure(ext: ExtensionBrowser, sw: Worker, url: string) {
  await setSettings(sw, settingsFor(['127.0.0.1']));
  const page = await ext.context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await quiet(page, 1500);
  const t0 = await page.evaluate(() => performance.now());
  // Until the count stops changing: detection may find more or fewer than were put in.
  const marked = page.evaluate((n) => (window as unknown as { __markedBy(n: number, q: number): Promise<{ at: number; count: number; quiet?: boolean }> }).__markedBy(n, 2000), Number.MAX_SAFE_INTEGER);
  await setSettings(sw, settingsFor([]));
  const result = await marked;
  await quiet(page, 300);
  const tasks = await page.evaluate((t) => (window as unknown as { __longTasksSince(t: number): LongTask[] | null }).__longTasksSince(t), t0);
  const editWith = await pageEditFrameMs(page);
  await setSettings(sw, settingsFor(['127.0.0.1']));
  await quiet(page, 500);
  const editWithout = await pageEditFrameMs(page);
  await page.close();
  return { ms: result.at - t0, count: result.count, tasks, editWith, editWithout };
}

/** The page changes a little (a clock ticking): how long its next frame takes, median of 5. */
async function pageEditFrameMs(page: Page): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    times.push(
      await page.evaluate(
        () =>
          new Promise<number>((done) => {
            const t0 = performance.now();
            document.body.append(document.createTextNode(' '));
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
          }),
      ),
    );
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** Loads the page with Ringside already on (or off): when all is marked, and long tasks after the load event. */
async function loadAndMeasure(ext: ExtensionBrowser, sw: Worker, url: string, on: boolean) {
  await setSettings(sw, settingsFor(on ? [] : ['127.0.0.1']));
  const page = await ext.context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const result = on
    ? await page.evaluate(() => (window as unknown as { __markedBy(n: number, q: number): Promise<{ at: number; count: number }> }).__markedBy(Number.MAX_SAFE_INTEGER, 2000))
    : { at: 0, count: 0 };
  await quiet(page, on ? 300 : 2000);
  const loaded = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
  const tasks = await page.evaluate((t) => (window as unknown as { __longTasksSince(t: number): LongTask[] | null }).__longTasksSince(t), loaded);
  const scroll = await scrollFrames(page);
  await page.close();
  return { ms: result.at - loaded, count: result.count, tasks, scroll };
}

/** Scrolls down 40 × 500 px, one step per frame: the longest frame and the long tasks meanwhile. */
async function scrollFrames(page: Page): Promise<{ longestFrame: number; tasks: LongTask[] | null }> {
  return page.evaluate(async () => {
    const w = window as unknown as { __longTasksSince(t: number): LongTask[] | null };
    const t0 = performance.now();
    let longest = 0;
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      window.scrollBy(0, 500);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      longest = Math.max(longest, performance.now() - start);
    }
    await new Promise((r) => setTimeout(r, 400));
    return { longestFrame: longest, tasks: w.__longTasksSince(t0) };
  });
}

async function insertRowsAndMeasure(ext: ExtensionBrowser, sw: Worker, url: string, on: boolean) {
  await setSettings(sw, settingsFor(on ? [] : ['127.0.0.1']));
  const page = await ext.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (on) await page.waitForFunction(() => Number(document.documentElement.getAttribute('data-ringside-count')) >= 100, undefined, { timeout: 30_000 });
  await quiet(page, 1000);
  const before = Number((await page.getAttribute('html', 'data-ringside-count')) ?? 0);
  const result = await page.evaluate(
    async ({ rows, before, on }) => {
      const w = window as unknown as { addRows(n: number): void; __markedBy(n: number, q: number): Promise<{ at: number; count: number }>; __longTasksSince(t: number): LongTask[] | null };
      const t0 = performance.now();
      const marked = on ? w.__markedBy(Number.MAX_SAFE_INTEGER, 2000) : Promise.resolve({ at: t0, count: before });
      w.addRows(rows);
      const inserted = performance.now();
      const done = await marked;
      await new Promise((r) => setTimeout(r, 300));
      return { insertMs: inserted - t0, ms: done.at - t0, count: done.count - before, tasks: w.__longTasksSince(t0) };
    },
    { rows: ROWS, before, on },
  );
  await page.close();
  return result;
}

/** The files of dist/chrome that the content script loads in every frame (manifest content_scripts). */
export function contentScriptSize(dist = CHROME_DIST): { files: { file: string; raw: number; gzip: number }[]; raw: number; gzip: number } {
  const manifest = JSON.parse(readFileSync(resolve(dist, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[]; css?: string[] }[] };
  const names = [...new Set((manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]))];
  const files = names.map((file) => {
    const path = resolve(dist, file);
    return { file, raw: statSync(path).size, gzip: gzipSync(readFileSync(path), { level: 9 }).length };
  });
  return { files, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

export async function benchLinkify(): Promise<void> {
  const big = bigPage();
  const { server, url } = await serve({ '/big.html': () => big, '/rows.html': rowsPage });
  const ext = await launchWithExtension();
  try {
    const sw = await ext.worker();
    console.log(`\nRingside benchmark: clickable numbers (Chromium, built extension, pages on 127.0.0.1)`);

    const cold = await switchOnAndMeasure(ext, sw, url('/big.html'));
    const bar = longest(cold.tasks) <= LONG_TASK_BAR_MS;
    console.log(
      `${kb(Buffer.byteLength(big))} page, ${NUMBERS} numbers: ${cold.count} marked in ${cold.ms.toFixed(0)} ms after switching Ringside on; ` +
        `${summarise(cold.tasks)} (bar: none over ${LONG_TASK_BAR_MS} ms) ${bar ? 'OK' : 'OVER'}`,
    );
    console.log(
      `  a small page edit afterwards: next frame ${cold.editWith.toFixed(0)} ms with the marks, ${cold.editWithout.toFixed(0)} ms without (the page's own cost)`,
    );

    const loadOn = await loadAndMeasure(ext, sw, url('/big.html'), true);
    const loadOff = await loadAndMeasure(ext, sw, url('/big.html'), false);
    console.log(
      `  the same page opened with Ringside on: ${loadOn.count} marked ${loadOn.ms.toFixed(0)} ms after its load event; after load with Ringside ${summarise(loadOn.tasks)}; ` +
        `without ${summarise(loadOff.tasks)}`,
    );
    console.log(
      `  scrolling it (40 × 500 px): longest frame ${loadOn.scroll.longestFrame.toFixed(0)} ms with the marks, ${loadOff.scroll.longestFrame.toFixed(0)} ms without; ` +
        `with Ringside ${summarise(loadOn.scroll.tasks)}; without ${summarise(loadOff.scroll.tasks)}`,
    );

    const off = await insertRowsAndMeasure(ext, sw, url('/rows.html'), false);
    const on = await insertRowsAndMeasure(ext, sw, url('/rows.html'), true);
    console.log(
      `${ROWS} table rows inserted: ${on.count} marked ${on.ms.toFixed(0)} ms after the insert (the page's own insert took ${on.insertMs.toFixed(0)} ms); ` +
        `with Ringside ${summarise(on.tasks)}; without ${summarise(off.tasks)} (bar: none over ${LONG_TASK_BAR_MS} ms beyond the page's own) ` +
        `${longest(on.tasks) <= Math.max(LONG_TASK_BAR_MS, longest(off.tasks)) ? 'OK' : 'OVER'}`,
    );

    const size = contentScriptSize();
    console.log(`content script (loaded in every frame): ${kb(size.raw)}, ${kb(size.gzip)} gzip`);
    for (const f of size.files) console.log(`  ${f.file.padEnd(40)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gzip`);
  } finally {
    await ext.close();
    server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await benchLinkify();
