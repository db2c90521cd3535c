import { describe, expect, it } from 'vitest';
import { cleanKey, dateOfKey, fileName, parseFileName, rawKey } from '../../../src/core/layout.js';

describe('archive layout', () => {
  const range = { partition: 3, first: 120n, last: 4567n };
  it('puts raw files under the hour received and clean files under the event date, named by offset range', () => {
    const ts = Date.UTC(2026, 10, 30, 7, 59, 59);
    expect(rawKey('market.quotes', ts, range)).toBe('raw/topic=market.quotes/date=2026-11-30/hour=07/part-p0003-00000000000000000120-00000000000000004567.parquet');
    expect(cleanKey('sales.transactions', '2026-11-29', range)).toBe('clean/topic=sales.transactions/date=2026-11-29/part-p0003-00000000000000000120-00000000000000004567.parquet');
  });
  it('reads the range and date back from a key, and ignores other files', () => {
    const key = rawKey('t', 0, range);
    expect(parseFileName(key)).toEqual(range);
    expect(dateOfKey(key)).toBe('1970-01-01');
    expect(parseFileName('raw/topic=t/date=1970-01-01/hour=00/data_0.parquet')).toBeUndefined();
    expect(parseFileName('.tmp/123-t-part-p0003-1-2.parquet')).toBeUndefined();
    // A bare file name is a file name too; a name that only starts like one is not.
    expect(parseFileName(fileName(range))).toEqual(range);
    expect(parseFileName(`raw/topic=t/${fileName(range)}.tmp`)).toBeUndefined();
    expect(parseFileName(`raw/topic=t/x${fileName(range)}`)).toBeUndefined();
    expect(dateOfKey(`raw/topic=t/${fileName(range)}`)).toBeUndefined();
    expect(dateOfKey(cleanKey('t', '2026-02-28', range))).toBe('2026-02-28');
  });
  it('sorts names in offset order', () => {
    const names = [{ ...range, first: 99n, last: 100n }, { ...range, first: 1000n, last: 2000n }].map((r) => rawKey('t', 0, r));
    expect([...names].sort()).toEqual(names);
  });
});
