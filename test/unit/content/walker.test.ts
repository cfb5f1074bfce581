// @vitest-environment happy-dom
// The walk over a page: which text is read, which is skipped, how inline pieces join into one
// block, and shadow roots.
import { beforeEach, describe, expect, it } from 'vitest';
import { blockContainerOf, collectBlocks, walkBlocks } from '../../../src/content/walker.ts';
import { isInSkippedSubtree, pageOptedOut } from '../../../src/content/skip.ts';

const texts = (root: Node = document.body, includeAll = false) => collectBlocks(root, { includeAll }).map((b) => b.text);

beforeEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('the walk', () => {
  it('joins a number split across inline elements into one block', () => {
    document.body.innerHTML = '<p>Склад: <b>+7</b> (495) <span>765-43-21</span></p>';
    const [block] = collectBlocks(document.body);
    expect(block?.text).toBe('Склад: +7 (495) 765-43-21');
    expect(block?.nodes.map((n) => n.data)).toEqual(['Склад: ', '+7', ' (495) ', '765-43-21']);
    expect(block?.starts).toEqual([0, 7, 9, 16]);
  });

  it('separates text at block elements, table cells, list items and <br>', () => {
    document.body.innerHTML =
      '<div>a 1<div>b 2</div>c 3</div><table><tr><td>+7</td><td>495 123</td></tr></table><ul><li>x 4</li><li>y 5</li></ul><p>d 6<br>e 7</p>';
    expect(texts()).toEqual(['a 1', 'b 2', 'c 3', '+7', '495 123', 'x 4', 'y 5', 'd 6', 'e 7']);
  });

  it('reads no code, form fields, buttons, scripts, editors, links or SVG', () => {
    document.body.innerHTML = `
      <pre>1 pre</pre><code>2 code</code><textarea>3 textarea</textarea><input value="4 input">
      <select><option>5 option</option></select><button>6 button</button><script>var x = '7 script'</script>
      <style>.a{width:8px}</style><noscript>9 noscript</noscript><template><p>10 template</p></template>
      <div contenteditable="true">11 editor <b>12 bold in editor</b></div><div contenteditable="false">13 ce-false</div>
      <div role="textbox">14 aria textbox</div><a href="/x">15 link</a><svg><text>16 svg</text></svg>
      <math><mn>17</mn></math><p>18 prose</p>`;
    expect(texts()).toEqual(['18 prose']);
  });

  it('keeps an <a> without href (a named anchor) as inline text', () => {
    document.body.innerHTML = '<p>Тел.: <a name="t">+7 495</a> 123-45-67</p>';
    expect(texts()).toEqual(['Тел.: +7 495 123-45-67']);
  });

  it("respects the page author's opt-out on any ancestor: data-ringside=\"off\" or class ringside-off", () => {
    document.body.innerHTML =
      '<div data-ringside="off"><p>1 off</p><section><p>2 deep</p></section></div><div class="card ringside-off">3 class</div><div data-ringside="on">4 on</div>';
    expect(texts()).toEqual(['4 on']);
    const deep = document.querySelector('section p')!.firstChild!;
    expect(isInSkippedSubtree(deep)).toBe(true);
  });

  it('says when a whole page opts out (designMode, <html>/<body> attribute, format-detection meta)', () => {
    expect(pageOptedOut(document)).toBe(false);
    document.body.setAttribute('data-ringside', 'off');
    expect(pageOptedOut(document)).toBe(true);
    document.body.removeAttribute('data-ringside');
    document.head.innerHTML = '<meta name="format-detection" content="telephone=no, email=no">';
    expect(pageOptedOut(document)).toBe(true);
  });

  it('reports open shadow roots and does not read them as part of the host', () => {
    document.body.innerHTML = '<p>before 1</p><div id="host">light 2</div>';
    const host = document.getElementById('host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Shadow: <i>+7 (495) 222-33-44</i></p>';
    const found: ShadowRoot[] = [];
    const blocks = collectBlocks(document.body, { onShadowRoot: (r) => found.push(r) }).map((b) => b.text);
    expect(found).toEqual([shadow]);
    expect(blocks).toEqual(['before 1', 'light 2']);
    expect(texts(shadow)).toEqual(['Shadow: +7 (495) 222-33-44']);
  });

  it('crosses nothing inside a shadow root that is skipped', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div data-ringside="off"><p>1 off</p></div><p>2 on</p>';
    expect(texts(shadow)).toEqual(['2 on']);
    expect(isInSkippedSubtree(shadow.querySelector('p')!.firstChild!)).toBe(true);
    // The opt-out of a host's ancestor reaches into its shadow root.
    document.body.setAttribute('data-ringside', 'off');
    expect(isInSkippedSubtree(shadow.querySelectorAll('p')[1]!.firstChild!)).toBe(true);
    document.body.removeAttribute('data-ringside');
  });

  it('yields only blocks with digits, unless asked for all (a rescan clears old marks)', () => {
    document.body.innerHTML = '<p>no digits here</p><p>call 1</p>';
    expect(texts()).toEqual(['call 1']);
    expect(texts(document.body, true)).toEqual(['no digits here', 'call 1']);
  });

  it('yields ticks on long stretches without numbers, so a caller can keep to its time budget', () => {
    document.body.innerHTML = '<p>x</p>'.repeat(700) + '<p>1</p>';
    const steps = [...walkBlocks(document.body)];
    expect(steps.filter((s) => s === null).length).toBeGreaterThan(2);
    expect(steps.filter((s) => s !== null).map((b) => b!.text)).toEqual(['1']);
  });

  it('ends early and says so when the page removes the part being walked', () => {
    document.body.innerHTML = '<div id="list">' + '<p>x</p>'.repeat(600) + '</div>';
    const walk = walkBlocks(document.body);
    walk.next();
    document.getElementById('list')!.remove();
    let step = walk.next();
    while (!step.done) step = walk.next();
    expect(step.value.interrupted).toBe(true);
  });

  it('rescans from the nearest block so a number completed by an added inline piece is whole', () => {
    document.body.innerHTML = '<div><p id="p"><b>+7</b> (495)</p></div>';
    const span = document.createElement('span');
    span.textContent = ' 123-45-67';
    document.getElementById('p')!.append(span);
    expect(blockContainerOf(span.firstChild!)).toBe(document.getElementById('p'));
    // Directly under <body>: the piece alone, not the whole page.
    const loose = document.createTextNode('8 800 555-35-35');
    document.body.append(loose);
    expect(blockContainerOf(loose)).toBeUndefined();
  });
});
