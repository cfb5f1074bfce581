// "Numbers and dialling" as typed: the dialling rules of each backend profile and the settings for
// numbers on web pages, their checks, and the settings sections they turn into. Pure.
import { dialRulesSchema, pagesSettingsSchema, type Backend, type DialRules, type PagesSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';

export type DialBackend = Exclude<Backend, 'none'>;
export const DIAL_BACKENDS: readonly DialBackend[] = ['grandstream', 'asterisk', 'oktell', 'rander'];

export interface DialRulesDraft {
  readonly outsidePrefix: string;
  readonly domesticForm: DialRules['domesticForm'];
  readonly internationalPrefix: DialRules['internationalPrefix'];
  readonly homeAreaCode: string;
  readonly dropAreaCode: boolean;
  readonly internalMaxDigits: number;
  readonly extension: DialRules['extension'];
}

export interface PagesDraft {
  readonly linkify: boolean;
  readonly takeOverLinks: boolean;
  readonly region: string;
  /** One site per line, as typed. */
  readonly disabledSites: string;
}

export interface NumbersDraft {
  readonly dialRules: Readonly<Record<DialBackend, DialRulesDraft>>;
  readonly pages: PagesDraft;
}

/** The checked fields by element id, in page order. */
export const NUMBERS_FIELDS = ['dr-outside-prefix', 'dr-home-area', 'pg-disabled-sites'] as const;
export type NumbersField = (typeof NUMBERS_FIELDS)[number];
export type NumbersErrors = Partial<Record<NumbersField, LocalText>>;

export const DOMESTIC_FORMS: readonly DialRules['domesticForm'][] = ['trunk', 'plus', 'country'];
export const INTERNATIONAL_PREFIXES: readonly DialRules['internationalPrefix'][] = ['auto', '810', '00', '011', 'plus'];
export const EXTENSION_HANDLING: readonly DialRules['extension'][] = ['dtmf', 'drop'];
export const INTERNAL_MAX_DIGITS: readonly number[] = [2, 3, 4, 5, 6];
export const MAX_DISABLED_SITES = 500;

export function dialRulesDraftFrom(rules: DialRules): DialRulesDraft {
  return { ...rules };
}

export function numbersDraftFrom(dialRules: Readonly<Record<DialBackend, DialRules>>, pages: PagesSettings): NumbersDraft {
  return {
    dialRules: {
      grandstream: dialRulesDraftFrom(dialRules.grandstream),
      asterisk: dialRulesDraftFrom(dialRules.asterisk),
      oktell: dialRulesDraftFrom(dialRules.oktell),
      rander: dialRulesDraftFrom(dialRules.rander),
    },
    pages: {
      linkify: pages.linkify,
      takeOverLinks: pages.takeOverLinks,
      region: pages.region,
      disabledSites: pages.disabledSites.join('\n'),
    },
  };
}

/** "9", "0", "*9#"; spaces are ignored. */
function normalisePrefix(input: string): string | undefined {
  const prefix = input.replace(/\s+/g, '');
  return /^[0-9*#]{0,6}$/.test(prefix) ? prefix : undefined;
}

/** "495", "(495)", "8 495" is refused (the trunk prefix is no part of the area code). */
function normaliseArea(input: string): string | undefined {
  const area = input.replace(/[\s()]/g, '');
  return /^[0-9]{0,5}$/.test(area) ? area : undefined;
}

/**
 * A line of the site list → the host name the content script compares with location.hostname
 * (src/content/sites.ts; an entry covers its subdomains): "mail.example.com", a pasted address
 * "https://crm.example.ru/deals?id=1", "www.example.com" (→ example.com), "пример.рф" (→ its
 * punycode, as location.hostname has it). Undefined when the line is no host name.
 */
export function normaliseSite(line: string): string | undefined {
  const value = line.trim();
  if (!value) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let host: string;
  try {
    host = new URL(withScheme).hostname;
  } catch {
    return undefined;
  }
  // "www.example.com" is the site example.com (the content script's list matching drops it too).
  host = host.replace(/\.$/, '').toLowerCase().replace(/^www\./, '');
  if (!host || host.length > 253) return undefined;
  if (/^\[[0-9a-f:.]+\]$/.test(host)) return host;
  const labels = host.split('.');
  return labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l)) ? host : undefined;
}

