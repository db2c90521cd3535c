import { describe, expect, it } from 'vitest';
import { addDateEvidence, dateVerdict, decimalVote, detectDelimiter, emptyDateEvidence, looksNumeric } from '../../../../src/replay/core/sniff.js';

const evidence = (values: string[]) => {
  const e = emptyDateEvidence();
  for (const v of values) addDateEvidence(e, v);
  return e;
};
const verdict = (values: string[]) => dateVerdict(evidence(values));

describe('detectDelimiter rules', () => {
  it('equally steady: more fields wins; same fields: the earlier of , ; tab |', () => {
    expect(detectDelimiter(['a,b;c;d', '1,2;3;4'])).toBe(';');
    expect(detectDelimiter(['a,b;c', '1,2;3'])).toBe(',');
    expect(detectDelimiter(['a;b|c', '1;2|3'])).toBe(';');
    expect(detectDelimiter(['a\tb|c', '1\t2|3'])).toBe('\t');
  });

  it('no delimiter in the header: comma; blank lines are not rows', () => {
    expect(detectDelimiter(['abc', '1;2'])).toBe(',');
    expect(detectDelimiter([])).toBe(',');
    expect(detectDelimiter(['a;b', '', '  ', '1;2', '3;4,5,6,7'])).toBe(';');
  });

  it('a far larger count wins when all but a few rows repeat it (score = share of steady rows x 1000 + header count)', () => {
    const rows = [...Array.from({ length: 999 }, () => '1,2,3,4;5'), '1,2;3'];
    expect(detectDelimiter(['a,b,c,d;e', ...rows])).toBe(',');
    expect(detectDelimiter(['a,b,c;d', '1;2', '3;4'])).toBe(';');
  });

  it('blank lines before the header are skipped', () => {
    expect(detectDelimiter(['', 'a;b', '1;2'])).toBe(';');
    expect(detectDelimiter(['  ', 'a;b', '1;2'])).toBe(';');
  });

  it('a quoted field spanning lines is one row: its second line is not a short row', () => {
    expect(detectDelimiter(['a;b,c', '1;2,"x', 'y",3', '4;5,6'])).toBe(';');
  });

  it('delimiters inside quotes do not count, in the header either', () => {
    expect(detectDelimiter(['"a,b,c";d', '"1,2,3";4', '"5,6,7";8'])).toBe(';');
    expect(detectDelimiter(['"a;b",c', '"1;2",3', '"4;5",6'])).toBe(',');
    expect(detectDelimiter(['"x,y,z";b', '1;2'])).toBe(';');
  });
});

describe('decimalVote rules', () => {
  it('a sign and spaces around do not change the vote', () => {
    expect(decimalVote(' -12,5 ')).toBe(',');
    expect(decimalVote('+1.249,50')).toBe(',');
    expect(decimalVote('-1,249.50')).toBe('.');
  });

  it('grouped thousands then decimals, or 1-2 / 4+ decimals after a lone mark', () => {
    expect(decimalVote('1.234.567,8')).toBe(',');
    expect(decimalVote('1,234,567.8')).toBe('.');
    expect(decimalVote('0,5')).toBe(',');
    expect(decimalVote('3,1416')).toBe(',');
    expect(decimalVote('3.1416')).toBe('.');
    expect(decimalVote('1234,56')).toBe(',');
    expect(decimalVote('1234.56')).toBe('.');
  });

  it('three digits after a lone mark, broken grouping, other text: no vote', () => {
    expect(decimalVote('12.345,6')).toBe(',');
    expect(decimalVote('12,345.6')).toBe('.');
    for (const v of ['1-2,5', '12,5-', '1.234,5x', '1,234.5x', 'x1.234,5', 'x1,234.5', '12345.678,9', '12345,678.9']) expect(decimalVote(v), v).toBeUndefined();
    for (const v of ['12,345', '12.345', '1.24,50', '1,24.50', '12,5,3', 'a12,5', '12,5a', '1.2345.6', ',5', '5,']) expect(decimalVote(v), v).toBeUndefined();
  });
});

