// Number detection (issue 5, item 1): many small cases per rule. Each case is what a person reading
// the page would expect Ringside to make clickable — or leave alone.
import { describe, expect, it } from 'vitest';
import { findPhoneNumbers, regionFromLanguage } from '../../../../src/core/phone/detect.ts';
import type { FoundNumber } from '../../../../src/core/phone/types.ts';

const find = (text: string, region = 'RU') => findPhoneNumbers(text, { region });

/** The one number found in `text`, as [raw, e164 or digits, extension?]. */
function one(text: string, region = 'RU'): [string, string, string?] {
  const found = find(text, region);
  expect(found, `${JSON.stringify(text)} → ${JSON.stringify(found)}`).toHaveLength(1);
  const f = found[0]!;
  return f.extension === undefined ? [f.raw, f.e164 ?? f.digits] : [f.raw, f.e164 ?? f.digits, f.extension];
}

function none(text: string, region = 'RU'): void {
  expect(find(text, region), JSON.stringify(text)).toEqual([]);
}

describe('Russian forms (region RU)', () => {
  it.each([
    ['+7 (495) 123-45-67', '+74951234567', 'international'],
    ['+74951234567', '+74951234567', 'international'],
    ['+7 495 123 45 67', '+74951234567', 'international'],
    ['+7(846)2730419', '+78462730419', 'international'],
    ['+7-845-265-10-93', '+78452651093', 'international'],
    ['+7 (4012) 53-18-06', '+74012531806', 'international'],
    ['+7 (48439) 1-23-45', '+74843912345', 'international'],
    ['8 (495) 123-45-67', '+74951234567', 'international'],
    ['8-495-123-45-67', '+74951234567', 'international'],
    ['84951234567', '+74951234567', 'international'],
    ['8(4852)58-30-17', '+74852583017', 'international'],
    ['8 912 345 67 89', '+79123456789', 'international'],
    ['8(912)3456789', '+79123456789', 'international'],
    ['7 495 123 45 67', '+74951234567', 'international'],
    ['7 (812) 640-11-02', '+78126401102', 'international'],
    ['74951234567', '+74951234567', 'international'],
    ['7-495-3936211', '+74953936211', 'international'],
    ['8-800-555-35-35', '+78005553535', 'international'],
    ['8 800 555 35 35', '+78005553535', 'international'],
    ['8 (800) 555-35-35', '+78005553535', 'international'],
    ['8800 555 35 35', '+78005553535', 'international'],
    ['(495) 123-45-67', '+74951234567', 'national'],
    ['495 123 4567', '+74951234567', 'national'],
    ['495 123-45-67', '+74951234567', 'national'],
    ['912 345-67-89', '+79123456789', 'national'],
    ['(912) 345 67 89', '+79123456789', 'national'],
    ['9167778899', '+79167778899', 'national'],
    ['8 (727) 250-11-22', '+77272501122', 'international'],
    ['+7 701 123 45 67', '+77011234567', 'international'],
  ])('%s → %s (%s)', (text, e164, kind) => {
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ start: 0, end: text.length, raw: text, e164, kind });
  });

  it('keeps the digits as written', () => {
    expect(find('8 (495) 123-45-67')[0]!.digits).toBe('84951234567');
    expect(find('+7 (495) 123-45-67')[0]!.digits).toBe('74951234567');
    expect(find('(495) 123-45-67')[0]!.digits).toBe('4951234567');
  });

  it('city-local numbers are kind local without e164', () => {
    expect(find('Тел. 123-45-67')[0]).toMatchObject({ raw: '123-45-67', kind: 'local', digits: '1234567' });
    expect(find('справочная 371-05-05')[0]).toMatchObject({ kind: 'local', digits: '3710505' });
    expect(find('12-34-56')[0]).toMatchObject({ kind: 'local', digits: '123456' });
    expect(one('тел. 2-34-56')).toEqual(['2-34-56', '23456']);
    expect(one('тел. 1234567')).toEqual(['1234567', '1234567']);
    expect(find('123-45-67')[0]!.e164).toBeUndefined();
  });

  it('a bare 10-digit number is a phone only when it is a mobile or labelled', () => {
    expect(one('9123456789')).toEqual(['9123456789', '+79123456789']);
    none('4951234567');
    expect(one('тел. 4951234567')).toEqual(['4951234567', '+74951234567']);
    expect(one('Телефон для связи: 4951234567')).toEqual(['4951234567', '+74951234567']);
  });

  it('takes the typo "+8" for +7 only with a Russian number after it', () => {
    expect(one('+8 (495) 123-45-67')).toEqual(['+8 (495) 123-45-67', '+74951234567']);
  });

  it('reads lists: a number after a number, with commas, slashes or spaces', () => {
    const found = find('Тел.: 8 (343) 200-71-71, 200-71-72, 8 800 555-35-35 / 8 495 123-45-67');
    expect(found.map((f) => f.e164 ?? f.digits)).toEqual(['+73432007171', '2007172', '+78005553535', '+74951234567']);
    const spaced = find('8 495 123-45-67 8 800 555-35-35');
    expect(spaced.map((f) => f.raw)).toEqual(['8 495 123-45-67', '8 800 555-35-35']);
    expect(find('+7 495 123-45-67 +7 495 765-43-21')).toHaveLength(2);
  });

  it('does not let a row number or a tail swallow the phone', () => {
    expect(one('1 8 (495) 123-45-67')).toEqual(['8 (495) 123-45-67', '+74951234567']);
    expect(one('8 (495) 123-45-67/68')).toEqual(['8 (495) 123-45-67', '+74951234567']);
  });

  it('reads toll-free and vanity groupings after 8 / +7', () => {
    expect(one('тел: 8 800 2000 600')).toEqual(['8 800 2000 600', '+78002000600']);
    expect(one('8 800 700-0-700')).toEqual(['8 800 700-0-700', '+78007000700']);
    expect(one('8-800-200-3-200')).toEqual(['8-800-200-3-200', '+78002003200']);
    expect(one('+7 800 100 0 100')).toEqual(['+7 800 100 0 100', '+78001000100']);
  });

  it('reads a number written inside parentheses', () => {
    expect(one('Иван (8 912 345-67-89)')).toEqual(['8 912 345-67-89', '+79123456789']);
    expect(one('Иван (+7 912 345-67-89)')).toEqual(['+7 912 345-67-89', '+79123456789']);
    expect(one('(8 495) 123-45-67')).toEqual(['(8 495) 123-45-67', '+74951234567']);
  });

  it('rejects numbers that are not in the +7 plan or not grouped as phones', () => {
    none('8 (000) 123-45-67');
    none('4012 345678'); // a passport's series and number
    none('000-00-00');
    none('8 123 456 78 90'); // NSN starting with 1
    none('+7 (495) 123-45-6'); // 9 digits
    none('+7 (495) 123-45-678'); // 11 digits after +7
    none('8 495 1 2 3 4 5 6 7');
    none('1 2 3 4 5 6 7 8 9 10 11 12 13 14 15');
  });
});

