import { RSI } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { Rsi } from '../../../../src/core/indicators/rsi.js';
import { aaplCloses } from '../../../support/aapl.js';
import { alignedMaxErr } from '../../../support/golden.js';
import { wilderRsi } from '../../../support/wilder-rsi.js';
import { expectRestoreIsExact } from '../../../support/state.js';

const closes = aaplCloses();
const run = (period: number, xs: readonly number[]) => {
  const r = new Rsi(period);
  return xs.map((x) => r.update(x));
};

describe('Rsi', () => {
  it('RSI(14) equals technicalindicators (which rounds to 2 decimals) within 0.005', () => {
    const ours = run(14, closes);
    const ref = RSI.calculate({ period: 14, values: closes });
    expect(ref.length).toBe(closes.length - 14);
    expect(ours.findIndex((v) => v !== undefined)).toBe(14);
    let maxAbs = 0;
    ours.slice(14).forEach((v, i) => (maxAbs = Math.max(maxAbs, Math.abs((v as number) - (ref[i] as number)))));
    // Observed max absolute difference: 0.004995, i.e. technicalindicators' rounding itself.
    expect(maxAbs).toBeLessThanOrEqual(0.005);
  });

  it("RSI(14) equals Wilder's definition computed over whole arrays", () => {
    const ours = run(14, closes);
    const ref = wilderRsi(closes, 14);
    // The reference keeps its warm-up as undefined entries: drop them for alignment.
    // Observed max relative error: 0 (same arithmetic, done incrementally vs over arrays).
    expect(alignedMaxErr(ours, ref.slice(14), 'rsi_14')).toBeLessThanOrEqual(1e-12);
  });

  it('hand-checked values, period 2', () => {
    // changes +1, -0.5: avgGain 0.5, avgLoss 0.25, RS 2 -> 100 - 100/3
    // then +1: avgGain (0.5*1 + 1)/2 = 0.75, avgLoss (0.25*1 + 0)/2 = 0.125, RS 6 -> 100 - 100/7
    const [a, b, c, d] = run(2, [1, 2, 1.5, 2.5]);
    expect([a, b]).toEqual([undefined, undefined]);
    expect(c).toBeCloseTo(100 - 100 / 3, 12);
    expect(d).toBeCloseTo(100 - 100 / 7, 12);
  });

  it('is 100 when every change is a gain or prices are flat, 0 when every change is a loss (ours, not the reference)', () => {
    const up = Array.from({ length: 30 }, (_, i) => 100 + i);
    const down = up.map((x) => 200 - x);
    expect(run(14, up).slice(14)).toEqual(Array(16).fill(100));
    expect(run(14, down).slice(14)).toEqual(Array(16).fill(0));
    // No change at all: average loss 0, so RS is unbounded -> 100 (technicalindicators says 100 too).
    expect(run(3, [5, 5, 5, 5, 5, 5])).toEqual([undefined, undefined, undefined, 100, 100, 100]);
    // A loss after flat prices brings it to 0 at once; a gain after that lifts it off 0.
    // period 2: changes 0, -1 -> avgGain 0, avgLoss 0.5 -> 0; +1 -> avgGain 0.5, avgLoss 0.25 -> 100 - 100/3
    const [, , c, d] = run(2, [5, 5, 4, 5]);
    expect(c).toBe(0);
    expect(d).toBeCloseTo(100 - 100 / 3, 12);
  });

  it('restores from JSON state and continues bit-identically', () => {
    for (const split of [0, 1, 13, 14, 15, 300]) {
      expectRestoreIsExact(() => new Rsi(14), Rsi.restore, (r, x: number) => r.update(x), closes, split);
    }
  });
});
