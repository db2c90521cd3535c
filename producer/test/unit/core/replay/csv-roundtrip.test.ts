import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIMITERS, detectDelimiter, splitCsvLine } from '../../../../src/core/replay/csv-line.js';

// Fields as real exports have them: quotes, every candidate delimiter, spaces, accents. No line
// breaks: a replay file is read line by line (a multi-line field is dead-lettered, see csv-line.ts).
const field = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '"', ',', ';', '\t', '|', 'é', '€', '.', "'"), maxLength: 10 });
const row = fc.array(field, { minLength: 1, maxLength: 6 });
const lineOf = (csv: string) => csv.replace(/\r?\n$/, '');

describe('CSV written by a standard writer (csv-stringify) reads back (property)', () => {
  it('every field quoted: any text, any delimiter', () => {
    fc.assert(
      fc.property(row, fc.constantFrom(...DELIMITERS), (fields, delimiter) => {
        expect(splitCsvLine(lineOf(stringify([fields], { delimiter, quoted: true })), delimiter)).toEqual({ fields });
      }),
      { numRuns: 300 },
    );
  });

  it("the writer's own quoting (only where needed): fields without surrounding spaces", () => {
    // An unquoted field is trimmed on reading (hand-edited files: `a, b`), so its own outer
    // spaces cannot survive; csv-stringify leaves them unquoted.
    fc.assert(
      fc.property(fc.array(field.filter((f) => f === f.trim()), { minLength: 1, maxLength: 6 }), fc.constantFrom(...DELIMITERS), (fields, delimiter) => {
        expect(splitCsvLine(lineOf(stringify([fields], { delimiter })), delimiter)).toEqual({ fields });
      }),
      { numRuns: 300 },
    );
  });

  it('the delimiter of a written header is detected when it is the most frequent candidate', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,8}$/), { minLength: 2, maxLength: 6 }), fc.constantFrom(...DELIMITERS), (names, delimiter) => {
        expect(detectDelimiter(lineOf(stringify([names], { delimiter, quoted: true })))).toBe(delimiter);
      }),
    );
  });
});

describe('splitCsvLine edge rules (hand-checked)', () => {
  it('a quoted last field keeps its inner whitespace', () => {
    expect(splitCsvLine('a,"  b  "', ',')).toEqual({ fields: ['a', '  b  '] });
    expect(splitCsvLine('a,"\tb "  ', ',')).toEqual({ fields: ['a', '\tb '] }); // spaces after the closing quote are tolerated
  });

  it('names the column of text after a closing quote', () => {
    expect(splitCsvLine('"a"b,c', ',')).toEqual({ error: 'unexpected "b" after a closing quote at column 4' });
  });

  it('a quote after leading spaces opens a quoted field; after text it is text', () => {
    expect(splitCsvLine('  "x,y"  ,z', ',')).toEqual({ fields: ['x,y', 'z'] });
    expect(splitCsvLine('ab"c,d', ',')).toEqual({ fields: ['ab"c', 'd'] });
    expect(splitCsvLine('"a""', ',')).toEqual({ error: 'unterminated quoted field' });
    expect(splitCsvLine('""""', ',')).toEqual({ fields: ['"'] });
  });

  it('detectDelimiter: a tie keeps the earlier candidate; quoted delimiters do not count', () => {
    expect(detectDelimiter('a,b;c')).toBe(',');
    expect(detectDelimiter('a;b,c')).toBe(',');
    expect(detectDelimiter('"a;b;c",d')).toBe(',');
    expect(detectDelimiter('"a,b,c";d;e')).toBe(';');
  });
});
