import { FxTable, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { PartitionCleaner } from '../../../src/core/cleaner.js';
import { sale } from '../../support/events.js';

const fx = new FxTable('USD', { EUR: 1.1 });
const opts = { allowedLatenessMs: 1000, dedupHorizonMs: 10_000, fx };
const usd = (i: number, ts: number): SaleEvent => sale(i, ts, { currency: 'USD' });
const q = (ts: number): QuoteEvent => ({ v: 1, symbol: 'AAA', ts, price: 10, volume: 1, source: 'sim' });

describe('PartitionCleaner', () => {
  it('drops a re-sent event, finds the rate and flags events behind the watermark as late', () => {
    const c = new PartitionCleaner(opts);
    expect(c.judge('sale', sale(1, 100_000, { currency: 'EUR', amount: 10, unitPrice: 10, quantity: 1 }))).toEqual({ keep: true, late: false, fxRate: 1.1 });
    expect(c.judge('sale', sale(1, 100_000))).toEqual({ keep: false, reason: 'duplicate' });
    expect(c.judge('sale', sale(2, 98_999, { currency: 'USD' }))).toMatchObject({ keep: true, late: true, fxRate: 1 });
    expect(c.judge('sale', sale(3, 99_000, { currency: 'USD' }))).toMatchObject({ keep: true, late: false });
    expect(c.judge('sale', sale(4, 100_000, { currency: 'XYZ' }))).toEqual({ keep: false, reason: 'unknown_currency' });
  });

  it('keeps every line of a multi-line order and drops a re-sent line: a sale is keyed by (orderId, lineId)', () => {
    const c = new PartitionCleaner(opts);
    const line = (lineId: string, ts: number): SaleEvent => ({ ...usd(1, ts), lineId });
    expect([line('1', 1000), line('2', 1000), line('3', 1001)].map((e) => c.judge('sale', e).keep)).toEqual([true, true, true]);
    expect(c.judge('sale', line('2', 1000))).toEqual({ keep: false, reason: 'duplicate' });
    // A whole order (no lineId) and its first line are different events.
    expect(c.judge('sale', usd(1, 1000))).toMatchObject({ keep: true });
    expect(c.judge('sale', usd(1, 1000))).toEqual({ keep: false, reason: 'duplicate' });
  });

  it('keeps quotes without a currency (no base price) and keys them by symbol and time', () => {
    const c = new PartitionCleaner(opts);
    expect(c.judge('quote', q(5))).toEqual({ keep: true, late: false, fxRate: null });
    expect(c.judge('quote', q(5))).toEqual({ keep: false, reason: 'duplicate' });
    expect(c.judge('quote', q(6))).toMatchObject({ keep: true });
  });

  it('forgets keys beyond the horizon, and pruning never changes a decision', () => {
    const a = new PartitionCleaner(opts);
    const b = new PartitionCleaner(opts);
    const events: SaleEvent[] = [usd(1, 1000), usd(2, 20_000), usd(1, 1000), usd(3, 30_000), usd(2, 20_000)];
    const va = events.map((e) => a.judge('sale', e));
    const vb = events.map((e) => (b.prune(), b.judge('sale', e)));
    expect(vb).toEqual(va);
    expect(va.map((v) => v.keep)).toEqual([true, true, true, true, false]); // o-1 again: 19 s behind, past the horizon
    b.prune();
    expect(b.state.keys).toBe(2);
  });

  it('restored state decides like the state it was rebuilt from', () => {
    const live = new PartitionCleaner(opts);
    for (const e of [usd(1, 1000), usd(2, 5000)]) live.judge('sale', e);
    const restored = new PartitionCleaner(opts);
    restored.restore(5000, [['o-1', 1000], ['o-2', 5000]]);
    for (const e of [usd(1, 1000), usd(3, 3000), usd(4, 6000)]) expect(restored.judge('sale', e)).toEqual(live.judge('sale', e));
  });
  it('a key seen exactly at the horizon behind the watermark is still a duplicate; one ms older is not', () => {
    const c = new PartitionCleaner(opts);
    for (const e of [usd(1, 10_000), usd(2, 9_999), usd(3, 20_000)]) c.judge('sale', e);
    expect(c.judge('sale', usd(1, 10_000))).toEqual({ keep: false, reason: 'duplicate' }); // 20 000 - 10 000
    expect(c.judge('sale', usd(2, 9_999))).toMatchObject({ keep: true, late: true });
  });

  it('an older kept event never moves the watermark back', () => {
    const c = new PartitionCleaner(opts);
    c.judge('sale', usd(1, 50_000));
    expect(c.judge('sale', usd(2, 40_000))).toMatchObject({ keep: true, late: true });
    expect(c.state.watermark).toBe(50_000);
    // Still measured from 50 000: 49 000 is within the 1 s lateness.
    expect(c.judge('sale', usd(3, 49_000))).toMatchObject({ keep: true, late: false });
    c.judge('sale', usd(4, 60_000));
    expect(c.state.watermark).toBe(60_000);
  });

  it('an unknown-currency rejection does not move the watermark, and a restored cleaner decides the same', () => {
    const live = new PartitionCleaner(opts);
    live.judge('sale', usd(1, 50_000));
    // Far ahead of the watermark, but rejected: the clean layer never holds it, so it cannot count.
    expect(live.judge('sale', sale(2, 500_000, { currency: 'XYZ' }))).toEqual({ keep: false, reason: 'unknown_currency' });
    expect(live.state).toEqual({ watermark: 50_000, keys: 1 });
    // Restored from what the clean files hold: the kept sale only.
    const restored = new PartitionCleaner(opts);
    restored.restore(50_000, [['o-1', 50_000]]);
    const next = [usd(3, 49_500), usd(4, 48_000), usd(2, 500_000)];
    const verdicts = next.map((e) => live.judge('sale', e));
    expect(verdicts).toEqual([{ keep: true, late: false, fxRate: 1 }, { keep: true, late: true, fxRate: 1 }, { keep: true, late: false, fxRate: 1 }]);
    expect(next.map((e) => restored.judge('sale', e))).toEqual(verdicts);
  });
});
