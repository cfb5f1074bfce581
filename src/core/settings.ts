// The settings schema, its defaults in one place, and migrations as an ordered list of small
// functions (after fregante's webext-options-sync). Settings live in storage.local; whatever is
// read from there goes through readSettings, so a damaged or older value never crashes anything.
import { z } from 'zod';
import { parseDeviceAddress } from './address.ts';

export const POLL_MIN_MS = 500;
export const POLL_MAX_MS = 5000;
export const SETTINGS_VERSION = 1;

export const grandstreamSettingsSchema = z.object({
  /** Normalised origin, e.g. "http://192.168.1.50" — see parseDeviceAddress. Empty = not set. */
  address: z.string().default(''),
  password: z.string().default(''),
  /** 1-based as printed on the phone; the CTI API counts from 0. */
  account: z.number().int().min(1).max(16).default(1),
  pollIntervalMs: z.number().int().min(POLL_MIN_MS).max(POLL_MAX_MS).default(1000),
});
export type GrandstreamSettings = z.infer<typeof grandstreamSettingsSchema>;

export const backendSchema = z.enum(['none', 'grandstream']);
export type Backend = z.infer<typeof backendSchema>;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  backend: backendSchema.default('none'),
  grandstream: grandstreamSettingsSchema.default(() => grandstreamSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({ version: SETTINGS_VERSION });

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * MIGRATIONS[n] turns version n into version n + 1. Version 0 is anything stored without a
 * version: early builds and hand-edited storage kept a flat Grandstream profile
 * ({ ip, password, pollSeconds }).
 */
export const MIGRATIONS: readonly Migration[] = [
  function flatGrandstreamToProfile(old) {
    const ip = typeof old.ip === 'string' ? old.ip : typeof old.address === 'string' ? old.address : '';
    const parsed = ip ? parseDeviceAddress(ip) : undefined;
    const seconds = typeof old.pollSeconds === 'number' ? old.pollSeconds : undefined;
    return {
      version: 1,
      backend: parsed?.ok ? 'grandstream' : 'none',
      grandstream: {
        address: parsed?.ok ? parsed.address.origin : '',
        password: typeof old.password === 'string' ? old.password : '',
        account: typeof old.account === 'number' ? old.account : 1,
        pollIntervalMs:
          seconds !== undefined ? Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, Math.round(seconds * 1000))) : 1000,
      },
    };
  },
];

export type SettingsReadResult = {
  readonly settings: Settings;
  /** True when the stored value had to be changed (migrated or repaired) and should be written back. */
  readonly changed: boolean;
  /** Fields that were invalid and reset to their defaults. */
  readonly repaired: readonly string[];
};

export function migrateSettings(stored: unknown): Record<string, unknown> {
  let value: Record<string, unknown> =
    stored && typeof stored === 'object' && !Array.isArray(stored) ? { ...(stored as Record<string, unknown>) } : {};
  let version = typeof value.version === 'number' && Number.isInteger(value.version) ? value.version : 0;
  if (version > SETTINGS_VERSION) {
    // Written by a newer Ringside (a downgrade): keep what still fits the current schema.
    return { ...value, version: SETTINGS_VERSION };
  }
  for (let bounded = 0; version < SETTINGS_VERSION && bounded < MIGRATIONS.length; bounded++) {
    value = MIGRATIONS[version]!(value);
    version += 1;
  }
  return value;
}

/** Reads whatever storage holds into valid settings, resetting only the fields that are wrong. */
export function readSettings(stored: unknown): SettingsReadResult {
  const migrated = migrateSettings(stored);
  const direct = settingsSchema.safeParse(migrated);
  if (direct.success) {
    return { settings: direct.data, changed: JSON.stringify(direct.data) !== JSON.stringify(stored), repaired: [] };
  }
  const repaired: string[] = [];
  const result = structuredClone(DEFAULT_SETTINGS) as Record<string, unknown>;
  const backend = backendSchema.safeParse(migrated.backend);
  if (backend.success) result.backend = backend.data;
  else if (migrated.backend !== undefined) repaired.push('backend');
  const gsIn = (migrated.grandstream ?? {}) as Record<string, unknown>;
  const gsOut = result.grandstream as Record<string, unknown>;
  for (const [key, field] of Object.entries(grandstreamSettingsSchema.shape)) {
    if (gsIn[key] === undefined) continue;
    const parsed = field.safeParse(gsIn[key]);
    if (parsed.success) gsOut[key] = parsed.data;
    else repaired.push(`grandstream.${key}`);
  }
  return { settings: settingsSchema.parse(result), changed: true, repaired };
}

/** The settings a driver can run with, or undefined when the user has not finished setting up. */
export function isConfigured(settings: Settings): boolean {
  return settings.backend === 'grandstream' && settings.grandstream.address !== '';
}
