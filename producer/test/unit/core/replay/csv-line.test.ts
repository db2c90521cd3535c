import { describe, expect, it } from 'vitest';
import { detectDelimiter, splitCsvLine } from '../../../../src/core/replay/csv-line.js';

describe('splitCsvLine', () => {
  it('splits on the delimiter and trims unquoted fields', () => {
    expect(splitCsvLine('a, b ,c', ',')).toEqual({ fields: ['a', 'b', 'c'] });
    expect(splitCsvLine('a;;c;', ';')).toEqual({ fields: ['a', '', 'c', ''] });
    expect(splitCsvLine('a\tb', '\t')).toEqual({ fields: ['a', 'b'] });
  });

  it('keeps delimiters, doubled quotes and spaces inside quotes', () => {
    expect(splitCsvLine('"a, b",c', ',')).toEqual({ fields: ['a, b', 'c'] });
    expect(splitCsvLine('"say ""hi""", x', ',')).toEqual({ fields: ['say "hi"', 'x'] });
    expect(splitCsvLine(' " padded " ,""', ',')).toEqual({ fields: [' padded ', ''] });
  });

  it('reports an unterminated quote and text after a closing quote', () => {
    expect(splitCsvLine('"a,b', ',')).toEqual({ error: 'unterminated quoted field' });
    expect(splitCsvLine('"a"b,c', ',')).toEqual({ error: 'unexpected "b" after a closing quote at column 4' });
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(splitCsvLine('5" screen,1', ',')).toEqual({ fields: ['5" screen', '1'] });
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent candidate outside quotes', () => {
    expect(detectDelimiter('Date,AAPL.Open,AAPL.High')).toBe(',');
    expect(detectDelimiter('Datum;Kurs;"a,b,c"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('single')).toBe(',');
  });
});
