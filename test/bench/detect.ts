// Detection cost, side by side with libphonenumber-js (issue 5, item 6): ms per 100 KB of visible
// text for findPhoneNumbers and for libphonenumber-js findNumbers on the same text, an adversarial
// megabyte of digits and separators, and what each adds to the content script (minified and gzip).
// Bar (DESIGN.md): ≤ 10 ms per 100 KB. Called from test/bench/run.ts; alone:
//   npx tsx -e "import('./test/bench/detect.ts').then(m => m.benchDetection())"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { findNumbers as findNumbersMax } from 'libphonenumber-js/max';
import { findNumbers as findNumbersMin } from 'libphonenumber-js/min';
import { findPhoneNumbers } from '../../src/core/phone/detect.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PAGES = join(ROOT, 'test/fixtures/pages');
const TARGET_BYTES = 1024 * 1024;
const BAR_MS_PER_100KB = 10;

// ---------------------------------------------------------------------------------------------
// Text

/** Deterministic PRNG (mulberry32) so that every run measures the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Russian and international page text from templates: CRM rows, invoices, contacts, tickets, news. */
export function generatedText(bytes = TARGET_BYTES, seed = 5): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const dig = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const area = () => pick(['495', '499', '812', '343', '383', '846', '861', '4912', '8442', '3812']);
  const mob = () => `9${dig(2)}`;
  const sub7 = () => `${dig(3)}-${dig(2)}-${dig(2)}`;
  const ru = () =>
    pick([
      () => `+7 (${area()}) ${dig(3)}-${dig(2)}-${dig(2)}`,
      () => `8 (${mob()}) ${dig(3)}-${dig(2)}-${dig(2)}`,
      () => `+7${mob()}${dig(7)}`,
      () => `8-800-${dig(3)}-${dig(2)}-${dig(2)}`,
      () => `8\u00a0${mob()}\u00a0${dig(3)}\u2011${dig(2)}\u2011${dig(2)}`,
      () => `(${area().slice(0, 3)}) ${sub7()}`,
      () => `8${mob()}${dig(7)}`,
      () => sub7(),
    ])();
  const intl = () =>
    pick([
      () => `+44 20 ${dig(4)} ${dig(4)}`,
      () => `+1 (201) 555-0${dig(3)}`,
      () => `+49 30 ${dig(7)}`,
      () => `00 33 1 ${dig(2)} ${dig(2)} ${dig(2)} ${dig(2)}`,
      () => `+375 29 ${dig(3)}-${dig(2)}-${dig(2)}`,
    ])();
  const date = () => pick([`${dig(1)}1.11.2026`, `2026-0${dig(1).replace('0', '1')}-1${dig(1)}`, '21/11/26', '2019–2024']);
  const money = () => pick([`${dig(1)} ${dig(3)} ${dig(3)},${dig(2)} ₽`, `$${dig(1)},${dig(3)}.${dig(2)}`, `${dig(2)} 500 руб.`, `${dig(2)}%`]);
  const name = () => pick(['Иванов Иван', 'ООО «Ромашка»', 'Петрова А. С.', 'ИП Сидоров', 'John Smith', 'Müller GmbH', 'АО «Вектор»']);
  const templates: (() => string)[] = [
    () => `${name()}\t${ru()}\t${date()}\tМенеджер: ${name()}\tСтатус: новый\n`,
    () => `Счёт № ${dig(4)} от ${date()}. Поставщик: ${name()}, ИНН ${dig(10)}, КПП ${dig(9)}, р/с ${dig(20)}, к/с 301${dig(17)}, БИК 04${dig(7)}. Сумма: ${money()}. Тел.: ${ru()}\n`,
    () => `Контакты. Адрес: 123456, г. Москва, ул. Ленина, д. ${dig(2)}, офис ${dig(3)}. Телефон: ${ru()} доб. ${dig(3)}, факс ${ru()}. Email: info@example.ru. Режим работы 9:00–18:00.\n`,
    () => `Заявка #${dig(5)} (${date()} ${dig(2)}:${dig(2)}): клиент просит перезвонить на ${ru()}, заказ № ${dig(8)}, трек-номер ${dig(14)}. Вн. ${dig(3)}.\n`,
    () => `В ${dig(1)} квартале ${date()} выручка выросла на ${money()} и составила ${money()}; версия 2.${dig(1)}.${dig(2)}, сервер 10.${dig(1)}.${dig(2)}.${dig(2)}, координаты 55.${dig(6)}, 37.${dig(6)}.\n`,
    () => `Office: ${intl()}, fax ${intl()}. Order ${dig(7)} shipped ${date()}, invoice INV-${dig(6)}, total ${money()}. Call us at ${intl()} ext. ${dig(2)}.\n`,
    () => `Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Съешь же ещё этих мягких французских булок да выпей чаю.\n`,
    () => `ОГРН ${dig(13)}, ОКПО ${dig(8)}, СНИЛС ${dig(3)}-${dig(3)}-${dig(3)} ${dig(2)}, карта 4276 ${dig(4)} ${dig(4)} ${dig(4)}, IBAN DE89 3704 0044 0532 0130 00.\n`,
  ];
  let out = '';
  while (out.length < bytes) out += pick(templates)();
  return out;
}

