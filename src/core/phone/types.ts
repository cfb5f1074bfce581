// What number detection hands to the rest of Ringside (issue 5). Detection is pure (no DOM):
// the content script gives it text, it returns spans with the number to dial.

export type NumberKind =
  /** Written with a country code (+7 495…, 8 495… for Russia, 00 44…): e164 is known. */
  | 'international'
  /** A full national number of the region (e164 known from the region). */
  | 'national'
  /** A short local number without area code (123-45-67): e164 unknown. */
  | 'local'
  /** An internal extension or service/feature code (101, *72, 112). */
  | 'short';

export interface FoundNumber {
  /** UTF-16 offsets of the span in the text that was searched. */
  readonly start: number;
  readonly end: number;
  /** The span as written on the page. */
  readonly raw: string;
  readonly kind: NumberKind;
  /** "+74951234567" when the country is known (kinds international and national). */
  readonly e164?: string;
  /** The digits as written nationally, without separators: "84951234567", "1234567", "101". */
  readonly digits: string;
  /** An extension written after the number ("доб. 123", "ext. 45", "#12"). */
  readonly extension?: string;
}

export interface DetectOptions {
  /** ISO 3166 region whose national forms apply, e.g. "RU", "US", "DE". */
  readonly region: string;
}
