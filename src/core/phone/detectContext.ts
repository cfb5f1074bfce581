// The words around a digit run: "тел.", "phone", "факс" make a bare number a phone; "ИНН", "р/с",
// "№", "заказ", "дата" make even a phone-shaped one something else (anchors.md A4: dates and IDs
// taken for phones are the commonest complaint). Only a few words before the number are read, and
// only the nearest label counts: "ИНН 7707083893, тел. 8 495 …" labels the second number a phone.
//
// Words are read backwards from the number and looked up in tables (whole words, then stems), not
// matched with one big regex: a page has thousands of numbers, and this runs for each candidate.

/**
 * phone: "тел.", "phone" — a bare number after it is a phone. fax: "факс", "Fax:" — not something
 * to click (a fax line does not take a call). internal: "вн.", "внутр." — a short number after it is
 * an internal extension. negative: an identifier ("ИНН", "р/с", "№", "ID", "дата") — never a phone.
 * weak: a document or order word ("заказ", "счёт", "account") — it vetoes bare digit runs, which are
 * likely the document's number, but not a number written as a phone ("Заказы: +7 (495) 984-17-17").
 */
export type Label = 'phone' | 'fax' | 'internal' | 'negative' | 'weak' | null;

/** How far back a label may stand, in characters: "Телефон для связи с менеджером: " fits. */
const WINDOW = 48;
/** Between the label and the number: a few words, no digits ("Тел. отдела продаж: "). */
const MAX_GAP = 32;
/** Words read back before giving up; negatives count only among the nearest few. */
const MAX_WORDS = 5;
const MAX_NEGATIVE_WORDS = 3;

const P: Label = 'phone';
const F: Label = 'fax';
const I: Label = 'internal';
const N: Label = 'negative';
const K: Label = 'weak';

const entries = (label: Label, words: string) => words.split(' ').map((w) => [w, label] as const);

/** Whole words (lower case). */
const WORDS = new Map<string, Label>([
  ...entries(P, 'т тел тлф т/ф сот моб whatsapp viber вайбер ватсап вотсап telegram tel tél téléphone teléfono telephone ' +
    'mobile mob mobil cell call ph hotline handy tlf tfn gsm линия линии p m тел/факс tel/fax phone/fax'),
  ...entries(F, 'ф факс fax telefax телефакс f'),
  ...entries(I, 'вн внутр internal'),
  ...entries(N, 'инн кпп бик окпо окато октмо оквэд окогу окфс окопф окпд окпд2 кбк снилс омс полис р/с р/сч рс к/с кс л/с лс ' +
    'imei isbn issn iban swift bic vin id uid sku serial s/n sn ean upc mac ip date version build ein aba duns nhs vat ' +
    'ust idnr steuernummer hrb hra crn utr огрн огрнип blz siret siren tva унп бин иик єдрпоу эдрпоу'),
  ...entries(K, 'сч ттн арт акт awb ref reference ticket тикет account acct a/c no nr nº p/n part item гос госномер сдэк ' +
    'boxberry dpd dhl ups fedex usps zip postal postcode'),
]);

/** Stems: a word starting with one of these (longest first wins). */
const STEMS = new Map<string, Label>([
  ...entries(P, 'телефон мобил сотов звон позвон справочн многоканальн бесплатн приёмн приемн секретар диспетчер контакт ' +
    'связ phone telefon contact телеграм горяч'),
  ...entries(F, 'факс'),
  ...entries(I, 'внутренн'),
  ...entries(N, 'огрн паспорт сери выдан идентификатор артикул дат индекс лиценз сертификат верси сборк кадастр штрихкод ' +
    'barcode серийн artikel datum'),
  ...entries(K, 'счет счёт расч лицев заказ заявк накладн трек отслежив код договор контракт документ чек order invoice ' +
    'tracking track обращени номенклатур партии parcel shipment доверенност протокол приказ платёж платеж квитанц рейс ' +
    'flight патент bestell kunden rechnung auftrag konto vertrag vorgang aktenzeichen referenz facture commande ' +
    'reservation booking confirmation policy claim'),
]);
const MAX_STEM = 13;

// Pages repeat their words; a small cache saves the lower-casing and the stem slices.
const wordCache = new Map<string, Label>();

function wordLabel(word: string): Label {
  let label = wordCache.get(word);
  if (label === undefined) {
    if (wordCache.size > 4096) wordCache.clear();
    label = lookUpWord(word.toLowerCase());
    wordCache.set(word, label);
  }
  return label;
}

function lookUpWord(w: string): Label {
  const exact = WORDS.get(w);
  if (exact !== undefined) return exact;
  for (let n = Math.min(w.length, MAX_STEM); n >= 2; n--) {
    const stem = STEMS.get(w.slice(0, n));
    if (stem !== undefined) return stem;
  }
  return null;
}

const LETTER = /\p{L}/u;
function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0x400 && c <= 0x481) return true; // Cyrillic, the common case
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f)) return false; // spaces, dashes, quotes
  return LETTER.test(String.fromCharCode(c));
}
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The nearest label before `start`: read back over at most MAX_WORDS words on the same line (a
 * newline or tab, as between table cells, ends the search) and stop at a digit (the label belongs to
 * another number then). Signs count too: "№ 4512", "#4512", "$1 234", "€ 50".
 */
