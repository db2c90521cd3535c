import { describe, expect, it } from 'vitest';
import { Macd } from '../../../../src/core/indicators/macd.js';
import { aaplCloses } from '../../../support/aapl.js';
import { alignedMaxErr } from '../../../support/golden.js';
import { referenceIndicators } from '../../../support/reference.js';
import { expectRestoreIsExact } from '../../../support/state.js';

const closes = aaplCloses();

describe('Macd(12, 26, 9)', () => {
  // Observed max relative error vs technicalindicators over the AAPL closes: 0 for macd, signal
  // and histogram (bit-identical).
  it('equals technicalindicators on every AAPL close, warm-up included', () => {
    const m = Macd.create(12, 26, 9);
    const ours = closes.map((x) => m.update(x));
    const ref = referenceIndicators(closes);
    expect(closes.length - ref.macd.length).toBe(25); // MACD once the slow EMA exists
    expect(closes.length - ref.macd_signal.length).toBe(33); // signal 8 values later
    expect(alignedMaxErr(ours.map((o) => o?.macd), ref.macd, 'macd')).toBeLessThanOrEqual(1e-9);
    expect(alignedMaxErr(ours.map((o) => o?.signal), ref.macd_signal, 'macd_signal')).toBeLessThanOrEqual(1e-9);
    expect(alignedMaxErr(ours.map((o) => o?.histogram), ref.macd_hist, 'macd_hist')).toBeLessThanOrEqual(1e-9);
  });

  it('restores from JSON state and continues bit-identically', () => {
    for (const split of [0, 11, 25, 30, 33, 250]) {
      expectRestoreIsExact(() => Macd.create(), Macd.restore, (m, x: number) => m.update(x), closes, split);
    }
  });
});
