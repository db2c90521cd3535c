import { describe, expect, it } from 'vitest';
import { FlushSpread } from '../../../src/core/flush-spread.js';

// Shares of a flush interval -> how many pending items to write now.
describe('FlushSpread', () => {
  it('a share of 1 writes everything pending, 0 nothing', () => {
    expect(new FlushSpread().take(1, () => 7)).toBe(7);
    expect(new FlushSpread().take(0, () => 7)).toBe(0);
  });

  it('shares adding up to 1 write each pending item once, a few at a time', () => {
    const s = new FlushSpread();
    const steps = Array.from({ length: 10 }, () => s.take(0.1, () => 1000));
    expect(steps).toEqual(Array(10).fill(100));
  });

  it('fractions carry over: one item waits until the shares reach 1', () => {
    const s = new FlushSpread();
    const steps = Array.from({ length: 8 }, () => s.take(0.25, () => 1));
    expect(steps).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('a sweep holds what is pending at its first share, not at commits without one', () => {
    const s = new FlushSpread();
    expect(s.take(0, () => 1)).toBe(0);
    expect(s.take(0.5, () => 10)).toBe(5);
    expect(s.take(0.5, () => 12)).toBe(5); // the sweep's other half; the 2 that changed meanwhile wait
    expect(s.take(0.5, () => 7)).toBe(3); // the next sweep holds the 7 left
  });

  it('never more than pending; nothing pending resets the credit', () => {
    const s = new FlushSpread();
    expect(s.take(0.9, () => 1)).toBe(0);
    expect(s.take(0.9, () => 0)).toBe(0);
    expect(s.take(0.5, () => 1)).toBe(0); // the 0.9 before is gone
    expect(s.take(0.5, () => 1)).toBe(1);
  });
});
