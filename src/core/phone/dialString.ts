// What the dialling rules need to know about a region (country calling code, trunk prefix,
// national number length) and how a cleaned selection or link becomes a FoundNumber when
// detection has nothing better to say (shared/reference/protocols.md §7.3, §7.5). Pure.
import { REGIONS as DETECTION_REGIONS } from './detectMetadata.ts';
import { isValidNsn } from './detectPlans.ts';
import { normaliseRegion, regionFromLanguage } from './detectRegion.ts';
import type { FoundNumber } from './types.ts';

export interface RegionPlan {
  /** Country calling code without "+", e.g. "7", "375", "1". */
  readonly cc: string;
  /**
   * What is dialled before a national number for a long-distance call: "8" in Russia, "0" in most
   * of Europe, "1" in North America, "" where the number is always dialled in full (Italy, Spain,
   * Poland). Belarus writes 8 0XX…: its trunk form is "80".
   */
  readonly trunk: string;
  /** Lengths of the national significant number (E.164 without the country code). */
  readonly nsn: readonly [min: number, max: number];
  /** International prefixes a page of this region writes instead of "+" (810, 00, 011). */
  readonly intl: readonly string[];
  /**
   * A national number written without its trunk prefix is recognised when it has an NSN length
   * and starts like this (Russia: 10 digits starting 3–9, §7.5 step 6; USA: 10 digits, 2–9).
   */
  readonly bareNsn?: RegExp;
  /** "74951234567": the country code written without "+" (the +7 zone, §7.5 step 5). */
  readonly bareCountry?: boolean;
  /** A typical national number, for examples in the options page ("" when none is known). */
  readonly example: string;
  /** A further check of a national number (libphonenumber's pattern, for regions read from detection's table). */
  readonly valid?: (nsn: string) => boolean;
}

/**
 * The regions the options page offers. +7 is one numbering zone shared by Russia and Kazakhstan:
 * a Kazakh number (+7 7xx…) is dialled from Russia with 8, like a Russian one, and vice versa.
 */
export const REGION_PLANS: Readonly<Record<string, RegionPlan>> = {
  RU: { cc: '7', trunk: '8', nsn: [10, 10], intl: ['810', '00'], bareNsn: /^[3-9]/, bareCountry: true, example: '4951234567' },
  KZ: { cc: '7', trunk: '8', nsn: [10, 10], intl: ['810', '00'], bareNsn: /^[3-9]/, bareCountry: true, example: '7172123456' },
  BY: { cc: '375', trunk: '80', nsn: [9, 9], intl: ['810', '00'], example: '172123456' },
  UA: { cc: '380', trunk: '0', nsn: [9, 9], intl: ['00'], example: '441234567' },
  AM: { cc: '374', trunk: '0', nsn: [8, 8], intl: ['00'], example: '10123456' },
  GE: { cc: '995', trunk: '0', nsn: [9, 9], intl: ['00'], example: '322123456' },
  AZ: { cc: '994', trunk: '0', nsn: [9, 9], intl: ['00'], example: '124980000' },
  US: { cc: '1', trunk: '1', nsn: [10, 10], intl: ['011'], bareNsn: /^[2-9]/, example: '2015550123' },
  CA: { cc: '1', trunk: '1', nsn: [10, 10], intl: ['011'], bareNsn: /^[2-9]/, example: '4165550123' },
  GB: { cc: '44', trunk: '0', nsn: [9, 10], intl: ['00'], example: '2079460958' },
  DE: { cc: '49', trunk: '0', nsn: [6, 13], intl: ['00'], example: '301234567' },
  FR: { cc: '33', trunk: '0', nsn: [9, 9], intl: ['00'], example: '142685300' },
  IT: { cc: '39', trunk: '', nsn: [6, 11], intl: ['00'], bareNsn: /^[03]/, example: '0612345678' },
  ES: { cc: '34', trunk: '', nsn: [9, 9], intl: ['00'], bareNsn: /^[5-9]/, example: '912345678' },
  PL: { cc: '48', trunk: '', nsn: [9, 9], intl: ['00'], bareNsn: /^[1-9]/, example: '221234567' },
  NL: { cc: '31', trunk: '0', nsn: [9, 9], intl: ['00'], example: '201234567' },
  TR: { cc: '90', trunk: '0', nsn: [10, 10], intl: ['00'], example: '2121234567' },
};

/** The regions in the order the options page lists them. */
export const REGIONS: readonly string[] = Object.keys(REGION_PLANS);

export const DEFAULT_REGION = 'RU';

const fallbackPlans = new Map<string, RegionPlan | undefined>();

/**
 * The plan of a region: the table above, else (a region "auto" found from an unusual browser
 * language, e.g. JP) detection's libphonenumber-derived table, with the trunk prefix when it is
 * plain digits. Undefined for a region no table knows.
 */