describe('international forms', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+1 (201) 555-0123', '+12015550123'],
    ['+1-201-555-0123', '+12015550123'],
    ['+49 30 1234567', '+49301234567'],
    ['+49 (0) 30 1234567', '+49301234567'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['+375 29 123-45-67', '+375291234567'],
    ['+380 44 123 45 67', '+380441234567'],
    ['+38 (050) 123-45-67', '+380501234567'],
    ['00 49 30 1234567', '+49301234567'],
    ['0049 30 1234567', '+49301234567'],
    ['810 49 30 1234567', '+49301234567'],
    ['8-10-375-29-123-45-67', '+375291234567'],
    ['8 10 49 30 1234567', '+49301234567'],
    ['00 7 495 123 45 67', '+74951234567'],
    ['+ 7 495 123-45-67', '+74951234567'],
  ])('%s → %s', (text, e164) => {
    expect(one(text)).toEqual([text, e164]);
  });

  it('tolerates "+7" split from the rest by an inline element boundary', () => {
    expect(one('+7 (495) 123-45-67')).toEqual(['+7 (495) 123-45-67', '+74951234567']);
    expect(one('+7\u00a0(495)\u00a0123-45-67')).toEqual(['+7\u00a0(495)\u00a0123-45-67', '+74951234567']);
  });

  it('rejects calling codes that do not exist and numbers too short or long for the plan', () => {
    none('+999 123 456 789');
    none('+44 20 7946');
    none('+49 30 1234567890123456');
    none('+1 (201) 555-01');
  });

  it('does not read a bare 00-run shorter than a real international number', () => {
    none('ЛС 0048213377');
    none('0048213377');
  });
});

