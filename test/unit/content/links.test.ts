// @vitest-environment happy-dom
// tel:, callto:, sip: links: a trusted click dials through Ringside and the OS handler stays shut;
// scripts, modifier keys, other buttons, links without a number and disabled settings leave
// the link alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkTarget, watchLinks } from '../../../src/content/links.ts';
import type { DialTarget } from '../../../src/content/scan.ts';
import { trusted } from './helpers.ts';

describe('what a dial link asks to call', () => {
  it.each([
    ['tel:+74951234567', { number: '+74951234567' }],
    ['tel:+7-495-123-45-67', { number: '+74951234567' }],
    ['TEL:8%20(495)%20123-45-67', { number: '84951234567' }],
    ['tel:+1-201-555-0123;ext=1234', { number: '+12015550123', extension: '1234' }],
    ['tel:+74951234567;postd=pp22', { number: '+74951234567' }],
    ['tel:+74951234567,123', { number: '+74951234567', extension: '123' }],
    ['callto:+74951112244', { number: '+74951112244' }],
    ['callto://+74951112244', { number: '+74951112244' }],
    ['sip:+74951112255@pbx.example;user=phone', { number: '+74951112255' }],
    ['sips:101@pbx.office.local', { number: '101' }],
    ['sip:alice@pbx.example', undefined],
    ['callto:skype.user', undefined],
    ['mailto:a@b.c', undefined],
    ['tel:', undefined],
  ])('%s', (href, expected) => {
    const target = linkTarget(href);
    if (expected === undefined) {
      expect(target).toBeUndefined();
    } else {
      expect(target).toMatchObject(expected);
      expect(target?.raw).toBe(href);
    }
  });
});

describe('a click on a dial link', () => {
  let dialled: DialTarget[];
  let enabled: boolean;
  let stop: () => void;
  beforeEach(() => {
    dialled = [];
    enabled = true;
    document.body.innerHTML =
      '<a id="tel" href="tel:+74951112233"><span id="inner">+7 (495) 111-22-33</span></a><a id="sip" href="sip:alice@pbx">Alice</a><a id="web" href="/x">web</a>' +
      '<div data-ringside="off"><a id="off" href="tel:+74951112244">off</a></div><div contenteditable="true"><a id="edit" href="tel:+74951112255">in editor</a></div>';
    stop = watchLinks({ doc: document, enabled: () => enabled, dial: (t) => dialled.push(t) });
  });
  afterEach(() => stop());

  const click = (_id: string, init: MouseEventInit = {}) => new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, ...init });

  it('dials a trusted click (also on an element inside the link) and cancels the OS handler', () => {
    const event = trusted(click('inner'));
    document.getElementById('inner')!.dispatchEvent(event);
    expect(dialled.map((d) => d.number)).toEqual(['+74951112233']);
    expect(event.defaultPrevented).toBe(true);
  });

  it('ignores link.click() and dispatched events', () => {
    const link = document.getElementById('tel')!;
    link.addEventListener('click', (e) => e.preventDefault()); // keep happy-dom from navigating
    link.click();
    const synthetic = click('tel');
    link.dispatchEvent(synthetic);
    expect(dialled).toEqual([]);
  });

  it('leaves modifier clicks, other buttons, handled clicks, non-number links, opted-out parts and editors alone', () => {
    const fire = (id: string, event: MouseEvent) => document.getElementById(id)!.dispatchEvent(event);
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      const event = trusted(click('tel', init));
      fire('tel', event);
      expect(event.defaultPrevented).toBe(false);
    }
    const handled = trusted(click('tel'));
    handled.preventDefault();
    fire('tel', handled);
    fire('sip', trusted(click('sip')));
    fire('web', trusted(click('web')));
    fire('off', trusted(click('off')));
    fire('edit', trusted(click('edit')));
    expect(dialled).toEqual([]);
  });

  it('leaves links alone when the setting (or the site switch) says so', () => {
    enabled = false;
    const event = trusted(click('tel'));
    document.getElementById('tel')!.dispatchEvent(event);
    expect(dialled).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
  });
});
