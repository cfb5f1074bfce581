// Numbering-plan look-ups for detection over the compact table in detectMetadata.ts (derived from
// libphonenumber-js metadata). Regexes are compiled on first use: a page in Russian never pays for
// the patterns of Brazil.
import { NSN_PATTERNS, REGIONS } from './detectMetadata.ts';

export interface RegionPlan {
  readonly region: string;
  /** Calling code, e.g. "7", "1", "49". */
  readonly cc: string;
  /** Matches the national (trunk) prefix at the start of national digits ("8", "0", "0|80?"); null when the plan has none. */
  readonly trunk: RegExp | null;
  /** International prefix when it is plain digits ("810", "00", "011"), else "". */
  readonly idd: string;
  /** How national numbers are written: o = the trunk prefix is optional, r = required, n = the plan has none. */
  readonly trunkUse: 'o' | 'r' | 'n';
}

const nsnCache = new Map<string, RegExp | null>();
const planCache = new Map<string, RegionPlan | null>();

function nsnRegex(cc: string): RegExp | null {
  let re = nsnCache.get(cc);
  if (re === undefined) {
    const source = NSN_PATTERNS[cc];
    re = source === undefined ? null : new RegExp(`^(?:${source})$`);
    nsnCache.set(cc, re);
  }
  return re;
}

/** A national significant number valid for the calling code's plan (libphonenumber's general pattern). */
export function isValidNsn(cc: string, nsn: string): boolean {
  return nsnRegex(cc)?.test(nsn) ?? false;
}

export function isCallingCode(cc: string): boolean {
  return NSN_PATTERNS[cc] !== undefined;
}

/** Splits "4930123456" into calling code "49" and the rest; calling codes form a prefix-free set. */
export function splitCallingCode(digits: string): { cc: string; nsn: string } | undefined {
  for (let n = 1; n <= 3 && n < digits.length; n++) {
    const cc = digits.slice(0, n);
    if (NSN_PATTERNS[cc] !== undefined) return { cc, nsn: digits.slice(n) };
  }
  return undefined;
}

export function regionPlan(region: string): RegionPlan | undefined {
  let plan = planCache.get(region);
  if (plan === undefined) {
    const row = REGIONS[region];
    plan = row
      ? { region, cc: row[0], trunk: row[1] ? new RegExp(`^(?:${row[1]})`) : null, idd: row[2], trunkUse: row[3] }
      : null;
    planCache.set(region, plan);
  }
  return plan ?? undefined;
}

export function isKnownRegion(region: string): boolean {
  return REGIONS[region] !== undefined;
}