describe('foreign national forms in their own region', () => {
  it.each([
    ['US', '(201) 555-0123', '+12015550123'],
    ['US', '201-555-0123', '+12015550123'],
    ['US', '201.555.0123', '+12015550123'],
    ['US', '1-800-555-0199', '+18005550199'],
    ['US', '1 (800) 555-0199', '+18005550199'],
    ['US', '3035550108', '+13035550108'],
    ['CA', '(416) 555-0123', '+14165550123'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '07700 900123', '+447700900123'],
    ['GB', '0161 496 0000', '+441614960000'],
    ['DE', '030 1234567', '+49301234567'],
    ['DE', '030/1234567', '+49301234567'],
    ['DE', '(030) 1234567', '+49301234567'],
    ['DE', '0171 1234567', '+491711234567'],
    ['DE', '030 12345678-21', '+49301234567821'],
    ['DE', '089 / 21 09 87-0', '+49892109870'],
    ['FR', '01 23 45 67 89', '+33123456789'],
    ['UA', '067 501 22 33', '+380675012233'],
    ['UA', '(044) 123-45-67', '+380441234567'],
    ['UA', '0 800 300 545', '+380800300545'],
    ['BY', '8 (017) 388-12-12', '+375173881212'],
    ['BY', '8 029 123-45-67', '+375291234567'],
    ['KZ', '8 (727) 250-11-22', '+77272501122'],
  ])('%s: %s → %s', (region, text, e164) => {
    const found = find(text, region);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ raw: text, e164 });
  });

  it('national forms are kind national', () => {
    expect(find('(201) 555-0123', 'US')[0]!.kind).toBe('national');
    expect(find('030 1234567', 'DE')[0]!.kind).toBe('national');
  });

  it('does not read another country\'s national form', () => {
    none('030 1234567', 'RU');
    none('(201) 555-0123', 'RU');
    none('020 7946 0958', 'US');
  });

  it('reads Russian long forms whatever the region', () => {
    expect(one('8 (495) 123-45-67', 'US')).toEqual(['8 (495) 123-45-67', '+74951234567']);
    expect(one('+7 495 123-45-67', 'DE')).toEqual(['+7 495 123-45-67', '+74951234567']);
  });

  it('checks North American area codes against the real list', () => {
    none('555 123 4567', 'US');
    none('Ref 1234567890', 'US');
    expect(one('212 555 0147', 'US')).toEqual(['212 555 0147', '+12125550147']);
  });

  it('does not read document numbers as national numbers', () => {
    none('Kundennummer 0301234567', 'DE');
    none('Registered in England No. 01234567', 'GB');
    none('Siret 123 456 789 00012', 'FR');
  });

  it('does not take US 7-digit local numbers without a label', () => {
    none('555-0123', 'US');
    expect(one('Call 555-0123', 'US')).toEqual(['555-0123', '5550123']);
  });
});

describe('extensions', () => {
  it.each([
    ['+7 (495) 120-44-80 доб. 312', '312'],
    ['+7 (495) 120-44-80 доб 312', '312'],
    ['+7 (495) 120-44-80 доб.312', '312'],
    ['+7 (3452) 68-40-22 доп. 15', '15'],
    ['+7 (473) 229-55-10 вн. 118', '118'],
    ['8 495 123-45-67 добавочный 2', '2'],
    ['8 (861) 992-15-30 (вн. 4410)', '4410'],
    ['8 495 123-45-67, доб. 300', '300'],
    ['+1 (201) 555-0123 ext. 55', '55'],
    ['+1 (201) 555-0123 ext 7', '7'],
    ['+1 (201) 555-0123 x12', '12'],
    ['+1 (201) 555-0123 x 204', '204'],
    ['+1 (201) 555-0123 #12', '12'],
    ['+7 495 123-45-67 доб.: 21345', '21345'],
  ])('%s → extension %s', (text, ext) => {
    expect(one(text)).toEqual([text, expect.stringMatching(/^\+/), ext]);
  });

  it('an extension on the next line belongs to another entry', () => {
    const found = find('346-08-43\nвн. 1001');
    expect(found.map((f) => [f.raw, f.digits, f.extension])).toEqual([
      ['346-08-43', '3460843', undefined],
      ['1001', '1001', undefined],
    ]);
  });

  it('a ")" after an extension is not taken unless it opened with it', () => {
    expect(one('(тел. 8 495 123-45-67 доб. 12)')).toEqual(['8 495 123-45-67 доб. 12', '+74951234567', '12']);
  });

  it('"option 3" is an IVR choice, not an extension', () => {
    expect(one('Call +1 (201) 555-0123 option 3')).toEqual(['+1 (201) 555-0123', '+12015550123']);
  });
});