function pageText(html: string): string {
  return html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d|table|section|article|header|footer)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&thinsp;/g, '\u2009')
    .replace(/&ndash;/g, '–')
    .replace(/&mdash;/g, '—')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** The corpus pages' text when the corpus exists (repeated to ~1 MB), else generated text. */
export function benchText(): { text: string; source: string } {
  if (existsSync(PAGES)) {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(html?|txt)$/i.test(name)) files.push(p);
      }
    };
    walk(PAGES);
    const texts = files.map((f) => (f.endsWith('.txt') ? readFileSync(f, 'utf8') : pageText(readFileSync(f, 'utf8'))));
    const one = texts.join('\n');
    if (one.length > 2000) {
      let text = one;
      while (text.length < TARGET_BYTES) text += '\n' + one;
      return { text, source: `${files.length} corpus pages (${relative(ROOT, PAGES)}), ${(one.length / 1024).toFixed(0)} KB repeated` };
    }
  }
  return { text: generatedText(), source: 'generated RU + international page text' };
}

/** 1 MB of digits and separators: the input a backtracking matcher would choke on. */
export function adversarialText(bytes = TARGET_BYTES): string {
  const rnd = prng(7);
  const alphabet = '0123456789012345678901234567890123456789 -.()/+\u00a0–';
  let s = '';
  while (s.length < bytes) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Timing

/**
 * ms per 100 KB: the fastest of several timed passes after a warm-up (JIT, lazy regexes). The
 * fastest pass is the least disturbed by other work on the machine; the median is printed beside it.
 */
function msPer100KB(fn: () => unknown[], text: string, passes = 7): { ms: number; median: number; found: number } {
  const found = fn().length;
  fn();
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const kb100 = text.length / (100 * 1024);
  return { ms: times[0]! / kb100, median: times[Math.floor(times.length / 2)]! / kb100, found };
}

// ---------------------------------------------------------------------------------------------
// Bundle size: a tiny content-script entry built with vite's own build (rolldown), minified.

async function buildEntry(name: string, source: string): Promise<{ code: string; bytes: number; gzip: number }> {
  const { build } = await import('vite');
  const dir = join(ROOT, '.tmp', 'bench-detect');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  try {
    const result = await build({
      configFile: false,
      root: ROOT,
      publicDir: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: { entry, formats: ['es'], fileName: name },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as { output: { type: string; code?: string }[] }[];
    const code = outputs.flatMap((o) => o.output).filter((c) => c.type === 'chunk').map((c) => c.code ?? '').join('\n');
    return { code, bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(entry, { force: true });
  }
}

/**
 * A content script meets its first page cold: the built module is loaded in a fresh Node process
 * and times its first pass over 100 KB of the text (interpreter and JIT warm-up included).
 */
function coldStart(name: string, code: string, text: string, call: string): { load: number; first: number } {
  const dir = join(ROOT, '.tmp', 'bench-detect');
  const modulePath = join(dir, `${name}.mjs`);
  const textPath = join(dir, 'cold-text.txt');
  writeFileSync(modulePath, code);
  writeFileSync(textPath, text.slice(0, 100 * 1024));
  const script = `
    import { readFileSync } from 'node:fs';
    const text = readFileSync(${JSON.stringify(textPath)}, 'utf8');
    const t0 = performance.now();
    const { find } = await import(${JSON.stringify(pathToFileURL(modulePath).href)});
    const t1 = performance.now();
    ${call};
    const t2 = performance.now();
    console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1 }));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  try {
    return JSON.parse(out.stdout.trim()) as { load: number; first: number };
  } finally {
    rmSync(modulePath, { force: true });
    rmSync(textPath, { force: true });
  }
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;

export async function benchDetection(): Promise<void> {
  const texts = [benchText()];
  if (!texts[0]!.source.startsWith('generated')) texts.push({ text: generatedText(), source: 'generated RU + international page text' });
  const row = (label: string, r: { ms: number; median: number; found: number }) =>
    console.log(
      `  ${label.padEnd(36)} ${r.ms.toFixed(2).padStart(7)} ms / 100 KB (median ${r.median.toFixed(2).padStart(6)})   ${String(r.found).padStart(6)} numbers`,
    );
  let worst = 0;
  for (const { text, source } of texts) {
    console.log(`\nNumber detection — ${(text.length / 1024).toFixed(0)} KB of ${source}, region RU`);
    const ours = msPer100KB(() => findPhoneNumbers(text, { region: 'RU' }), text);
    row('findPhoneNumbers (Ringside)', ours);
    row('libphonenumber-js/min findNumbers', msPer100KB(() => findNumbersMin(text, { defaultCountry: 'RU', v2: true }), text, 3));
    row('libphonenumber-js/max findNumbers', msPer100KB(() => findNumbersMax(text, { defaultCountry: 'RU', v2: true }), text, 3));
    worst = Math.max(worst, ours.ms);
  }
  console.log(`  bar ≤ ${BAR_MS_PER_100KB} ms / 100 KB: ${worst <= BAR_MS_PER_100KB ? 'met' : 'NOT MET'} (${worst.toFixed(2)})`);

  // No catastrophic backtracking: the first (cold) pass and the best warm pass over a megabyte of
  // digits, separators, "+" and parentheses.
  const bad = adversarialText();
  const t0 = performance.now();
  findPhoneNumbers(bad, { region: 'RU' });
  const cold = performance.now() - t0;
  const warm = msPer100KB(() => findPhoneNumbers(bad, { region: 'RU' }), bad, 3);
  console.log(
    `  adversarial 1 MB of digits and separators: ${warm.ms.toFixed(2)} ms / 100 KB warm, ${cold.toFixed(0)} ms for the first (cold) pass, ${warm.found} numbers`,
  );

  const entries = [
    ['findPhoneNumbers (Ringside)', `export { findPhoneNumbers as find } from '${join(ROOT, 'src/core/phone/detect.ts')}';\n`, "find(text, { region: 'RU' })"],
    ['libphonenumber-js/min findNumbers', "export { findNumbers as find } from 'libphonenumber-js/min';\n", "find(text, { defaultCountry: 'RU', v2: true })"],
    ['libphonenumber-js/max findNumbers', "export { findNumbers as find } from 'libphonenumber-js/max';\n", "find(text, { defaultCountry: 'RU', v2: true })"],
  ] as const;
  console.log('  what it adds to the content script (vite build, minified), and a cold first 100 KB in a fresh process:');
  for (const [label, src, call] of entries) {
    const name = label.replace(/\W+/g, '-');
    const built = await buildEntry(name, src);
    const cold = coldStart(name, built.code, texts[0]!.text, call);
    console.log(
      `    ${label.padEnd(34)} ${kb(built.bytes).padStart(9)}   gzip ${kb(built.gzip).padStart(8)}   ` +
        `load ${cold.load.toFixed(1).padStart(5)} ms, first 100 KB ${cold.first.toFixed(1).padStart(6)} ms`,
    );
  }
}
