import { describe, expect, it } from 'vitest';
import { fieldsOf, RowChunks } from '../../../src/core/points.js';

describe('RowChunks', () => {
  it('hands out rows side by side in one chunk, and a new chunk when one is full', () => {
    const rows = new RowChunks();
    const names = Array.from({ length: 1500 }, (_, i) => `f${i}`);
    const [a, b, c] = [rows.row(names), rows.row(names), rows.row(names)];
    expect([a.at, b.at]).toEqual([0, 1500]);
    expect(b.values).toBe(a.values);
    expect(a.values.length).toBe(4096);
    expect(c.values).not.toBe(a.values); // 3,000 used of 4,096: another 1,500 do not fit
    expect(c.at).toBe(0);
    expect(rows.row(Array.from({ length: 5000 }, () => 'x')).values.length).toBe(5000); // a row longer than a chunk gets its own
    expect(Array.isArray(a.values)).toBe(true); // doubles in the heap, no ArrayBuffer
  });
});

describe('fieldsOf', () => {
  it("folds a row's known values (NaN left out) and the named fields into one record, row first", () => {
    const values = [9, 101.5, Number.NaN, 300];
    const p = { measurement: 'quote', tags: {}, fields: { market_state: 'REGULAR' }, row: { names: ['price', 'rsi_14', 'volume'], values, at: 1 }, ts: 1 };
    expect(fieldsOf(p)).toStrictEqual({ price: 101.5, volume: 300, market_state: 'REGULAR' });
    expect(Object.keys(fieldsOf(p))).toEqual(['price', 'volume', 'market_state']);
    expect(fieldsOf({ measurement: 'm', tags: {}, fields: { a: 1 }, ts: 1 })).toStrictEqual({ a: 1 });
  });
});
