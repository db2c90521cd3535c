import { describe, expect, it } from 'vitest';
import { guessRoles, whyNoRole } from '../../../../src/replay/core/column-roles.js';
import { zoneFrom } from '../../../../src/replay/core/dates.js';
import { detectEncoding, encodingFrom, firstInvalidUtf8 } from '../../../../src/replay/core/encoding.js';
import { readFields, type FieldSpec } from '../../../../src/replay/core/mapping.js';
import { parseAmount, splitCurrency } from '../../../../src/replay/core/numbers.js';
import { decimalVote, excelSepLine, looksNumeric } from '../../../../src/replay/core/sniff.js';

describe('values as spreadsheets write them', () => {
  it('a space or (narrow) no-break space as thousands separator with a decimal comma votes for the comma', () => {
    for (const v of ['1 249,50', '1\u202f249,50', '1\u00a0249,50', '12 345 678,9', '€1.234,50', '12,00 €']) expect(decimalVote(v), v).toBe(',');
    for (const v of ['1 249.50', "1'249.50", '$1,249.50', '12.00 USD']) expect(decimalVote(v), v).toBe('.');
    // Mixed separators in one number are no thousands groups.
    expect(decimalVote('1 249.500,5')).toBeUndefined();
  });

  it('currency signs before or after an amount: split off, with their ISO code', () => {
    expect(splitCurrency('$12.00')).toEqual({ number: '12.00', currency: 'USD' });
    expect(splitCurrency('12.00 €')).toEqual({ number: '12.00', currency: 'EUR' });
    expect(splitCurrency('€1.234,50')).toEqual({ number: '1.234,50', currency: 'EUR' });
    expect(splitCurrency('-£3.10')).toEqual({ number: '-3.10', currency: 'GBP' });
    expect(splitCurrency('CHF 1\'200.00')).toEqual({ number: "1'200.00", currency: 'CHF' });
    expect(splitCurrency('C$ 4')).toEqual({ number: '4', currency: 'CAD' });
    expect(splitCurrency('12.5')).toEqual({ number: '12.5' });
    expect(parseAmount('€1.234,50', ',')).toEqual({ value: 1234.5, currency: 'EUR' });
    expect(parseAmount('1\u202f249,50', ',')).toEqual({ value: 1249.5 });
    expect(parseAmount('$abc')).toBeUndefined();
    expect(looksNumeric('$12.00') && looksNumeric('12,00 €') && !looksNumeric('12 €x')).toBe(true);
  });

  it("Excel's sep= first line names the delimiter", () => {
    expect(excelSepLine('sep=;')).toBe(';');
    expect(excelSepLine('SEP=,')).toBe(',');
    expect(excelSepLine('"sep=|"')).toBe('|');
    expect(excelSepLine('sep=\t')).toBe('\t');
    expect(excelSepLine('sep=;;;')).toBe(';');
    expect(excelSepLine('separator;b')).toBeUndefined();
    expect(excelSepLine(undefined)).toBeUndefined();
  });

  it('Country/Region and its kin are the country', () => {
    for (const name of ['Country/Region', 'Country Code', 'country_name', 'Pays/Région']) {
      expect(guessRoles([{ name, numeric: 0, dates: 0 }]).country, name).toBe(name);
    }
  });

  it('why a column got no role: the name, or the values, with the first bad one and its line', () => {
    expect(whyNoRole({ name: 'Notes', numeric: 0, dates: 0 }, {})).toBe('column "Notes": name not recognised as any role');
    expect(whyNoRole({ name: 'Total', numeric: 0.4, dates: 0, notNumeric: { line: 3, value: 'n/a' } }, {})).toBe('column "Total": looks like amount, but only 40% of its values are numbers, e.g. line 3: "n/a"');
    expect(whyNoRole({ name: 'Date', numeric: 0, dates: 0.5 }, {})).toBe('column "Date": looks like ts, but only 50% of its values are dates in one format');
    expect(whyNoRole({ name: 'Amount', numeric: 1, dates: 0 }, { amount: 'Sales' })).toBe('column "Amount": looks like amount, but column "Sales" took that role');
  });
});

describe('encoding detection', () => {
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it('a BOM says it; valid UTF-8 is UTF-8; anything else is Windows-1252, with the first bad byte and its line', () => {
    expect(detectEncoding(Buffer.from('\ufeffa;b\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Buffer.from('Café;Zürich\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(bytes('\xff\xfea\x00'))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(bytes('\xfe\xff\x00a'))).toEqual({ encoding: 'utf-16be', bom: true });
    expect(detectEncoding(bytes('a;b\nCaf\xe9;1\n'))).toEqual({ encoding: 'windows-1252', bom: false, notUtf8: { line: 2, byte: 0xe9 } });
  });

  it('a UTF-8 sequence cut off by the end of the sample is no break; a broken one is', () => {
    expect(firstInvalidUtf8(Buffer.from('ab\u20ac', 'utf8').subarray(0, 4))).toBeUndefined();
    expect(firstInvalidUtf8(bytes('ab\xe2\x41\x41'))).toBe(2);
    expect(firstInvalidUtf8(bytes('\xc0\x80'))).toBe(0);
  });

  it('--encoding names', () => {
    expect(['auto', 'UTF8', 'latin1', 'ISO-8859-1', 'cp1252', 'utf16le'].map(encodingFrom)).toEqual(['auto', 'utf-8', 'windows-1252', 'windows-1252', 'windows-1252', 'utf-16le']);
    expect(encodingFrom('ebcdic')).toBeUndefined();
  });
});

describe('amounts with a currency sign in a row', () => {
  const o = { decimal: ',' as const, dateFormat: 'auto' as const, zone: zoneFrom('UTC') as (ms: number) => number };
  const specs = (currencyColumn?: string, fixed?: string): FieldSpec[] => [
    { key: 'amount', kind: 'number', column: 'Total' },
    { key: 'currency', kind: 'string', ...(currencyColumn ? { column: currencyColumn } : {}), ...(fixed ? { fixed } : {}) },
  ];
  const row = (cells: Record<string, string>) => (col: string) => cells[col];

  it('the sign is the currency when no currency column gives one, over --currency', () => {
    expect(readFields(specs(undefined, 'EUR'), row({ Total: '12,00 $' }), o)).toEqual({ amount: 12, currency: 'USD' });
    expect(readFields(specs(undefined, 'EUR'), row({ Total: '12,00' }), o)).toEqual({ amount: 12, currency: 'EUR' });
    expect(readFields(specs('Cur'), row({ Total: '€1.234,50', Cur: 'eur' }), o)).toEqual({ amount: 1234.5, currency: 'EUR' });
  });

  it('a currency column that says otherwise: the row is rejected, naming both', () => {
    expect(readFields(specs('Cur'), row({ Total: '$5,00', Cur: 'EUR' }), o, () => 3)).toEqual({ reason: 'invalid_value', error: 'column 3 "Total" "$5,00" is in USD, but column "Cur" says "EUR"' });
  });

  it('two amounts of one row in two currencies: rejected', () => {
    const two: FieldSpec[] = [{ key: 'amount', kind: 'number', column: 'Total' }, { key: 'unitPrice', kind: 'number', column: 'Unit' }];
    expect(readFields(two, row({ Total: '$5,00', Unit: '5,00 €' }), o)).toEqual({ reason: 'invalid_value', error: 'column "Unit": "5,00 €" is in EUR, column "Total" "$5,00" in USD' });
  });
});
