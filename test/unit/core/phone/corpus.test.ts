// Labelled corpus (issue 5 item 5): realistic pages in test/fixtures/pages with the numbers a person
// expects Ringside to make clickable. Detection runs on each page's visible text (visibleText.ts);
// found numbers are matched against the labels in document order and precision and recall are
// scored over the whole corpus. Both must be at least 0.97. Labelling rules:
// test/fixtures/pages/README.md.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPhoneNumbers } from '../../../../src/core/phone/detect.ts';
import { align, describeExpected, describeFound, loadPages } from './corpusScoring.ts';
import { visibleText } from './visibleText.ts';

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/pages');
const BAR = 0.97;

const loadCorpus = () => loadPages(PAGES_DIR);

const corpus = loadCorpus();

describe('visibleText (the text a linkifier searches)', () => {
  it('joins inline markup, keeps NBSP and thin spaces, separates blocks by newlines', () => {
    const html = '<div><b>+7</b> (495)&nbsp;123&thinsp;45-67</div><p>one<br>two</p><table><tr><td>a</td><td>b</td></tr></table>';
    expect(visibleText(html)).toBe('+7 (495)\u00a0123\u200945-67\none\ntwo\na\nb');
  });

  it('leaves out skipped, hidden and opted-out text', () => {
    const html = [
      '<p>keep 1</p>',
      '<script>var a = "+74951234567"</script><style>.x{}</style>',
      '<pre>pre</pre><code>code</code><textarea>ta</textarea><input value="in"><button>btn</button>',
      '<select><option>opt</option></select><svg><text>svg</text></svg>',
      '<a href="tel:+74951234567">link</a><a name="x">anchor without href</a>',
      '<div contenteditable="true">editable</div><div contenteditable="false">not editable</div>',
      '<div hidden>hidden</div><div aria-hidden="true">aria</div><div style="display: none">none</div>',
      '<div style="visibility:hidden">invisible</div>',
      '<div data-ringside="off"><p>opt-out attribute</p></div><div class="a ringside-off">opt-out class</div>',
      '<div class="ringside-offset">keep 2</div>',
      '<p>12<span style="display:none">99</span>34</p>',
    ].join('');
    expect(visibleText(html)).toBe('keep 1\nanchor without href\nnot editable\nkeep 2\n1234');
  });
});

describe('labelled corpus of pages', () => {
  it('has at least 30 pages and 300 expected numbers', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const total = corpus.reduce((sum, page) => sum + page.expected.length, 0);
    expect(total).toBeGreaterThanOrEqual(300);
  });

  it('labels are well formed and each labelled number is in the visible text, in order', () => {
    const problems: string[] = [];
    for (const page of corpus) {
      let from = 0;
      if (!/^[A-Z]{2}$/.test(page.region)) problems.push(`${page.name}: region ${page.region}`);
      for (const e of page.expected) {
        if (e.e164 === undefined && e.digits === undefined) problems.push(`${page.name}: label without e164 or digits`);
        if (e.e164 !== undefined && !/^\+[1-9]\d{6,14}$/.test(e.e164)) problems.push(`${page.name}: bad e164 ${e.e164}`);
        if (e.digits !== undefined && !/^\d{2,15}$/.test(e.digits)) problems.push(`${page.name}: bad digits ${e.digits}`);
        if (e.extension !== undefined && !/^\d{1,6}$/.test(e.extension)) problems.push(`${page.name}: bad extension ${e.extension}`);
        if (e.raw === undefined) continue;
        const at = page.text.indexOf(e.raw, from);
        if (at < 0) problems.push(`${page.name}: «${e.raw}» not found in the visible text after offset ${from}`);
        else from = at + e.raw.length;
      }
    }
    expect(problems).toEqual([]);
  });

  it(`scores precision and recall of at least ${BAR}`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const rows: string[] = [];
    const errorsByPage: { name: string; errors: number }[] = [];
    for (const page of corpus) {
      const found = findPhoneNumbers(page.text, { region: page.region });
      const { missed, extra } = align(page.expected, found);
      const pageTp = page.expected.length - missed.length;
      tp += pageTp;
      fn += missed.length;
      fp += extra.length;
      if (missed.length > 0 || extra.length > 0) {
        errorsByPage.push({ name: page.name, errors: missed.length + extra.length });
        rows.push(
          `${page.name} (${page.region}): expected ${page.expected.length}, found ${found.length}, ` +
            `missed ${missed.length}, false positives ${extra.length}`,
        );
        for (const e of missed) rows.push(`    miss  ${describeExpected(e)}`);
        for (const f of extra) rows.push(`    extra ${describeFound(f)}`);
      }
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    console.log(
      [
        `corpus: ${corpus.length} pages, ${tp + fn} expected numbers`,
        `TP ${tp}  FP ${fp}  FN ${fn}  precision ${precision.toFixed(4)}  recall ${recall.toFixed(4)}`,
        ...(rows.length > 0 ? ['pages with misses or false positives:', ...rows] : ['no misses, no false positives']),
        ...(errorsByPage.length > 0
          ? [
              'worst pages: ' +
                [...errorsByPage]
                  .sort((a, b) => b.errors - a.errors)
                  .slice(0, 5)
                  .map((p) => `${p.name} (${p.errors})`)
                  .join(', '),
            ]
          : []),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(BAR);
    expect(recall).toBeGreaterThanOrEqual(BAR);
  });
});
