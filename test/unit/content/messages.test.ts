// The content script's message to the background, and who may send it.
import { describe, expect, it } from 'vitest';
import { isOwnContentScript, pageRequestSchema, pageStatusSchema } from '../../../src/core/messages.ts';

const ID = 'abcdefghijklmnop';

describe('dial-from-page', () => {
  it('accepts a found number with its extension and the text as written', () => {
    expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number: '+74951234567', extension: '123', raw: '+7 (495) 123-45-67 доб. 123' }).success).toBe(true);
    expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number: '84951234567', raw: '8 495 1234567' }).success).toBe(true);
    expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number: '*72', raw: '*72' }).success).toBe(true);
  });

  it('refuses anything that is not a plain number', () => {
    for (const number of ['', '1', '+7 495', '74951234567\r\nAction: Originate', 'tel:+7495', '+'.padEnd(30, '1')]) {
      expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number, raw: '' }).success).toBe(false);
    }
    expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number: '+74951234567', extension: 'x1', raw: '' }).success).toBe(false);
    expect(pageRequestSchema.safeParse({ type: 'dial-from-page', number: '+74951234567', raw: 'x'.repeat(201) }).success).toBe(false);
    expect(pageRequestSchema.safeParse({ type: 'dial', number: '+74951234567', raw: '' }).success).toBe(false);
  });

  it('comes only from our own content script in a web page', () => {
    const tab = { id: 1, url: 'https://crm.example.com/' };
    expect(isOwnContentScript({ id: ID, tab, url: 'https://crm.example.com/deals' }, ID)).toBe(true);
    expect(isOwnContentScript({ id: ID, tab, url: 'http://127.0.0.1:8080/' }, ID)).toBe(true);
    // Another extension, no tab (an extension page or the background), an extension page in a
    // tab (the options page), a file:// or about: frame.
    expect(isOwnContentScript({ id: 'other', tab, url: 'https://crm.example.com/' }, ID)).toBe(false);
    expect(isOwnContentScript({ id: ID, url: 'https://crm.example.com/' }, ID)).toBe(false);
    expect(isOwnContentScript({ id: ID, tab, url: `chrome-extension://${ID}/src/ui/options/index.html` }, ID)).toBe(false);
    expect(isOwnContentScript({ id: ID, tab, url: 'file:///home/user/page.html' }, ID)).toBe(false);
    expect(isOwnContentScript({ id: ID, tab }, ID)).toBe(false);
  });
});

describe('page-status', () => {
  it('describes a page for the popup', () => {
    expect(pageStatusSchema.safeParse({ host: 'crm.example.com', state: 'site-off', marked: 0 }).success).toBe(true);
    expect(pageStatusSchema.safeParse({ host: 'crm.example.com', state: 'maybe', marked: 0 }).success).toBe(false);
  });
});
