import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATORS, IndicatorSet, type IndicatorValues } from '../../../../src/core/indicators/indicator-set.js';
import { loadAapl } from '../../../support/aapl.js';
import { alignedMaxErr } from '../../../support/golden.js';
import { REFERENCE_FIELDS, referenceIndicators } from '../../../support/reference.js';
import { expectRestoreIsExact } from '../../../support/state.js';
import { wilderRsi } from '../../../support/wilder-rsi.js';

const rows = loadAapl();
const H = 3_600_000;

/** Runs a fresh default IndicatorSet over prices (zero volume: no vwap). */
function runSet(prices: readonly number[]): IndicatorValues[] {
  const set = IndicatorSet.create(DEFAULT_INDICATORS);
  return prices.map((p, i) => set.update(p, 0, rows[0]!.ts + i * 86_400_000));
}

describe('IndicatorSet (default config)', () => {
  it('defaults are the textbook parameters: SMA/EMA 20 and 50, RSI 14, MACD 12/26/9, Bollinger 20 with 2 sigma', () => {
    expect(DEFAULT_INDICATORS).toEqual({ smaPeriods: [20, 50], emaPeriods: [20, 50], rsiPeriod: 14, macd: { fast: 12, slow: 26, signal: 9 }, bollinger: { period: 20, k: 2 } });
  });

  // Low-priced (AAPL x 1e-7, ~1.2e-5, like SHIB-USD) and high-priced (AAPL x 500, ~65,000, like
  // BTC-USD) assets must be as exact as ~100-priced ones: nothing may assume a price scale.
  // Observed max relative error vs technicalindicators, at every scale: sma <= 2.7e-15,
  // bb <= 2.8e-15, ema/macd/signal/hist 0; rsi vs Wilder 0, vs technicalindicators 0.004995 abs.
  it.each([
    ['x1', 1],
    ['x1e-7', 1e-7],
    ['x500', 500],
  ])('every field equals the references on the AAPL closes %s', (_label, scale) => {
    const prices = rows.map((r) => r.close * scale);
    const outs = runSet(prices);
    const ref = referenceIndicators(prices);
    for (const field of REFERENCE_FIELDS) {
      const ours = outs.map((o) => o[field]);
      if (field === 'rsi_14') {
        // technicalindicators rounds RSI to 2 decimals: exact comparison is against Wilder.
        expect(alignedMaxErr(ours, wilderRsi(prices, 14).slice(14), field)).toBeLessThanOrEqual(1e-12);
        ours.slice(14).forEach((v, i) => expect(Math.abs((v as number) - (ref.rsi_14[i] as number))).toBeLessThanOrEqual(0.005));
      } else {
        expect(alignedMaxErr(ours, ref[field], field), field).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('emits a field only once its indicator is warmed up', () => {
    const outs = runSet(rows.map((r) => r.close));
    const keys = (i: number) => Object.keys(outs[i] ?? {}).sort();
    expect(keys(0)).toEqual([]);
    expect(keys(14)).toEqual(['rsi_14']);
    expect(keys(19)).toEqual(['bb_lower', 'bb_middle', 'bb_upper', 'ema_20', 'rsi_14', 'sma_20']);
    expect(keys(25)).toEqual(['bb_lower', 'bb_middle', 'bb_upper', 'ema_20', 'macd', 'rsi_14', 'sma_20']);
    expect(keys(49)).toEqual([...REFERENCE_FIELDS].sort());
  });

  it('adds vwap as soon as volume trades', () => {
    const set = IndicatorSet.create(DEFAULT_INDICATORS);
    expect(set.update(10, 0, rows[0]!.ts)).toEqual({});
    expect(set.update(12, 5, rows[0]!.ts + H)).toEqual({ vwap: 12 });
  });

  it('restores from JSON state and continues bit-identically (every field, vwap across days)', () => {
    // Four ticks a day so VWAP sessions reset inside the run; volume from the day's range.
    const ticks = rows.slice(0, 150).flatMap((r) =>
      [r.open, r.high, r.low, r.close].map((p, k) => ({ p, vol: Math.round((r.high - r.low) * 1e4) + k, ts: r.ts + (14 + k * 2) * H })),
    );
    const step = (s: IndicatorSet, t: (typeof ticks)[number]) => s.update(t.p, t.vol, t.ts);
    for (const split of [0, 1, 14, 19, 33, 49, 50, 301, 598]) {
      expectRestoreIsExact(() => IndicatorSet.create(DEFAULT_INDICATORS), IndicatorSet.restore, step, ticks, split);
    }
  });
});
