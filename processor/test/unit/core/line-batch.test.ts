import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../../src/core/line-batch.js';

const lines = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `quote,symbol=Zürich\\ AG price=${from + i} ${1000 + from + i}`);

describe('LineBatch', () => {
  it('holds lines as one UTF-8 request body, newline-separated, and gives the same lines back', () => {
    const b = LineBatch.of(lines(3));
    expect(b.count).toBe(3);
    expect(b.bytes.toString('utf8')).toBe(lines(3).join('\n'));
    expect(b.lines()).toEqual(lines(3));
    expect(LineBatch.of([])).toBe(LineBatch.EMPTY);
    expect(LineBatch.EMPTY.lines()).toEqual([]);
  });

  it('concatenates batches in order, skipping empty ones (no blank line between)', () => {
    const all = LineBatch.concat([LineBatch.of(lines(2)), LineBatch.EMPTY, LineBatch.of(lines(3, 2))]);
    expect(all.count).toBe(5);
    expect(all.lines()).toEqual(lines(5));
    const one = LineBatch.of(lines(1));
    expect(LineBatch.concat([LineBatch.EMPTY, one])).toBe(one);
    expect(LineBatch.concat([])).toBe(LineBatch.EMPTY);
  });

  it('splits into runs of at most max lines at line ends, multi-byte characters intact', () => {
    const b = LineBatch.of(lines(7));
    expect(b.split(7)).toEqual([b]);
    const runs = b.split(3);
    expect(runs.map((r) => r.count)).toEqual([3, 3, 1]);
    expect(runs.map((r) => r.lines())).toEqual([lines(3), lines(3, 3), lines(1, 6)]);
    expect(b.split(1).map((r) => r.lines()[0])).toEqual(lines(7));
  });
});
