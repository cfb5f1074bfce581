// The compact numbering-plan table that detection ships (src/core/phone/detectMetadata.ts) is derived
// from libphonenumber-js's metadata, which is only a devDependency: the content script carries 22 kB
// (7 kB gzip) of patterns instead of the library's 184–270 kB (see test/bench/detect.ts). This test
// re-derives the table from the installed libphonenumber-js and fails when the shipped copy is stale.
// Regenerate after upgrading libphonenumber-js:
//   UPDATE_DETECT_METADATA=1 npx vitest run test/unit/core/phone/detectMetadata
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const TARGET = fileURLToPath(new URL('../../../../src/core/phone/detectMetadata.ts', import.meta.url));

// Metadata v4 arrays (libphonenumber-js source/metadata.js): index → field.
const CC = 0, IDD = 1, PATTERN = 2, FORMATS = 4, NATIONAL_PREFIX = 5, NP_FORMATTING_RULE = 6,
  NP_FOR_PARSING = 7, NP_TRANSFORM_RULE = 8, NP_OPTIONAL = 9, TYPES = 11;

type Country = unknown[];
interface Metadata {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, Country>;
  nonGeographic: Record<string, Country>;
}

/** Union of regexes as one source, each alternative kept whole. */
function union(patterns: string[]): string {
  const unique = [...new Set(patterns)];
  return unique.length === 1 ? unique[0]! : unique.map((p) => `(?:${p})`).join('|');
}

export function generateDetectMetadata(): string {
  const version = (require('libphonenumber-js/package.json') as { version: string }).version;
  const min = require('libphonenumber-js/metadata.min.json') as Metadata;
  const max = require('libphonenumber-js/metadata.max.json') as Metadata;

  // +7 and +1 get the per-type patterns of the full metadata (real area codes and mobile ranges)
  // rather than the general ones ("[347-9]\d{9}", "[2-9]\d{9}", "(?:268|[58]\d\d|900)\d{7}"):
  // Russian and North American pages are read with bare 10- and 11-digit numbers accepted, so random
  // IDs must not pass. Deduplicated, the +1 types cost ~5 kB, the +7 ones ~1 kB.
  const PRECISE = new Set(['7', '1']);
  const typePatterns = (r: string) =>
    ((max.countries[r]![TYPES] ?? []) as (unknown[] | 0)[]).flatMap((t) => (Array.isArray(t) && typeof t[0] === 'string' ? [t[0]] : []));
  const nsn: Record<string, string> = {};
  for (const [cc, regions] of Object.entries(min.country_calling_codes)) {
    const patterns = regions.flatMap((r) =>
      PRECISE.has(cc) ? typePatterns(r) : [((min.countries[r] ?? min.nonGeographic[cc]) as Country)[PATTERN] as string],
    );
    nsn[cc] = union(patterns);
  }

  const regions: Record<string, [string, string, string, 'o' | 'r' | 'n']> = {};
  for (const [r, c] of Object.entries(min.countries)) {
    const cc = c[CC] as string;
    const main = min.countries[min.country_calling_codes[cc]![0]!]!;
    const np = (c[NATIONAL_PREFIX] as string | 0 | undefined) || '';
    const npfp = (c[NP_FOR_PARSING] as string | 0 | undefined) || '';
    const transform = (c[NP_TRANSFORM_RULE] as string | 0 | undefined) || '';
    // A prefix-for-parsing that rewrites the number (Argentina's "9$1") is beyond a detector:
    // fall back to the plain national prefix there.
    const trunk = npfp && !transform ? npfp : np;
    const iddRaw = c[IDD] as string;
    const idd = /^\d+$/.test(iddRaw) ? iddRaw : '';
    const formats = ((c[FORMATS] || main[FORMATS] || []) as unknown[][]);
    const optional = Boolean(c[NP_OPTIONAL] || main[NP_OPTIONAL]) ||
      formats.some((f) => f[4] || !(f[3] ?? c[NP_FORMATTING_RULE] ?? main[NP_FORMATTING_RULE]));
    regions[r] = [cc, trunk, idd, !np ? 'n' : optional ? 'o' : 'r'];
  }

  const lines = [
    `// Generated from libphonenumber-js ${version} metadata by test/unit/core/phone/detectMetadata.test.ts:`,
    '// do not edit by hand. National significant number patterns are the "min" general patterns (the',
    '// union over regions sharing a calling code); +7 and +1 use the per-type patterns of "max".',
    `export const METADATA_SOURCE = 'libphonenumber-js ${version}';`,
    '',
    '/** Calling code → national significant number pattern (regex source, matched whole). */',
    'export const NSN_PATTERNS: Readonly<Record<string, string>> = {',
    ...Object.entries(nsn).map(([cc, p]) => `  '${cc}': ${JSON.stringify(p)},`),
    '};',
    '',
    '/**',
    ' * Region → [calling code, national (trunk) prefix as regex source or "", international prefix',
    ' * when it is plain digits or "", how the trunk prefix is written: o = optional (RU "(495) 123-45-67",',
    ' * US "(201) 555-0123"), r = required (DE "030 1234567"), n = the plan has none (ES, IT, PL)].',
    ' */',
    "export const REGIONS: Readonly<Record<string, readonly [string, string, string, 'o' | 'r' | 'n']>> = {",
    ...Object.entries(regions).map(([r, v]) => `  ${r}: ${JSON.stringify(v)},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

describe('detectMetadata.ts', () => {
  it('matches the installed libphonenumber-js metadata', () => {
    const generated = generateDetectMetadata();
    if (process.env.UPDATE_DETECT_METADATA) writeFileSync(TARGET, generated);
    expect(readFileSync(TARGET, 'utf8')).toBe(generated);
  });
});
