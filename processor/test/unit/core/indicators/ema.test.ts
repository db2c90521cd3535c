import { EMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { Ema } from '../../../../src/core/indicators/ema.js';
import { aaplCloses } from '../../../support/aapl.js';
import { alignedMaxErr } from '../../../support/golden.js';
import { expectRestoreIsExact } from '../../../support/state.js';

const closes = aaplCloses();
const run = (period: number, xs: readonly number[]) => {
  const e = new Ema(period);
  return xs.map((x) => e.update(x));
};

describe('Ema', () => {
  // Observed max relative error vs technicalindicators over the AAPL closes: 0 for both periods
  // (same SMA seed, same recurrence, so bit-identical).
  it.each([20, 50])('EMA(%i) equals technicalindicators on every AAPL close', (period) => {
    const ref = EMA.calculate({ period, values: closes });
    expect(ref.length).toBe(closes.length - period + 1);
    expect(alignedMaxErr(run(period, closes), ref, `ema_${period}`)).toBeLessThanOrEqual(1e-9);
  });

  it('is seeded with the SMA of the first period values, then smoothed with k = 2/(period+1)', () => {
    // period 3: k = 0.5; seed (1+2+3)/3 = 2; then (7-2)*0.5+2 = 4.5; then (0-4.5)*0.5+4.5 = 2.25
    expect(run(3, [1, 2, 3, 7, 0])).toEqual([undefined, undefined, 2, 4.5, 2.25]);
  });

  it('restores from JSON state and continues bit-identically', () => {
    for (const split of [0, 5, 19, 20, 300]) {
      expectRestoreIsExact(() => new Ema(20), Ema.restore, (e, x: number) => e.update(x), closes, split);
    }
  });
});
