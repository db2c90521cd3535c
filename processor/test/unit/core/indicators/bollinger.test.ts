import { BollingerBands } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { Bollinger } from '../../../../src/core/indicators/bollinger.js';
import { aaplCloses } from '../../../support/aapl.js';
import { alignedMaxErr } from '../../../support/golden.js';
import { expectRestoreIsExact } from '../../../support/state.js';

const closes = aaplCloses();

describe('Bollinger(20, 2)', () => {
  // Observed max relative error vs technicalindicators over the AAPL closes: 1.8e-15 (upper),
  // 1.9e-15 (middle), 2.0e-15 (lower); the middle band is our compensated SMA.
  it('equals technicalindicators on every AAPL close, warm-up included', () => {
    const bb = Bollinger.create(20, 2);
    const ours = closes.map((x) => bb.update(x));
    const ref = BollingerBands.calculate({ period: 20, stdDev: 2, values: closes });
    expect(ref.length).toBe(closes.length - 19);
    for (const band of ['upper', 'middle', 'lower'] as const) {
      const err = alignedMaxErr(ours.map((o) => o?.[band]), ref.map((r) => r[band]), `bb_${band}`);
      expect(err, band).toBeLessThanOrEqual(1e-9);
    }
  });

  it('uses the population standard deviation', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population sd exactly 2 (sample sd would be 2.138...)
    const bb = Bollinger.create(8, 2);
    let last;
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) last = bb.update(x);
    expect(last).toEqual({ upper: 9, middle: 5, lower: 1 });
  });

  it('restores from JSON state and continues bit-identically', () => {
    for (const split of [0, 10, 19, 20, 300]) {
      expectRestoreIsExact(() => Bollinger.create(), Bollinger.restore, (b, x: number) => b.update(x), closes, split);
    }
  });
});