describe('internal numbers', () => {
  it('only when marked as internal', () => {
    expect(find('вн. 101')[0]).toMatchObject({ raw: '101', kind: 'short', digits: '101' });
    expect(one('внутр. 600')).toEqual(['600', '600']);
    expect(one('Внутренний номер: 2204')).toEqual(['2204', '2204']);
    expect(one('вн. тел. 15')).toEqual(['15', '15']);
  });

  it('a standalone доб./ext. is not dialled (it would call a colleague of the user)', () => {
    none('Отдел продаж: доб. 201');
    none('ext. 201');
  });

  it('leaves random short numbers alone', () => {
    none('Кабинет 101, 3 этаж, 15 минут, 2024 год, 112, *72, 900');
    none('внутри 10 дней');
    none('Иванов (101)');
    none('доп. услуги 500');
  });
});

describe('separators', () => {
  it.each([
    ['NBSP', '8\u00a0495\u00a0123\u00a045\u00a067'],
    ['thin space', '8\u2009495\u2009123\u200945\u200967'],
    ['narrow NBSP', '+7\u202f495\u202f123\u202f45\u202f67'],
    ['figure space', '8\u2007495\u2007123\u200745\u200767'],
    ['non-breaking hyphen', '8\u2011495\u2011123\u201145\u201167'],
    ['en dash', '8 (495) 123–45–67'],
    ['em dash', '8—495—123—45—67'],
    ['minus sign', '8\u2212495\u2212123\u221245\u221267'],
    ['dots', '8.495.123.45.67'],
    ['spaced dashes', '8 - 495 - 123 - 45 - 67'],
    ['zero-width space', '8\u200b495\u200b123\u200b45\u200b67'],
  ])('%s', (_, text) => {
    expect(one(text)).toEqual([text, '+74951234567']);
  });

  it('a tab or a newline ends a number', () => {
    expect(find('8 495\t123-45-67').map((f) => f.raw)).toEqual(['123-45-67']);
    none('8 495\n1234567');
  });
});

