import type { QuoteEventInput } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS, IndicatorSet } from '../../../../src/core/indicators/indicator-set.js';
import { QuoteHandler, type QuoteHandlerOptions } from '../../../../src/core/market/quote-handler.js';
import { loadAapl } from '../../../support/aapl.js';
import { plain } from '../../../support/points.js';

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
const of = (out: Output, measurement: string) => out.points.filter((p) => p.measurement === measurement).map(plain);

describe('QuoteHandler (emit: tick)', () => {
  it('writes ONE quote line per tick at its event time, carrying every warmed-up indicator', () => {
    const h = new QuoteHandler(OPTS);
    const first = batch(h, [rec(quote({ volume: 0 }))]); // no volume, nothing warmed up yet
    expect(of(first, 'quote')).toEqual([{ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { price: 100, volume: 0 }, ts: T0 }]);
    const second = batch(h, [rec(quote({ ts: T0 + 1_000, price: 102, volume: 5 }))]);
    expect(of(second, 'quote')).toEqual([{ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { price: 102, volume: 5, vwap: 102 }, ts: T0 + 1_000 }]);
    expect(second.points.map((p) => p.measurement).sort()).toEqual(['candle', 'quote']);
    expect(second.processed).toBe(1);
  });

  it('indicator fields equal an IndicatorSet fed the same ticks (AAPL closes, one a minute)', () => {
    const h = new QuoteHandler(OPTS);
    const set = IndicatorSet.create(DEFAULT_INDICATORS);
    const rows = loadAapl().slice(0, 80);
    rows.forEach((r, i) => {
      const q = quote({ ts: T0 + i * 60_000, price: r.close, volume: 100 + i });
      const expected = set.update(r.close, 100 + i, q.ts);
      const fields = { ...expected, price: r.close, volume: 100 + i };
      expect(of(batch(h, [rec(q)]), 'quote')).toEqual([{ measurement: 'quote', tags: { symbol: 'AAPL' }, fields, ts: q.ts }]);
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

describe('QuoteHandler (emit: candle)', () => {
  it('puts the indicators of a closed candle on its final candle line; quote lines stay price+volume', () => {
    const h = new QuoteHandler({ ...OPTS, emit: 'candle' });
    const set = IndicatorSet.create(DEFAULT_INDICATORS);
    const rows = loadAapl().slice(0, 30);
    rows.forEach((r, i) => {
      const q = quote({ ts: T0 + i * 60_000, price: r.close, volume: 100 + i });
      const out = batch(h, [rec(q)]);
      expect(of(out, 'quote').map((p) => p.fields)).toEqual([{ price: r.close, volume: 100 + i }]);
      if (i === 0) return;
      const prev = rows[i - 1]!;
      const closedTs = T0 + (i - 1) * 60_000;
      const indicators = set.update(prev.close, 99 + i, closedTs);
      const closed = of(out, 'candle').find((p) => p.ts === closedTs);
      expect(closed?.fields).toEqual({ open: prev.close, high: prev.close, low: prev.close, close: prev.close, volume: 99 + i, trades: 1, ...indicators });
    });
    expect(of(batch(h, []), 'indicators')).toEqual([]);
  });
});
