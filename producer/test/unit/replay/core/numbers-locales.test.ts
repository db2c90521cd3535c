import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber, type DecimalMark } from '../../../../src/replay/core/numbers.js';

// Numbers as spreadsheets and locale-aware writers export them (Intl.NumberFormat, i.e. ICU).
const LOCALES: [string, DecimalMark][] = [['en-US', '.'], ['de-CH', '.'], ['de-DE', ','], ['fr-FR', ','], ['es-ES', ','], ['pt-BR', ',']];

describe('parseNumber reads locale-formatted numbers back (property, Intl as the writer)', () => {
  it('any value, grouped or not, in each locale with its decimal mark', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(...LOCALES), fc.boolean(), (x, [locale, mark], useGrouping) => {
        const written = new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping }).format(x);
        const plain = Number(new Intl.NumberFormat('en-US', { maximumFractionDigits: 6, useGrouping: false }).format(x).replace('\u2212', '-'));
        // + 0 turns -0 into 0: a sign on zero is not what this property is about.
        expect((parseNumber(written, mark) ?? NaN) + 0, `${locale} ${written}`).toBe(plain + 0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseNumber rules (hand-checked)', () => {
  it('thousands separators with a decimal point: comma, apostrophe, spaces, no-break spaces, underscore', () => {
    expect(parseNumber('1_234.5')).toBe(1234.5);
    expect(parseNumber('1\u00a0234.5')).toBe(1234.5);
    expect(parseNumber('1\u202f234')).toBe(1234);
    expect(parseNumber('-1,234.5')).toBe(-1234.5);
    expect(parseNumber('+1,234')).toBe(1234);
    expect(parseNumber('1,234,567')).toBe(1234567);
  });

  it('with a decimal comma: dot, apostrophe and spaces group; underscore does not', () => {
    expect(parseNumber("1'234,5", ',')).toBe(1234.5);
    expect(parseNumber('1 234 567,25', ',')).toBe(1234567.25);
    expect(parseNumber('1_234,5', ',')).toBeUndefined();
    expect(parseNumber('-0,5', ',')).toBe(-0.5);
    expect(parseNumber(',5', ',')).toBe(0.5);
    expect(parseNumber('1,5e3', ',')).toBe(1500);
  });

  it('groups are exactly three digits after a first group of one to three, one separator kind', () => {
    for (const bad of ['1234,567', '12,34,567', '1,2345.5', '1,234.', ',234', '1,234e5', '1,234,56']) {
      expect(parseNumber(bad), bad).toBeUndefined();
    }
    expect(parseNumber('123,456')).toBe(123456);
    expect(parseNumber('1.')).toBe(1);
    expect(parseNumber('1E3')).toBe(1000);
    expect(parseNumber('1.234.567,5', ',')).toBe(1234567.5);
    expect(parseNumber('1.234 567,5', ',')).toBeUndefined();
  });

  it('a regex character as text is not a separator (the separators are escaped)', () => {
    for (const bad of ['1*234', '1+234', '1[234', '1\\234', '1$234']) expect(parseNumber(bad), bad).toBeUndefined();
  });
});