describe('looksNumeric', () => {
  it('digits with separators, spaces, apostrophes, a sign; ends with a digit', () => {
    for (const v of ['42', '-3', '+3', '1 234,5', '12\u00a0000', "1'234.5", ' 7 ', '.5']) expect(looksNumeric(v), v).toBe(true);
    for (const v of ['', ' ', '12a', 'a12', '1.', '€', 'EUR', '12 €x', '-', '1-2', 'e5']) expect(looksNumeric(v), v).toBe(false);
  });
});

describe('date evidence and verdict rules', () => {
  it('counts each non-blank value once, by kind; slash parts above 12 separately', () => {
    expect(evidence(['', '  ', '2024-03-01', '2024/3/1', '1.3.2024', '13/4/2024', '4/13/2024', '1700000000', 'x'])).toEqual({
      values: 7, iso: 1, ymdSlash: 1, dotted: 1, slash: 2, firstOver12: 1, secondOver12: 1, epoch: 1, other: 1,
    });
  });

  it('ISO with a time, fraction, Z or an offset with or without a colon, any case', () => {
    expect(verdict(['2024-03-01 10:00', '2024-03-01T10:00:00.123+05:30', '2024-03-01t10:00:00,5z', '2024-03-01T10:00:00-0530', '2024-03-01 10:00:00 Z'])).toEqual({ format: 'iso' });
    for (const lower of ['2024-03-01t10:00', '2024-03-01T10:00z']) expect(verdict([lower]), lower).toEqual({ format: 'iso' });
    for (const bad of ['2024-03-01T10', '2024-03-01T10:00+5:30', '2024-03-01T10:00:00.', '2024-3-01', 'x2024-03-01', '2024-03-01x']) expect(verdict([bad]), bad).toEqual({ notDates: true });
  });

  it('year-first slash, dotted and epoch columns', () => {
    expect(verdict(['2024/3/1', '2024/12/31 23:59:59'])).toEqual({ format: 'YYYY/M/D' });
    expect(verdict(['1.3.2024', '01.03.2024 10:00:00,25'])).toEqual({ format: 'DD.MM.YYYY' });
    expect(verdict(['1700000000', '1700000000000', '1700000000.5', '123456789'])).toEqual({ format: 'auto' });
    expect(verdict(['1700000000.25'])).toEqual({ format: 'auto' }); // alone: one bad value of five would still pass
    for (const bad of ['12345678', '12345678901234', '1700000000.', '2024/3/1x', '1.3.24', '1/3/24']) expect(verdict([bad]), bad).toEqual({ notDates: true });
  });

  it('a part of exactly 12 proves nothing; 13 does', () => {
    expect(verdict(['12/4/2024'])).toEqual({ ambiguous: 'all 1 dates have day and month <= 12: D/M/YYYY or M/D/YYYY cannot be told from the data' });
    expect(verdict(['4/12/2024', '1/2/2024'])).toEqual({ ambiguous: 'all 2 dates have day and month <= 12: D/M/YYYY or M/D/YYYY cannot be told from the data' });
    expect(verdict(['13/4/2024', '1/2/2024'])).toEqual({ format: 'D/M/YYYY' });
    expect(verdict(['4/13/2024 8:15:30.5', '1/2/2024'])).toEqual({ format: 'M/D/YYYY' });
    expect(verdict(['13/13/2024'])).toEqual({ ambiguous: 'both day-first and month-first dates (some first parts and some second parts exceed 12)' });
  });

  it('up to 20 % unparsable cells still make a date column; more, no values, or two kinds do not', () => {
    expect(verdict(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', 'n/a'])).toEqual({ format: 'iso' });
    expect(verdict(['2024-03-01', '2024-03-02', '2024-03-03', 'n/a', '?'])).toEqual({ notDates: true });
    expect(verdict(['', ' '])).toEqual({ notDates: true });
    expect(verdict(['2024-03-01', '2024/3/2'])).toEqual({ notDates: true });
    expect(verdict(['1700000000', '13/4/2024'])).toEqual({ notDates: true });
    expect(verdict(['1.3.2024', '13/4/2024'])).toEqual({ notDates: true });
  });
});
