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

/** How the user's own phone is told to pick up a click-to-dial call by itself [? per brand]. */
export const autoAnswerSchema = z.enum(['off', 'call-info', 'alert-info']);

export const asteriskSettingsSchema = z.object({
  /** Origin of Asterisk's HTTP server, e.g. "http://pbx.office.local:8088". Empty = not set. */
  address: z.string().default(''),
  /** http.conf prefix: "asterisk" (common) or "" (current samples). No slashes. */
  prefix: z.string().regex(/^[A-Za-z0-9_.-]*$/).default('asterisk'),
  username: z.string().default(''),
  secret: z.string().default(''),
  /** The user's own device, e.g. "PJSIP/101" or "SIP/101". */
  device: z.string().default(''),
  /** The user's extension number, e.g. "101". */
  extension: z.string().default(''),
  /** Dialplan context click-to-dial calls are placed in. */
  context: z.string().default('from-internal'),
  /** What the user's phone shows while it rings for a click-to-dial call; empty = the number dialled. */
  callerId: z.string().default(''),
  ringTimeoutSec: z.number().int().min(5).max(120).default(30),
  autoAnswer: autoAnswerSchema.default('off'),
});
export type AsteriskSettings = z.infer<typeof asteriskSettingsSchema>;

export const oktellSettingsSchema = z.object({
  /** Origin of the Oktell server's web server, e.g. "http://oktell.local:4055". Empty = not set. */
  address: z.string().default(''),
  /** Service account with the Web-API privilege (HTTP Basic) for dialling through the server. */
  webApiUser: z.string().default(''),
  webApiPassword: z.string().default(''),
  /** Dial through the server Web-API, or through the Oktell desktop client on this PC. */
  dialVia: z.enum(['server', 'client']).default('server'),
  /** The desktop client's HTTP port on 127.0.0.1. */
  clientPort: z.number().int().min(1).max(65535).default(4059),
  /** Which employee places a server-side call: chosen by user login, line number or workplace. */
  callerBy: z.enum(['login', 'line', 'workplace']).default('login'),
  callerValue: z.string().default(''),
  direction: z.enum(['auto', 'pbx', 'city']).default('auto'),
  sequence: z.enum(['direct', 'back']).default('direct'),
  /** The employee's own Oktell login and password, for the WebSocket (screen-pop, answer, hold). */
  userLogin: z.string().default(''),
  userPassword: z.string().default(''),
  /** Port of the WebSocket API on the same server (oktell.js defaults to 80). */
  wsPort: z.number().int().min(1).max(65535).default(80),
});
export type OktellSettings = z.infer<typeof oktellSettingsSchema>;

export const randerSettingsSchema = z.object({
  /** Origin of the RanderWEB server, e.g. "http://rander.local:5005". Empty = not set. */
  address: z.string().default(''),
  username: z.string().default(''),
  password: z.string().default(''),
  /** The user's own extension (line) on the Rander CTI server. */
  extension: z.string().default(''),
  /** SignalR hub name [? not public; see the driver's doc comment]. */
  hub: z.string().regex(/^[A-Za-z0-9_]*$/).default('randerHub'),
});
export type RanderSettings = z.infer<typeof randerSettingsSchema>;

export const backendSchema = z.enum(['none', 'grandstream', 'asterisk', 'oktell', 'rander']);
export type Backend = z.infer<typeof backendSchema>;

/**
 * How a detected number becomes the string a phone or PBX dials (issue 5, protocols.md §7.4–7.5).
 * One set per backend profile: a desk phone on a trunk and a PBX context want different forms.
 */