describe('not phones', () => {
  it.each([
    // Dates and times.
    '21.11.2026', '2026-11-21', '21/11/26', '03/10/2024', '2024-03-21T10:15:42', '14:05', '00:03:27',
    '21.11.2026 14:30', '2026-11-21 08:00', '12-05-24', 'с 09:00 до 18:00', '9.00–18.00',
    // Ranges.
    '2019–2024', '1998-2005', '01.03.2024 – 31.03.2024', '2019 - 2023',
    // Prices and amounts.
    '1 234 567,89 ₽', '$1,234.56', '12 500 руб.', '1 250 000 ₽', '8 495,11 ₽', '€1.284,00', '15 000 000', '5 000 000 руб',
    '15%', '12,5 %', '+7,5%', '+3 500 ₽',
    // Russian company and bank requisites.
    'ИНН 7707083893', 'ИНН 3811123456', 'ИНН 772812345678', 'КПП 770701001', 'ОГРН 1027700132195',
    'ОГРНИП 304500116000157', 'БИК 044525225', 'р/с 40702810300001234567', 'к/с 30101810400000000225',
    'ОКПО 12345678', 'ОКТМО 45380000', 'ИНН/КПП 7707083893/770701001', 'СНИЛС 123-456-789 01', '849-123-456 78',
    'Полис ОМС 7712 3456 7890 1234', 'Паспорт 45 10 123456',
    // Cards, IBAN, accounts.
    '4276 1234 5678 9012', '4276-1234-5678-9012', 'DE89 3704 0044 0532 0130 00', 'GB29 NWBK 6016 1331 9268 19',
    // Postal codes, IPs, versions, coordinates.
    '123456, г. Москва', 'ZIP 10001', '94105-1234', '192.168.1.1', '10.0.0.254', 'v2.10.4', 'версия 1.2.3',
    '55.755826, 37.617300', '55°45′20″ с. ш.', 'MAC 00:1A:2B:3C:4D:5E',
    // Order, invoice, tracking numbers.
    'Заказ № 4951234567', 'Заказ №84951234567', '№ 77012345678', 'Order #84951234567', 'ID 84951234567',
    'Трек-номер 80081234567890', 'СДЭК 9612345678', 'Накладная 9123456789', 'invoice 89123456789',
    // Long digit runs, ISBN, serials, barcodes.
    '12345678901234567890', '4607012345678901', 'ISBN 978-5-17-123456-7', 'S/N 84951234567', 'EAN 4600123456789',
    'IMEI 356938035643809', 'кадастровый номер 77:01:0001001:1234',
    // Glued to words, URLs, e-mails, dialplan patterns.
    'ABC84951234567', '84951234567abc', 'https://example.ru/catalog/84951234567', 'user84951234567@mail.ru',
    '89123456789@mail.ru', '_79123345612', 'id=89123456789',
    // Masked numbers.
    '+7 926 ••• •• 15', '+7 (916) 520-XX-XX', '+7 (9**) ***-**-17',
    // Fax.
    'Факс: +7 (495) 640-00-06', 'Fax: (212) 555-0148', 'Telefax: +49 30 12345679', 'ф. 8 495 123-45-67',
  ])('%s', (text) => {
    none(text, text.includes('212') ? 'US' : 'RU');
  });

  it('phone labels beat a document word further back', () => {
    expect(one('Заказы: +7 (495) 984-17-17')).toEqual(['+7 (495) 984-17-17', '+74959841717']);
    expect(one('ИНН 7707083893, тел. 8 495 123-45-67').slice(0, 2)).toEqual(['8 495 123-45-67', '+74951234567']);
    expect(one('Тел./факс: 8 495 123-45-67')).toEqual(['8 495 123-45-67', '+74951234567']);
    expect(one('т/ф 8 495 123-45-67')).toEqual(['8 495 123-45-67', '+74951234567']);
  });

  it('document and money words veto only bare runs, not numbers written as phones', () => {
    none('Заказ 79161234567');
    none('Заказ 123-45-67');
    none('счёт 89123456789');
    expect(one('Справки по оплате: бухгалтерия (343) 385-90-14')).toEqual(['(343) 385-90-14', '+73433859014']);
    expect(one('Из-за рубежа: +7 495 500-55-50')).toEqual(['+7 495 500-55-50', '+74955005550']);
    expect(one('СМС с кодом не приходит на номер 8 968 412 07 33')).toEqual(['8 968 412 07 33', '+79684120733']);
    expect(one('Second contact on the account: Mr J. Patel, +44 7700 100234.', 'GB')).toEqual(['+44 7700 100234', '+447700100234']);
  });

  it('a fax label on the line above still marks a fax', () => {
    none('Факс\n+7 (495) 640-00-06');
    expect(one('Телефон\n+7 (495) 640-00-05')).toEqual(['+7 (495) 640-00-05', '+74956400005']);
  });

  it('a verb is not a label for a bare number', () => {
    none('dial 18001 before any of our numbers', 'GB');
  });

  it('a date next to a phone does not hide it', () => {
    expect(find('21.11.2026 позвонить 8 (495) 123-45-67').map((f) => f.raw)).toEqual(['8 (495) 123-45-67']);
  });

  it('a date is a phone only when a phone label says so', () => {
    expect(one('тел. 12-05-24')).toEqual(['12-05-24', '120524']);
  });
});

