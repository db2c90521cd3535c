import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../../src/replay/core/numbers.js';

describe('parseNumber', () => {
  it('reads plain numbers with a decimal point', () => {
    expect(parseNumber('127.830002')).toBe(127.830002);
    expect(parseNumber(' -0.5 ')).toBe(-0.5);
    expect(parseNumber('.25')).toBe(0.25);
    expect(parseNumber('1.234e-5')).toBe(1.234e-5);
    expect(parseNumber('42')).toBe(42);
  });

  it('accepts well-formed thousands separators with a decimal point', () => {
    expect(parseNumber('1,234,567.89')).toBe(1234567.89);
    expect(parseNumber("1'234.5")).toBe(1234.5);
    expect(parseNumber('1 234')).toBe(1234);
  });

  it('reads a decimal comma with dot, space or no-break-space groups', () => {
    expect(parseNumber('140,12', ',')).toBe(140.12);
    expect(parseNumber('1.234.567', ',')).toBe(1234567);
    expect(parseNumber('1.702,25', ',')).toBe(1702.25);
    expect(parseNumber('12\u00a0345,5', ',')).toBe(12345.5);
    expect(parseNumber('12\u202f345', ',')).toBe(12345);
  });

  it('rejects misplaced separators, mixed groups and non-numbers', () => {
    for (const bad of ['', ' ', 'null', 'NaN', 'Infinity', '4,16.0', '1,2345', '1,234 567', '1.5.5', '12abc', '$12', '1e999']) {
      expect(parseNumber(bad), bad).toBeUndefined();
    }
    expect(parseNumber('1.234,5')).toBeUndefined();
    expect(parseNumber('1,234.5', ',')).toBeUndefined();
  });
});
