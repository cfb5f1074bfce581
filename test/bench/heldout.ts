// Held-out measurement of phone-number detection (issue 5): findPhoneNumbers on the pages in
// test/fixtures/pages-heldout, which the detector was never tuned on (test/fixtures/pages is the
// tuning corpus and scores 1.0 there). Same visible text and the same matching as
// test/unit/core/phone/corpus.test.ts: found numbers are aligned with the labels in document order
// (longest common subsequence), a local label matches a number completed with an area code, and a
// German direct-dial suffix may come back as number + extension. Prints precision, recall and each
// page's misses and false positives. A measurement for `npm run bench`, not a pass/fail test.
//
//   npx tsx -e "import('./test/bench/heldout.ts').then(m => m.benchHeldOut())"

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPhoneNumbers } from '../../src/core/phone/detect.ts';
import { align, describeExpected, describeFound, loadPages as loadCorpusPages, type Page } from '../unit/core/phone/corpusScoring.ts';

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/pages-heldout');

const loadPages = () => loadCorpusPages(PAGES_DIR);

function labelProblems(page: Page): string[] {
  const problems: string[] = [];
  let from = 0;
  for (const e of page.expected) {
    if (e.raw === undefined) continue;
    const at = page.text.indexOf(e.raw, from);
    if (at < 0) problems.push(`${page.name}: label «${e.raw}» not in the visible text after offset ${from}`);
    else from = at + e.raw.length;
  }
  return problems;
}

export async function benchHeldOut(): Promise<void> {
  const pages = loadPages();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const lines: string[] = [];
  const problems = pages.flatMap(labelProblems);
  const started = performance.now();
  for (const page of pages) {
    const found = findPhoneNumbers(page.text, { region: page.region });
    const { missed, extra } = align(page.expected, found);
    const pageTp = page.expected.length - missed.length;
    tp += pageTp;
    fn += missed.length;
    fp += extra.length;
    const status = missed.length === 0 && extra.length === 0 ? 'ok' : `missed ${missed.length}, false positives ${extra.length}`;
    lines.push(`  ${page.name} (${page.region}): expected ${page.expected.length}, found ${found.length}, matched ${pageTp} — ${status}`);
    for (const e of missed) lines.push(`      miss  ${describeExpected(e)}`);
    for (const f of extra) lines.push(`      extra ${describeFound(f)}`);
  }
  const ms = performance.now() - started;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  console.log(
    [
      `phone detection, held-out pages (test/fixtures/pages-heldout): ${pages.length} pages, ${tp + fn} expected numbers`,
      `  TP ${tp}  FP ${fp}  FN ${fn}  precision ${precision.toFixed(4)}  recall ${recall.toFixed(4)}  F1 ${f1.toFixed(4)}  (${ms.toFixed(0)} ms)`,
      ...lines,
      ...(problems.length > 0 ? ['  label problems:', ...problems.map((p) => `    ${p}`)] : []),
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchHeldOut();
}
