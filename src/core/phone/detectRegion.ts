// The region whose national forms a page's numbers are read in, when the setting is "auto": from the
// browser's language (chrome.i18n.getUILanguage() / navigator.language give "ru", "en-US", "uk", …).
// Russia unless the language says otherwise (issue 5): Ringside's users are mostly in the +7 zone.
import { isKnownRegion } from './detectPlans.ts';

export const FALLBACK_REGION = 'RU';

// A language without a region subtag → the country most of its speakers dial from.
const LANGUAGE_REGION: Readonly<Record<string, string>> = {
  ru: 'RU', uk: 'UA', be: 'BY', kk: 'KZ', uz: 'UZ', ky: 'KG', tg: 'TJ', tk: 'TM', hy: 'AM', ka: 'GE',
  az: 'AZ', ro: 'RO', mo: 'MD', lv: 'LV', lt: 'LT', et: 'EE',
  en: 'US', de: 'DE', fr: 'FR', es: 'ES', it: 'IT', pt: 'PT', nl: 'NL', pl: 'PL', cs: 'CZ', sk: 'SK',
  hu: 'HU', bg: 'BG', sr: 'RS', hr: 'HR', bs: 'BA', sl: 'SI', mk: 'MK', sq: 'AL', el: 'GR', tr: 'TR',
  sv: 'SE', da: 'DK', nb: 'NO', nn: 'NO', no: 'NO', fi: 'FI', is: 'IS', ga: 'IE', mt: 'MT',
  he: 'IL', iw: 'IL', ar: 'SA', fa: 'IR', ur: 'PK', hi: 'IN', bn: 'BD', ja: 'JP', ko: 'KR', zh: 'CN',
  vi: 'VN', th: 'TH', id: 'ID', ms: 'MY', fil: 'PH', tl: 'PH', sw: 'KE', af: 'ZA', mn: 'MN',
};

/**
 * "ru", "ru-RU" → "RU"; "uk" → "UA"; "kk" → "KZ"; "be" → "BY"; "en-US" → "US"; "en-GB" → "GB";
 * "de" → "DE"; "zh-Hant-TW" → "TW". An explicit region subtag wins over the language; anything
 * unknown (including "" and "auto") falls back to Russia.
 */
export function regionFromLanguage(lang: string): string {
  const parts = lang.trim().replace(/_/g, '-').split('-');
  const language = (parts[0] ?? '').toLowerCase();
  // BCP 47: language[-script][-region]…; the region is the first 2-letter subtag after the language.
  for (const part of parts.slice(1)) {
    if (/^[A-Za-z]{2}$/.test(part)) {
      const region = part.toUpperCase();
      if (isKnownRegion(region)) return region;
      break;
    }
    if (!/^[A-Za-z]{4}$/.test(part)) break; // a variant or extension: no region subtag follows
  }
  const byLanguage = LANGUAGE_REGION[language];
  return byLanguage !== undefined && isKnownRegion(byLanguage) ? byLanguage : FALLBACK_REGION;
}

/** The region to detect in: a known ISO code as given (any case), else the fallback. */
export function normaliseRegion(region: string): string {
  const upper = region.trim().toUpperCase();
  return isKnownRegion(upper) ? upper : FALLBACK_REGION;
}
