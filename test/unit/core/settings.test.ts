import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isConfigured, migrateSettings, MIGRATIONS, readSettings, SETTINGS_VERSION } from '../../../src/core/settings.ts';

describe('settings', () => {
  it('starts unconfigured with a 1 s poll interval and account 1', () => {
    expect(DEFAULT_SETTINGS.backend).toBe('none');
    expect(DEFAULT_SETTINGS.grandstream.pollIntervalMs).toBe(1000);
    expect(DEFAULT_SETTINGS.grandstream.account).toBe(1);
    expect(isConfigured(DEFAULT_SETTINGS)).toBe(false);
  });

  it('reads nothing stored as the defaults without asking to write', () => {
    const r = readSettings(undefined);
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.repaired).toEqual([]);
  });

  it('has one migration per version step', () => {
    expect(MIGRATIONS).toHaveLength(SETTINGS_VERSION);
  });

  it('migrates an unversioned flat profile to version 1', () => {
    const r = readSettings({ ip: '192.168.1.50', password: 'p&ss #1', pollSeconds: 2.5 });
    expect(r.changed).toBe(true);
    expect(r.settings).toEqual({
      ...DEFAULT_SETTINGS,
      backend: 'grandstream',
      grandstream: { address: 'http://192.168.1.50', password: 'p&ss #1', account: 1, pollIntervalMs: 2500 },
    });
    expect(isConfigured(r.settings)).toBe(true);
  });

  it('clamps a migrated poll interval into the allowed range', () => {
    expect(readSettings({ ip: '10.0.0.1', pollSeconds: 0.1 }).settings.grandstream.pollIntervalMs).toBe(500);
    expect(readSettings({ ip: '10.0.0.1', pollSeconds: 60 }).settings.grandstream.pollIntervalMs).toBe(5000);
  });

  it('keeps good fields and resets only the damaged ones', () => {
    const r = readSettings({
      version: 1,
      backend: 'grandstream',
      grandstream: { address: 'http://10.0.0.9', password: 'x', account: 'two', pollIntervalMs: 100 },
    });
    expect([...r.repaired].sort()).toEqual(['grandstream.account', 'grandstream.pollIntervalMs']);
    expect(r.settings.grandstream).toEqual({ address: 'http://10.0.0.9', password: 'x', account: 1, pollIntervalMs: 1000 });
  });

  it('survives garbage in storage', () => {
    for (const junk of [null, 42, 'text', [], { version: 'x' }]) {
      expect(readSettings(junk).settings.version).toBe(SETTINGS_VERSION);
    }
  });

  it('keeps what fits when a newer version wrote the settings', () => {
    const migrated = migrateSettings({ version: 99, backend: 'grandstream', grandstream: { address: 'http://1.2.3.4' } });
    expect(migrated.version).toBe(SETTINGS_VERSION);
    expect(readSettings({ version: 99, backend: 'grandstream', grandstream: { address: 'http://1.2.3.4' } }).settings.grandstream.address).toBe('http://1.2.3.4');
  });

  it('does not migrate an invalid address into a configured profile', () => {
    expect(readSettings({ ip: 'http://x/y' }).settings.backend).toBe('none');
  });
});
