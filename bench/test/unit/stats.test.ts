import { describe, expect, it } from 'vitest';
import { catchUpRate, percentile, slope, summarize } from '../../lib/stats.js';

describe('percentile (nearest rank)', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('returns the smallest value with at least p % of samples at or below it', () => {
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('is NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts a copy and reports n, min, p50, p99, max, mean', () => {
    const input = [5, 1, 4, 2, 3];
    expect(summarize(input)).toEqual({ n: 5, min: 1, p50: 3, p99: 5, max: 5, mean: 3 });
    expect(input).toEqual([5, 1, 4, 2, 3]);
  });

  it('is all NaN (n = 0) for no samples', () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    expect(s.p99).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe('slope', () => {
  it('is the least-squares slope', () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 12);
    expect(slope([0, 1, 2, 3], [5, 5, 5, 5])).toBe(0);
    // Noise around y = -x: the fit recovers the trend.
    expect(slope([0, 1, 2, 3, 4], [0.1, -1.1, -1.9, -3.1, -3.9])).toBeCloseTo(-1, 12);
  });

  it('is NaN when it is undefined', () => {
    expect(slope([1], [1])).toBeNaN();
    expect(slope([2, 2], [1, 5])).toBeNaN();
  });
});

describe('catchUpRate', () => {
  it('measures from the first commit to the first sample at the end, excluding startup', () => {
    const samples = [
      { t: 0, committed: 0 }, // process starting
      { t: 1000, committed: 0 }, // joining the group
      { t: 2000, committed: 10_000 },
      { t: 3000, committed: 60_000 },
      { t: 4000, committed: 110_000 },
      { t: 5000, committed: 110_000 },
    ];
    expect(catchUpRate(samples, 110_000)).toEqual({ rate: 50_000, seconds: 2 });
  });

  it('is NaN when the backlog was never finished or no commit was seen', () => {
    expect(catchUpRate([{ t: 0, committed: 5 }], 10).rate).toBeNaN();
    expect(catchUpRate([{ t: 0, committed: 0 }], 0).rate).toBeNaN();
  });
});
