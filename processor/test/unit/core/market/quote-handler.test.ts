import type { QuoteEventInput } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS, IndicatorSet } from '../../../../src/core/indicators/indicator-set.js';
import { QuoteHandler, type QuoteHandlerOptions } from '../../../../src/core/market/quote-handler.js';
import { loadAapl } from '../../../support/aapl.js';

// Current public behaviour only, through handle()/endBatch(), in `tick` emit mode: the handler
// is being extended (candles, emit modes, checkpoints), so `candle` points are not asserted.
const OPTS: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 };
const T0 = Date.UTC(2026, 0, 5, 14, 30);

const quote = (over: Partial<QuoteEventInput> = {}): QuoteEventInput => ({ v: 1, symbol: 'AAPL', ts: T0, price: 100, volume: 10, source: 'sim', ...over });
const rec = (q: QuoteEventInput | string, timestamp?: number): InRecord => ({
  value: Buffer.from(typeof q === 'string' ? q : JSON.stringify(q)),
  offset: '0',
  timestamp: timestamp ?? (typeof q === 'string' ? T0 : q.ts),
});
function batch(h: QuoteHandler, records: InRecord[]): Output {
  const out = emptyOutput();
  for (const r of records) h.handle(r, out);
  h.endBatch(out);
  return out;
}
const of = (out: Output, measurement: string) => out.points.filter((p) => p.measurement === measurement);

describe('QuoteHandler (emit: tick)', () => {
  it('writes a quote point per tick at its event time, and an indicators point once any is warm', () => {
    const h = new QuoteHandler(OPTS);
    const first = batch(h, [rec(quote({ volume: 0 }))]); // no volume, nothing warmed up yet
    expect(of(first, 'quote')).toEqual([{ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { price: 100, volume: 0 }, ts: T0 }]);
    expect(of(first, 'indicators')).toEqual([]);
    const second = batch(h, [rec(quote({ ts: T0 + 1_000, price: 102, volume: 5 }))]);
    expect(of(second, 'quote')).toEqual([{ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { price: 102, volume: 5 }, ts: T0 + 1_000 }]);
    expect(of(second, 'indicators')).toEqual([{ measurement: 'indicators', tags: { symbol: 'AAPL' }, fields: { vwap: 102 }, ts: T0 + 1_000 }]);
    expect(second.processed).toBe(1);
  });

  it('indicator fields equal an IndicatorSet fed the same ticks (AAPL closes, one a minute)', () => {
    const h = new QuoteHandler(OPTS);
    const set = IndicatorSet.create(DEFAULT_INDICATORS);
    const rows = loadAapl().slice(0, 80);
    rows.forEach((r, i) => {
      const q = quote({ ts: T0 + i * 60_000, price: r.close, volume: 100 + i });
      const expected = set.update(r.close, 100 + i, q.ts);
      expect(of(batch(h, [rec(q)]), 'indicators')).toEqual([{ measurement: 'indicators', tags: { symbol: 'AAPL' }, fields: expected, ts: q.ts }]);
    });
  });

  it('rejects a tick not after the last one of its symbol: equal ts duplicate, earlier late; state untouched', () => {
    const h = new QuoteHandler(OPTS);
    const reference = new QuoteHandler(OPTS);
    const ticks = [quote({ ts: T0, price: 100 }), quote({ ts: T0 + 2_000, price: 101 })];
    batch(h, ticks.map((q) => rec(q)));
    batch(reference, ticks.map((q) => rec(q)));
    const out = batch(h, [rec(quote({ ts: T0 + 2_000, price: 999 })), rec(quote({ ts: T0 + 1_000, price: 999 }))]);
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate', 'late']);
    expect(out.processed).toBe(0);
    expect(of(out, 'quote')).toEqual([]);
    expect(of(out, 'indicators')).toEqual([]);
    // The rejected ticks left no trace: the next tick gives what it gives without them.
    const next = quote({ ts: T0 + 3_000, price: 102 });
    expect(batch(h, [rec(next)]).points).toEqual(batch(reference, [rec(next)]).points);
  });

  it('keeps symbols independent: another symbol may have an earlier ts', () => {
    const h = new QuoteHandler(OPTS);
    const out = batch(h, [rec(quote({ ts: T0 + 5_000 })), rec(quote({ symbol: 'BTC-USD', ts: T0, price: 65_000 }))]);
    expect(out.rejected).toEqual([]);
    expect(of(out, 'quote').map((p) => p.tags.symbol)).toEqual(['AAPL', 'BTC-USD']);
  });

  it('dead-letters undecodable records with the decode reason, "now" being the record timestamp', () => {
    const h = new QuoteHandler(OPTS);
    const out = batch(h, [
      rec('{"v":1'),
      rec(quote({ price: -3 })),
      rec(quote({ ts: T0 + 300_001 }), T0), // 5 min + 1 ms ahead of its record
      rec(quote({ ts: T0 + 300_000 }), T0), // exactly at the bound: accepted
    ]);
    expect(out.rejected.map((r) => r.reason)).toEqual(['not_json', 'invalid_value', 'future_timestamp']);
    expect(out.processed).toBe(1);
  });
});
