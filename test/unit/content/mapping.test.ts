// @vitest-environment happy-dom
// From a span of a block's joined text back to (text node, offset) ranges, and detection over a
// block in windows.
import { describe, expect, it } from 'vitest';
import { fragmentsText, spanToFragments } from '../../../src/content/mapping.ts';
import { dialTargetOf, findInText, OVERLAP, WINDOW } from '../../../src/content/scan.ts';
import { collectBlocks } from '../../../src/content/walker.ts';
import type { FoundNumber } from '../../../src/core/phone/types.ts';
import { testDetect } from './helpers.ts';

function blockOf(html: string) {
  document.body.innerHTML = html;
  return collectBlocks(document.body)[0]!;
}

describe('span → ranges', () => {
  it('maps a span inside one text node', () => {
    const block = blockOf('<p>Офис: +7 (495) 123-45-67, звоните</p>');
    const [found] = testDetect(block.text);
    const fragments = spanToFragments(block, found!.start, found!.end);
    expect(fragments).toHaveLength(1);
    expect(fragments[0]).toMatchObject({ start: 6, end: 24 });
    expect(fragmentsText(fragments)).toBe('+7 (495) 123-45-67');
  });

  it('maps a span across inline elements to one range per text node', () => {
    const block = blockOf('<p>Склад: <b>+7</b> (495) <span>765-43-21</span> круглосуточно</p>');
    const [found] = testDetect(block.text);
    const fragments = spanToFragments(block, found!.start, found!.end);
    expect(fragments.map((f) => [f.node.data, f.start, f.end])).toEqual([
      ['+7', 0, 2],
      [' (495) ', 0, 7],
      ['765-43-21', 0, 9],
    ]);
    expect(fragmentsText(fragments)).toBe('+7 (495) 765-43-21');
  });

  it('starts in the next node when a span begins exactly at a node boundary, and skips empty pieces', () => {
    const block = blockOf('<p>Тел.:<b></b><i>8 800 555-35-35</i></p>');
    const [found] = testDetect(block.text);
    const fragments = spanToFragments(block, found!.start, found!.end);
    expect(fragments.map((f) => f.node.data)).toEqual(['8 800 555-35-35']);
    expect(spanToFragments(block, 3, 3)).toEqual([]);
  });

  it('covers partial first and last nodes', () => {
    const block = blockOf('<p>a1<b>cd</b>ef</p>');
    expect(spanToFragments(block, 1, 5).map((f) => [f.node.data, f.start, f.end])).toEqual([
      ['a1', 1, 2],
      ['cd', 0, 2],
      ['ef', 0, 1],
    ]);
  });
});

describe('detection over a long block', () => {
  it('finds every number once across window edges', () => {
    const numbers: string[] = [];
    let text = '';
    for (let i = 0; text.length < WINDOW * 3 + 500; i++) {
      const n = `+7 (495) ${String(100 + (i % 900))}-${String(10 + (i % 90))}-${String(10 + ((i * 7) % 90))}`;
      numbers.push(n);
      text += `строка ${i}: ${n}; `;
    }
    const found = findInText(text, testDetect);
    expect(found.map((f) => f.raw)).toEqual(numbers);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.raw);
  });

  it('does not cut a number that straddles a window edge', () => {
    const pad = 'x'.repeat(WINDOW - 8);
    const text = `${pad} +7 (495) 123-45-67 ${'y'.repeat(WINDOW + OVERLAP)}`;
    const found = findInText(text, testDetect);
    expect(found.map((f) => f.raw)).toEqual(['+7 (495) 123-45-67']);
    expect(found[0]!.start).toBe(pad.length + 1);
  });
});

describe('what a click dials', () => {
  const base: FoundNumber = { start: 0, end: 5, raw: '12345', kind: 'local', digits: '1234567' };

  it('sends E.164 when detection knows the country, else the digits, and the extension', () => {
    expect(dialTargetOf({ ...base, kind: 'national', e164: '+74951234567', digits: '84951234567', raw: '8 495 123-45-67 доб. 12', extension: '12' })).toEqual({
      number: '+74951234567',
      extension: '12',
      raw: '8 495 123-45-67 доб. 12',
    });
    expect(dialTargetOf(base)).toEqual({ number: '1234567', raw: '12345' });
    expect(dialTargetOf({ ...base, kind: 'short', digits: '*72' })?.number).toBe('*72');
  });

  it('refuses what is not a dial string (detection bug, hostile text)', () => {
    expect(dialTargetOf({ ...base, digits: '12 34' })).toBeUndefined();
    expect(dialTargetOf({ ...base, digits: '1' })).toBeUndefined();
    expect(dialTargetOf({ ...base, digits: '1'.repeat(30) })).toBeUndefined();
    expect(dialTargetOf({ ...base, extension: '12;x' })).toEqual({ number: '1234567', raw: '12345' });
  });
});