describe('offsets', () => {
  it('are exact UTF-16 offsets into the searched text, in order, not overlapping', () => {
    const text = 'Контакты 🙂: тел. +7 (495) 123-45-67 доб. 12; моб. 8 912 345-67-89, офис 123-45-67.';
    const found = find(text);
    expect(found.map((f) => [f.start, f.end, f.raw])).toEqual([
      [text.indexOf('+7'), text.indexOf('; моб'), '+7 (495) 123-45-67 доб. 12'],
      [text.indexOf('8 912'), text.indexOf(', офис'), '8 912 345-67-89'],
      [text.indexOf('123-45-67.'), text.length - 1, '123-45-67'],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.raw);
  });

  it('spans are ordered and disjoint on random digit soup', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const alphabet = '0123456789 -().+/\u00a0тел.доб ';
    let text = '';
    for (let i = 0; i < 20000; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
    const found = find(text);
    let last = -1;
    for (const f of found) {
      expect(f.start).toBeGreaterThanOrEqual(last);
      expect(f.end).toBeGreaterThan(f.start);
      expect(text.slice(f.start, f.end)).toBe(f.raw);
      last = f.end;
    }
  });

  it('returns an empty list for empty text and text without digits', () => {
    expect(find('')).toEqual([]);
    expect(find('Позвоните нам!')).toEqual([]);
  });
});

describe('regions', () => {
  it.each([
    ['ru', 'RU'], ['ru-RU', 'RU'], ['ru_RU', 'RU'], ['uk', 'UA'], ['uk-UA', 'UA'], ['kk', 'KZ'], ['be', 'BY'],
    ['en-US', 'US'], ['en-GB', 'GB'], ['en', 'US'], ['de', 'DE'], ['de-AT', 'AT'], ['fr-CA', 'CA'], ['zh-Hant-TW', 'TW'],
    ['es-419', 'ES'], ['pt-BR', 'BR'], ['ru-KZ', 'KZ'], ['', 'RU'], ['auto', 'RU'], ['xx', 'RU'], ['en-XX', 'US'],
  ])('regionFromLanguage(%j) → %s', (lang, region) => {
    expect(regionFromLanguage(lang)).toBe(region);
  });

  it('an unknown or lower-case region reads as given or as Russia', () => {
    expect(find('(495) 123-45-67', 'auto')[0]!.e164).toBe('+74951234567');
    expect(find('(201) 555-0123', 'us')[0]!.e164).toBe('+12015550123');
    expect(find('(495) 123-45-67', 'ZZ')[0]!.e164).toBe('+74951234567');
  });
});

describe('adversarial input', () => {
  // Linear by construction (no regex runs over the text); the bounds leave room for a loaded CI machine.
  const cases: [string, string][] = [
    ['1 MB of digits and separators', randomSoup(1 << 20)],
    ['1 MB of one digit run', '9'.repeat(1 << 20)],
    ['"1-" × 500k', '1-'.repeat(1 << 19)],
    ['"8 (" × 350k', '8 ('.repeat(350_000)],
    ['"(1" × 500k', '(1'.repeat(1 << 19)],
    ['"+7 " × 350k', '+7 '.repeat(350_000)],
    ['"1 " × 500k', '1 '.repeat(1 << 19)],
    ['"8 495 123-45-67 " × 60k', '8 495 123-45-67 '.repeat(65_000)],
    ['"тел. 1 " × 150k', 'тел. 1 '.repeat(150_000)],
    ['"вн. 12 " × 130k', 'вн. 12 '.repeat(130_000)],
    ['"123-45-67 доб." × 80k', '123-45-67 доб.'.repeat(80_000)],
  ];
  it.each(cases)('%s finishes fast', (_, text) => {
    const t0 = performance.now();
    const found = find(text);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000);
    let last = -1;
    let ordered = true;
    for (const f of found) {
      if (f.start < last || f.end <= f.start) ordered = false;
      last = f.end;
    }
    expect(ordered).toBe(true);
  });

  it('grows linearly with the input', () => {
    const small = randomSoup(1 << 18);
    const big = small.repeat(4);
    // The fastest of a few passes: the least disturbed by whatever else the machine runs.
    const fastest = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        find(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    find(small); // warm up
    const ratio = fastest(big) / Math.max(fastest(small), 1);
    expect(ratio).toBeLessThan(10); // 4× the text: ~4× the time, never quadratic (16×)
  });
});

function randomSoup(length: number): string {
  let seed = 7;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const alphabet = '0123456789012345678901234567890123456789 -.()/+\u00a0–';
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(alphabet[Math.floor(rnd() * alphabet.length)]!);
  return out.join('');
}

// Keep the type import used: FoundNumber is the contract under test.
export type { FoundNumber };
