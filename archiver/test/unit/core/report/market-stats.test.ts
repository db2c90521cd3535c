import { describe, expect, it } from 'vitest';
import type { DayBar } from '../../../../src/core/report/figures.js';
import { symbolStats } from '../../../../src/core/report/market-stats.js';

const bar = (close: number, ret: number | null): DayBar => ({ day: 'd', open: close, high: close, low: close, close, volume: 1, ticks: 1, sma5: null, sma20: null, ret });

describe('symbolStats', () => {
  it('gives no figure for no days', () => {
    expect(symbolStats('X', [])).toEqual({ symbol: 'X', days: [], stats: { days: 0, meanReturn: null, stdReturn: null, minReturn: null, maxReturn: null, totalReturn: null } });
  });

  it('has a mean but no sample std dev from one return', () => {
    const days = [bar(100, null), bar(104, 0.04)];
    expect(symbolStats('X', days)).toEqual({ symbol: 'X', days, stats: { days: 2, meanReturn: 0.04, stdReturn: null, minReturn: 0.04, maxReturn: 0.04, totalReturn: 104 / 100 - 1 } });
  });

  it('uses the sample std dev (n - 1) and the first-to-last close for the total', () => {
    // returns 0.1, -0.05, 0.01: mean 0.02, squared deviations 0.0064, 0.0049, 0.0001 -> variance 0.0114 / 2
    const s = symbolStats('X', [bar(200, null), bar(220, 0.1), bar(209, -0.05), bar(211.09, 0.01)]).stats;
    expect(s.days).toBe(4);
    expect(s.meanReturn).toBeCloseTo(0.02, 12);
    expect(s.stdReturn).toBeCloseTo(Math.sqrt(0.0057), 12);
    expect([s.minReturn, s.maxReturn]).toEqual([-0.05, 0.1]);
    expect(s.totalReturn).toBeCloseTo(211.09 / 200 - 1, 12);
  });
});