export const dialRulesSchema = z.object({
  /** Prepended to every outside number, e.g. "9" on many PBXs; empty for none. */
  outsidePrefix: z.string().regex(/^[0-9*#]*$/).max(6).default(''),
  /** Domestic numbers (own country): "+7…", "8…" (trunk prefix) or "7…". */
  domesticForm: z.enum(['plus', 'trunk', 'country']).default('trunk'),
  /**
   * International numbers: the prefix that replaces "+". "auto" = the region's own (810 in
   * Russia, 00 in most of Europe, 011 in North America).
   */
  internationalPrefix: z.enum(['auto', 'plus', '810', '00', '011']).default('auto'),
  /** Own area code (e.g. "495"); numbers in it are dialled without it when dropAreaCode is on. */
  homeAreaCode: z.string().regex(/^[0-9]*$/).max(5).default(''),
  dropAreaCode: z.boolean().default(false),
  /** Numbers this short are internal extensions and dialled as they are. */
  internalMaxDigits: z.number().int().min(2).max(6).default(5),
  /** An extension after a number ("доб. 123"): dialled as DTMF once connected, or left out. */
  extension: z.enum(['dtmf', 'drop']).default('drop'),
});
export type DialRules = z.infer<typeof dialRulesSchema>;

/** Region whose national forms a page's numbers are read in ("auto" = from the browser's language). */
export const regionSchema = z.string().regex(/^(auto|[A-Z]{2})$/).default('auto');

export const pagesSettingsSchema = z.object({
  /** Make numbers on pages clickable. */
  linkify: z.boolean().default(true),
  /** A trusted click on a tel:/callto:/sip: link dials through Ringside. */
  takeOverLinks: z.boolean().default(true),
  /** Sites (host names) where Ringside leaves pages alone. */
  disabledSites: z.array(z.string().max(253)).max(500).default([]),
  region: regionSchema,
});
export type PagesSettings = z.infer<typeof pagesSettingsSchema>;

const defaultDialRules = () => dialRulesSchema.parse({});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  backend: backendSchema.default('none'),
  grandstream: grandstreamSettingsSchema.default(() => grandstreamSettingsSchema.parse({})),
  asterisk: asteriskSettingsSchema.default(() => asteriskSettingsSchema.parse({})),
  oktell: oktellSettingsSchema.default(() => oktellSettingsSchema.parse({})),
  rander: randerSettingsSchema.default(() => randerSettingsSchema.parse({})),
  pages: pagesSettingsSchema.default(() => pagesSettingsSchema.parse({})),
  dialRules: z
    .object({
      grandstream: dialRulesSchema.default(defaultDialRules),
      asterisk: dialRulesSchema.default(defaultDialRules),
      oktell: dialRulesSchema.default(defaultDialRules),
      rander: dialRulesSchema.default(defaultDialRules),
    })
    .default(() => ({ grandstream: defaultDialRules(), asterisk: defaultDialRules(), oktell: defaultDialRules(), rander: defaultDialRules() })),
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
  const sections = {
    grandstream: grandstreamSettingsSchema,
    asterisk: asteriskSettingsSchema,
    oktell: oktellSettingsSchema,
    rander: randerSettingsSchema,
  } as const;
  for (const [key, schema] of Object.entries({ pages: pagesSettingsSchema } as const)) {
    if (migrated[key] === undefined) continue;
    const parsed = schema.safeParse(migrated[key]);
    if (parsed.success) result[key] = parsed.data;
    else repaired.push(key);
  }
  const rules = (migrated.dialRules ?? {}) as Record<string, unknown>;
  for (const backend of ['grandstream', 'asterisk', 'oktell', 'rander'] as const) {
    if (rules[backend] === undefined) continue;
    const parsed = dialRulesSchema.safeParse(rules[backend]);
    if (parsed.success) (result.dialRules as Record<string, unknown>)[backend] = parsed.data;
    else repaired.push(`dialRules.${backend}`);
  }
  for (const [section, schema] of Object.entries(sections)) {
    const given = (migrated[section] ?? {}) as Record<string, unknown>;
    const out = result[section] as Record<string, unknown>;
    for (const [key, field] of Object.entries(schema.shape)) {
      if (given[key] === undefined) continue;
      const parsed = (field as z.ZodType).safeParse(given[key]);
      if (parsed.success) out[key] = parsed.data;
      else repaired.push(`${section}.${key}`);
    }
  }
  return { settings: settingsSchema.parse(result), changed: true, repaired };
}

/** The settings a driver can run with, or undefined when the user has not finished setting up. */
export function isConfigured(settings: Settings): boolean {
  switch (settings.backend) {
    case 'grandstream':
      return settings.grandstream.address !== '';
    case 'asterisk':
      return settings.asterisk.address !== '' && settings.asterisk.username !== '' && settings.asterisk.device !== '';
    case 'oktell':
      // Dialling through the desktop client needs nothing else; the server needs a login.
      return settings.oktell.dialVia === 'client' || (settings.oktell.address !== '' && (settings.oktell.userLogin !== '' || settings.oktell.webApiUser !== ''));
    case 'rander':
      return settings.rander.address !== '' && settings.rander.username !== '' && settings.rander.extension !== '';
    case 'none':
      return false;
  }
}