export function regionPlan(region: string): RegionPlan | undefined {
  if (Object.hasOwn(REGION_PLANS, region)) return REGION_PLANS[region];
  if (!fallbackPlans.has(region)) {
    const row = Object.hasOwn(DETECTION_REGIONS, region) ? DETECTION_REGIONS[region] : undefined;
    fallbackPlans.set(
      region,
      row && {
        cc: row[0],
        // "0", or the plain alternative of a pattern such as "0|180020" (GB) or "(183[12])|0" (AU).
        trunk: row[1].split('|').find((a) => /^[0-9]+$/.test(a)) ?? '',
        nsn: [5, 14],
        intl: /^[0-9]+$/.test(row[2]) ? [row[2]] : ['00'],
        example: '',
        valid: (nsn: string) => isValidNsn(row[0], nsn),
      },
    );
  }
  return fallbackPlans.get(region);
}

/**
 * settings.pages.region → the region numbers are read and dialled in; detection reads pages in the
 * same one. "auto" follows the browser's language: its region subtag ("en-US" → US, "ru-RU" → RU),
 * else the language ("ru" → RU, "uk" → UA, "en" → US), else Russia (issue 5: "Russia unless the
 * browser's language says otherwise"). See detectRegion.ts.
 */
export function resolveRegion(setting: string, uiLanguage: string | undefined): string {
  return setting === 'auto' ? regionFromLanguage(uiLanguage ?? '') : normaliseRegion(setting);
}

function nsnLengthFits(length: number, plan: RegionPlan): boolean {
  return length >= plan.nsn[0] && length <= plan.nsn[1];
}

/**
 * The NSN of a number written nationally ("84951234567", "74951234567", "4951234567" in Russia;
 * "02079460958" in Britain), or undefined when it does not look like a full national number.
 */
export function nationalNsn(digits: string, plan: RegionPlan): string | undefined {
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const fits = (nsn: string) => nsnLengthFits(nsn.length, plan) && (plan.valid?.(nsn) ?? true);
  if (plan.trunk && digits.startsWith(plan.trunk) && fits(digits.slice(plan.trunk.length))) {
    return digits.slice(plan.trunk.length);
  }
  if (plan.bareCountry && digits.startsWith(plan.cc) && digits.length === plan.cc.length + plan.nsn[1]) {
    return digits.slice(plan.cc.length);
  }
  const bare = plan.trunk === '' || plan.bareNsn !== undefined;
  if (bare && fits(digits) && (plan.bareNsn?.test(digits) ?? true)) return digits;
  return undefined;
}

/** Numbers this short are service or internal numbers (112, 01, 101) whatever the rules say. */
const SHORT_MAX_DIGITS = 3;

/**
 * A cleaned dial string (cleanNumberForDial: digits, one leading "+", "*", "#") read in a region:
 * the FoundNumber detection would have given for a selection made of that number only.
 */
export function classifyDialable(number: string, region: string, extension?: string): FoundNumber {
  const base = { start: 0, end: number.length, raw: number, ...(extension ? { extension } : {}) };
  const digits = number.replace(/^\+/, '');
  if (/[*#]/.test(number)) return { ...base, kind: 'short', digits };
  if (number.startsWith('+')) return { ...base, kind: 'international', e164: number, digits };
  const plan = regionPlan(region);
  for (const prefix of plan?.intl ?? ['00']) {
    const rest = digits.slice(prefix.length);
    // 810 44…, 00 49…, 011 44…: at least a country code and a short subscriber number.
    if (digits.startsWith(prefix) && rest.length >= 7 && rest.length <= 15 && !rest.startsWith('0')) {
      return { ...base, kind: 'international', e164: `+${rest}`, digits };
    }
  }
  const nsn = plan ? nationalNsn(digits, plan) : undefined;
  if (plan && nsn) return { ...base, kind: 'national', e164: `+${plan.cc}${nsn}`, digits };
  if (digits.length <= SHORT_MAX_DIGITS) return { ...base, kind: 'short', digits };
  return { ...base, kind: 'local', digits };
}

/** "доб. 123", "доп.123", "вн. 12", "ext. 45", "x 45", "#12" at the end of a selection. */
const EXTENSION_SUFFIX = /(?:[,;]?\s*)(?:доб(?:авочный)?|доп|вн(?:утр(?:енний)?)?|ext(?:ension)?|x|#)\.?\s*:?\s*([0-9]{1,6})\s*\.?$/iu;

/** Splits an extension off the end of a selection; the number must remain. */
export function splitExtension(selection: string): { readonly number: string; readonly extension?: string } {
  const match = EXTENSION_SUFFIX.exec(selection);
  if (!match || match.index === undefined) return { number: selection };
  const number = selection.slice(0, match.index);
  // "#31" alone is a feature code, not a number with an extension.
  if (!/[0-9].*[0-9]/.test(number)) return { number: selection };
  return { number, extension: match[1]! };
}

/** The extension of a tel: link (RFC 3966 ";ext=12"; some sites write ";postd=" or ",,12"). */
export function linkExtension(link: string): string | undefined {
  const match = /;ext=([0-9*#]{1,10})/i.exec(link) ?? /;postd=[p,w]*([0-9*#]{1,10})/i.exec(link);
  return match?.[1];
}
