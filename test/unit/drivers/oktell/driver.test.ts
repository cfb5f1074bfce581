// The driver's pure choices: dial route, capabilities, URLs, sequences; and its sentences exist
// in both languages (messages.json, merged into public/_locales by the lead).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oktellSettingsSchema, type OktellSettings } from '../../../../src/core/settings.ts';
import { renderText } from '../../../../src/core/text.ts';
import { dialRouteOf, oktellCapabilities, webSocketSequence } from '../../../../src/drivers/oktell/driver.ts';
import messages from '../../../../src/drivers/oktell/messages.json' with { type: 'json' };
import { redirectedWebSocketUrl, webSocketUrl } from '../../../../src/drivers/oktell/target.ts';
import enLocale from '../../../../public/_locales/en/messages.json' with { type: 'json' };

const settings = (overrides: Partial<OktellSettings>): OktellSettings => oktellSettingsSchema.parse({ address: 'http://oktell.local:4055', ...overrides });

describe('dial route and capabilities', () => {
  it('prefer the desktop client when chosen, then the Web-API, then the WebSocket login', () => {
    expect(dialRouteOf(settings({ dialVia: 'client', webApiUser: 'api', userLogin: 'me' }))).toBe('client');
    expect(dialRouteOf(settings({ webApiUser: 'api', userLogin: 'me' }))).toBe('web-api');
    expect(dialRouteOf(settings({ userLogin: 'me' }))).toBe('websocket');
    expect(dialRouteOf(settings({}))).toBeUndefined();
  });

  it('offer call control only with the user’s own login', () => {
    expect([...oktellCapabilities(settings({ webApiUser: 'api' }))]).toEqual(['dial']);
    expect([...oktellCapabilities(settings({ userLogin: 'me' }))].sort()).toEqual(['answer', 'dial', 'hangup', 'hold', 'monitor', 'reject', 'resume']);
    expect([...oktellCapabilities(settings({}))]).toEqual([]);
  });

  it('map the Web-API sequence onto pbxautocallstart’s', () => {
    expect(webSocketSequence('direct')).toBe('abonent');
    expect(webSocketSequence('back')).toBe('user');
  });
});

describe('WebSocket URL', () => {
  it('is the server host on the WebSocket port, wss for https, and port 443 after a redirect', () => {
    expect(webSocketUrl({ address: 'http://oktell.local:4055', wsPort: 80 })).toBe('ws://oktell.local:80');
    expect(webSocketUrl({ address: 'https://192.168.0.1', wsPort: 443 })).toBe('wss://192.168.0.1:443');
    expect(webSocketUrl({ address: 'http://[fe80::1]:4055', wsPort: 4066 })).toBe('ws://[fe80::1]:4066');
    expect(webSocketUrl({ address: '', wsPort: 80 })).toBeUndefined();
    expect(redirectedWebSocketUrl('ws://oktell.local:4066')).toBe('wss://oktell.local:443');
  });
});

describe('messages.json', () => {
  const dir = resolve(import.meta.dirname, '../../../../src/drivers/oktell');
  const used = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$/gm, '');
    for (const match of source.matchAll(/\btext\('([A-Za-z0-9_]+)'/g)) used.add(match[1]!);
  }
  const placeholders = (message: string) => [...new Set(message.match(/\$\d/g) ?? [])].sort();

  it('has every ok… key the driver uses, in English and Russian, with the same placeholders', () => {
    const own = [...used].filter((k) => k.startsWith('ok'));
    expect(own.length).toBeGreaterThan(30);
    for (const key of own) {
      const en = (messages.en as Record<string, string>)[key];
      const ru = (messages.ru as Record<string, string>)[key];
      expect(en, key).toBeTruthy();
      expect(ru, key).toBeTruthy();
      expect(placeholders(ru!), key).toEqual(placeholders(en!));
      expect(ru, key).not.toBe(en);
    }
    expect(Object.keys(messages.en).sort()).toEqual(own.sort());
    expect(Object.keys(messages.ru).sort()).toEqual(own.sort());
  });

  it('borrows only keys that already exist in the locales', () => {
    for (const key of [...used].filter((k) => !k.startsWith('ok'))) expect(enLocale, key).toHaveProperty(key);
  });

  it('renders with substitutions', () => {
    const catalog = Object.fromEntries(Object.entries(messages.ru).map(([k, m]) => [k, { message: m }]));
    expect(renderText(catalog, { key: 'okClientNotRunning', subs: ['4059'] })).toContain('127.0.0.1:4059');
  });
});
