import { describe, expect, it } from 'vitest';
import { AggregateFlush } from '../../../src/pipeline/aggregate-flush.js';

// The share of long-lived aggregates a commit rewrites (interval 30 s here).
describe('AggregateFlush', () => {
  it('while caught up: the part of the interval since the last rewrite, once it is a sixth or more', () => {
    const f = new AggregateFlush(0, 30_000);
    expect(f.take(3_000, true)).toBe(0);
    expect(f.take(4_999, true)).toBe(0);
    expect(f.take(6_000, true)).toBeCloseTo(0.2);
    expect(f.take(11_000, true)).toBeCloseTo(5 / 30);
    expect(f.take(12_000, true)).toBe(0);
  });

  it('a lagging partition rewrites nothing; once caught up it catches up, at most all of them', () => {
    const f = new AggregateFlush(0, 30_000);
    expect(f.take(10_000, false)).toBe(0);
    expect(f.take(20_000, true)).toBeCloseTo(2 / 3);
    expect(f.take(25_000, false)).toBe(0);
    expect(f.take(200_000, true)).toBe(1);
  });

  it('a requested full flush is 1, lagging or not, and is met once', () => {
    const f = new AggregateFlush(0, 30_000);
    f.requestAll();
    expect(f.allRequested).toBe(true);
    expect(f.take(1, false)).toBe(1);
    expect(f.allRequested).toBe(false);
    expect(f.take(2, false)).toBe(0);
  });

  it('an interval of 0 rewrites everything at every caught-up commit', () => {
    expect(new AggregateFlush(0, 0).take(0, true)).toBe(1);
  });
});