export function labelBefore(text: string, start: number, maxWords = MAX_WORDS, maxGap = MAX_GAP): Label {
  const limit = Math.max(0, start - WINDOW);
  let k = start - 1;
  let words = 0;
  let onlyNumberWords = true; // the words read so far are all "номер"/"number": "внутренний номер 101"
  while (k >= limit) {
    const c = text.charCodeAt(k);
    if (isDigit(c)) return null;
    if (c === 10 || c === 9 || c === 13) {
      // A fax label may stand on the line above: "Факс\n+7 (495) 640-00-06".
      return words === 0 && /^[\s:]*$/.test(text.slice(k, start)) && previousWord(text, k - 1, limit).label === F ? F : null;
    }
    if (isLetter(c)) {
      // A word, letters and inner "/" (р/с, т/ф, s/n), read back to its start.
      const end = k + 1;
      while (k >= limit) {
        const d = text.charCodeAt(k);
        if (isLetter(d) || (d === 0x2f && k > 0 && isLetter(text.charCodeAt(k - 1)) && isLetter(text.charCodeAt(k + 1)))) k--;
        else break;
      }
      const word = text.slice(k + 1, end);
      let label = wordLabel(word);
      if (label === P || label === F) {
        const before = previousWord(text, k, limit, true);
        // "вн. тел. 101", "внутренний телефон 101": an internal number, not any phone.
        if (label === P && before.label === I) label = I;
        // "Тел./факс:", "тел/факс": a phone that also takes faxes.
        if (label === F && before.label === P && /^[.\s]*\/[.\s]*$/.test(text.slice(before.end, k + 1))) label = P;
      }
      // One-letter labels only as "т.", "p:", "ф.:" right before the number.
      if ((label === P || label === F) && word.length === 1 && (start - end > 3 || !/[.:]/.test(text.slice(end, start)))) label = null;
      // Verbs ("call", "звоните") label only the number right after them: "`call-bound` directly [`5235143`]".
      if (label === P && words > 0 && VERBS.test(word)) label = null;
      // An internal marker names the number right after it: "внутри 10 дней" is not extension 10.
      if (label === I && !onlyNumberWords) label = null;
      if ((label === N || label === K) && words >= MAX_NEGATIVE_WORDS) label = null;
      if (label !== null) return start - end <= maxGap ? label : null;
      if (!NUMBER_WORDS.has(word.toLowerCase())) onlyNumberWords = false;
      if (++words >= maxWords) return null;
      continue;
    }
    if (c === 0x2116 || c === 0x23) return start - k <= 4 ? N : null; // № #
    if (c === 0xb0 || c === 0xba) {
      // n° / nº
      const n = text.charCodeAt(k - 1);
      if (n === 0x6e || n === 0x4e) return start - k <= 4 ? N : null;
    }
    if (c === 0x24 || c === 0x20ac || c === 0xa3 || c === 0xa5 || c === 0x20bd || c === 0x20b4 || c === 0x20b8) {
      return text.slice(k + 1, start).trim() === '' ? N : null; // $ € £ ¥ ₽ ₴ ₸ right before
    }
    k--;
  }
  return null;
}

/** The word ending at or before `k` (skipping spaces, dots, colons and, if asked, "/"): its label and end. */
function previousWord(text: string, k: number, limit: number, slash = false): { label: Label; end: number } {
  while (k >= limit && (/[\s\u00a0.:]/.test(text[k]!) || (slash && text[k] === '/'))) k--;
  const end = k + 1;
  while (k >= limit && isLetter(text.charCodeAt(k))) k--;
  return { label: end > k + 1 ? wordLabel(text.slice(k + 1, end)) : null, end };
}

const VERBS = /^(?:call|звон|позвон)/i;

const NUMBER_WORDS = new Set(['номер', 'номера', 'number', 'no', 'nr']);

/** Cheap test before a full read: is the number right after an internal-extension marker ("вн. 101")? */
export function internalBefore(text: string, start: number): boolean {
  return labelBefore(text, start, 3, 24) === I;
}

// After a number: a currency, a unit or a percent sign means an amount, not a phone.
const AMOUNT_AFTER = /^[\s\u00a0\u202f]?(?:[%‰₽$€£¥₴₸]|(?:руб|р\.|коп|тыс|млн|млрд|шт|кг|km|kg|км|usd|eur|rub|mb|gb|кб|мб|гб)(?![\p{L}]))/iu;

export function amountAfter(text: string, end: number): boolean {
  return AMOUNT_AFTER.test(text.slice(end, end + 8));
}

// A list continues a phone: "8 (495) 123-45-67, 123-45-68" or "… 67 / 8 800 …" or "… или 8 …".
const LIST_GAP = /^(?:[\s\u00a0\u202f]*[,;/][\s\u00a0\u202f]*|[\s\u00a0\u202f]+(?:или|и|or|and|oder)[\s\u00a0\u202f]+|[\s\u00a0\u202f]+)$/iu;

export function continuesList(text: string, previousEnd: number, start: number): boolean {
  return start - previousEnd <= 8 && LIST_GAP.test(text.slice(previousEnd, start));
}
