// The built extension (npm test builds before running): one manifest.json, two variants, two
// store-ready zips, and a Firefox build that web-ext lint accepts without errors.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const dist = resolve(import.meta.dirname, '../../dist');
const manifestOf = (browser: string) => JSON.parse(readFileSync(resolve(dist, browser, 'manifest.json'), 'utf8'));

describe('the build', () => {
  it('gives Chrome a service worker and no Firefox-only keys', () => {
    const m = manifestOf('chrome');
    expect(m.manifest_version).toBe(3);
    expect(m.background.service_worker).toBeTruthy();
    expect(m.browser_specific_settings).toBeUndefined();
    expect(m.version).toBe(pkg.version);
  });

  it('gives Firefox an event page, its add-on id and data collection permissions', () => {
    const m = manifestOf('firefox');
    expect(m.background.scripts).toHaveLength(1);
    expect(m.background.service_worker).toBeUndefined();
    expect(m.browser_specific_settings.gecko.id).toBe('ringside@ringside.dev');
    expect(m.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('asks for host access to nothing but this PC (the Oktell desktop client) until the user names a device', () => {
    for (const browser of ['chrome', 'firefox']) {
      const m = manifestOf(browser);
      expect(m.host_permissions).toEqual(['http://127.0.0.1/*']);
      expect(m.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
      expect(m.permissions.sort()).toEqual(['alarms', 'contextMenus', 'notifications', 'storage']);
    }
  });

  it('writes a store-ready zip for each browser', () => {
    for (const browser of ['chrome', 'firefox']) {
      const zip = resolve(dist, `ringside-${browser}-${pkg.version}.zip`);
      expect(existsSync(zip)).toBe(true);
      expect(statSync(zip).size).toBeGreaterThan(10_000);
    }
  });

  it('passes web-ext lint of the Firefox build with no errors', () => {
    const webExt = resolve(import.meta.dirname, '../../node_modules/.bin/web-ext');
    let out: string;
    try {
      out = execFileSync(webExt, ['lint', '--source-dir', resolve(dist, 'firefox'), '--output', 'json', '--self-hosted'], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exits non-zero when there are errors
    }
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { errors: { code: string; message: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  }, 60_000);
});