/** The site list as typed → host names (without repeats), or the first line that is none. */
export function parseSites(input: string): { readonly ok: true; readonly sites: string[] } | { readonly ok: false; readonly error: LocalText } {
  const sites: string[] = [];
  for (const line of input.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const host = normaliseSite(line);
    if (!host) return { ok: false, error: text('numbersErrSite', line.trim().slice(0, 80)) };
    if (!sites.includes(host)) sites.push(host);
  }
  if (sites.length > MAX_DISABLED_SITES) return { ok: false, error: text('numbersErrSitesTooMany', String(MAX_DISABLED_SITES)) };
  return { ok: true, sites };
}

/** The message under one field, or undefined when it is fine. `backend` is the one shown. */
export function checkNumbersField(field: NumbersField, draft: NumbersDraft, backend: Backend): LocalText | undefined {
  if (field === 'pg-disabled-sites') {
    const sites = parseSites(draft.pages.disabledSites);
    return sites.ok ? undefined : sites.error;
  }
  if (backend === 'none') return undefined;
  const rules = draft.dialRules[backend];
  switch (field) {
    case 'dr-outside-prefix':
      return normalisePrefix(rules.outsidePrefix) === undefined ? text('numbersErrOutsidePrefix') : undefined;
    case 'dr-home-area': {
      const area = normaliseArea(rules.homeAreaCode);
      if (area === undefined) return text('numbersErrHomeArea');
      return rules.dropAreaCode && area === '' ? text('numbersErrHomeAreaNeeded') : undefined;
    }
  }
}

/** What a checked field shows. */
export function numbersFieldValue(field: NumbersField, draft: NumbersDraft, backend: Backend): string {
  if (field === 'pg-disabled-sites') return draft.pages.disabledSites;
  if (backend === 'none') return '';
  return field === 'dr-outside-prefix' ? draft.dialRules[backend].outsidePrefix : draft.dialRules[backend].homeAreaCode;
}

export function isNumbersField(field: string): field is NumbersField {
  return (NUMBERS_FIELDS as readonly string[]).includes(field);
}

export type NumbersDraftResult =
  | { readonly ok: true; readonly pages: PagesSettings; readonly rules: DialRules | undefined }
  | { readonly ok: false; readonly errors: NumbersErrors; readonly first: NumbersField };

/** Checks the pages settings and the shown backend's rules; gives the sections to store. */
export function validateNumbersDraft(draft: NumbersDraft, backend: Backend): NumbersDraftResult {
  const errors: NumbersErrors = {};
  for (const field of NUMBERS_FIELDS) {
    const error = checkNumbersField(field, draft, backend);
    if (error) errors[field] = error;
  }
  const first = NUMBERS_FIELDS.find((f) => errors[f]);
  if (first) return { ok: false, errors, first };
  const sites = parseSites(draft.pages.disabledSites);
  const pages = pagesSettingsSchema.parse({
    linkify: draft.pages.linkify,
    takeOverLinks: draft.pages.takeOverLinks,
    region: draft.pages.region,
    disabledSites: sites.ok ? sites.sites : [],
  } satisfies PagesSettings);
  if (backend === 'none') return { ok: true, pages, rules: undefined };
  const typed = draft.dialRules[backend];
  const rules = dialRulesSchema.parse({
    ...typed,
    outsidePrefix: normalisePrefix(typed.outsidePrefix) ?? '',
    homeAreaCode: normaliseArea(typed.homeAreaCode) ?? '',
  } satisfies DialRules);
  return { ok: true, pages, rules };
}

/**
 * The rules as typed so far, for the test bench: a field that is not valid yet keeps the saved
 * value, so the bench never shows a string that Save would refuse.
 */
export function benchRules(typed: DialRulesDraft, saved: DialRules): DialRules {
  const prefix = normalisePrefix(typed.outsidePrefix);
  const area = normaliseArea(typed.homeAreaCode);
  return dialRulesSchema.parse({
    ...typed,
    outsidePrefix: prefix ?? saved.outsidePrefix,
    homeAreaCode: area ?? saved.homeAreaCode,
  });
}
