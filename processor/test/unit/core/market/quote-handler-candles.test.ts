import type { QuoteEventInput } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../../src/core/indicators/indicator-set.js';
import { QuoteHandler, type QuoteHandlerOptions } from '../../../../src/core/market/quote-handler.js';
import { decodeSymbol } from '../../../../src/core/market/symbol-codec.js';
import { Retention } from '../../../../src/core/retention.js';
import { fieldsOf } from '../../../../src/core/points.js';
import { fieldRowsEqual } from '../../../support/points.js';

expect.addEqualityTesters([fieldRowsEqual]);

// Candles and checkpoints through handle()/endBatch(). Only the `candle` point's OHLCV fields
// are asserted (toMatchObject): in candle mode indicator fields may share that line.
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const tickOpts: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 };
const rec = (ts: number, price: number, volume: number, symbol = 'AAPL'): InRecord => ({
  value: Buffer.from(JSON.stringify({ v: 1, symbol, ts, price, volume, source: 'sim' } satisfies QuoteEventInput)),
  offset: '0',
  timestamp: ts,
});
function batch(h: QuoteHandler, records: InRecord[]): Output {
  const out = emptyOutput();
  for (const r of records) h.handle(r, out);
  h.endBatch(out);
  return out;
}
const candles = (out: Output) => out.points.filter((p) => p.measurement === 'candle');

describe('QuoteHandler candles (hand-checked)', () => {
  it('writes the open candle at the end of each batch, tagged with the interval, at the candle start', () => {
    const h = new QuoteHandler(tickOpts);
    const out = batch(h, [rec(T0 + 1_000, 100, 10), rec(T0 + 20_000, 103, 5), rec(T0 + 40_000, 98, 2)]);
    expect(candles(out)).toHaveLength(1);
    expect(candles(out)[0]).toMatchObject({
      tags: { symbol: 'AAPL', interval: '1m' },
      fields: { open: 100, high: 103, low: 98, close: 98, volume: 17, trades: 3 },
      ts: T0,
    });
  });

  it('a tick in the next interval writes the closed candle final, then opens a new one', () => {
    const h = new QuoteHandler(tickOpts);
    batch(h, [rec(T0 + 1_000, 100, 10), rec(T0 + 20_000, 103, 5)]);
    const out = batch(h, [rec(T0 + 60_000, 99, 4)]);
    expect(candles(out).map((p) => [p.ts, p.fields])).toEqual([
      [T0, expect.objectContaining({ open: 100, high: 103, low: 100, close: 103, volume: 15, trades: 2 })],
      [T0 + 60_000, expect.objectContaining({ open: 99, high: 99, low: 99, close: 99, volume: 4, trades: 1 })],
    ]);
  });

  it('a batch that touches no symbol writes no candle; the interval tag follows candleMs', () => {
    const h = new QuoteHandler({ ...tickOpts, candleMs: 300_000 });
    const out = batch(h, [rec(T0 + 1_000, 100, 1)]);
    expect(candles(out)[0]?.tags).toEqual({ symbol: 'AAPL', interval: '5m' });
    expect(candles(out)[0]?.ts).toBe(T0);
    const h2 = new QuoteHandler(tickOpts);
    expect(batch(h2, [])).toEqual(emptyOutput());
  });

  it('candle mode: indicators update on the closed candle (close, candle volume, candle start)', () => {
    const h = new QuoteHandler({ ...tickOpts, emit: 'candle' });
    const first = batch(h, [rec(T0 + 1_000, 100, 10), rec(T0 + 20_000, 98, 6)]);
    // Nothing closed yet: no indicator field anywhere.
    expect(first.points.some((p) => 'vwap' in fieldsOf(p))).toBe(false);
    const out = batch(h, [rec(T0 + 61_000, 99, 4)]);
    // VWAP of one candle is its close: 98, written at the closed candle's start.
    const withVwap = out.points.filter((p) => 'vwap' in fieldsOf(p));
    expect(withVwap.map((p) => [p.ts, fieldsOf(p).vwap])).toEqual([[T0, 98]]);
  });
});

describe('QuoteHandler rejections', () => {
  it('names the symbol, the tick time and the last time in a duplicate or late rejection', () => {
    const h = new QuoteHandler(tickOpts);
    batch(h, [rec(T0 + 2_000, 100, 1)]);
    const out = batch(h, [rec(T0 + 2_000, 101, 1), rec(T0 + 1_000, 101, 1)]);
    expect(out.rejected.map((r) => [r.reason, r.error])).toEqual([
      ['duplicate', `AAPL tick at ${T0 + 2_000} is not after ${T0 + 2_000}`],
      ['late', `AAPL tick at ${T0 + 1_000} is not after ${T0 + 2_000}`],
    ]);
  });
});

describe('QuoteHandler checkpoints', () => {
  const ticks = Array.from({ length: 40 }, (_, i) => rec(T0 + i * 7_000, 100 + Math.sin(i) * 3, 10 + i));

  it('restore from takeDirty() continues exactly like the uninterrupted handler', () => {
    for (const emit of ['tick', 'candle'] as const) {
      const whole = new QuoteHandler({ ...tickOpts, emit });
      batch(whole, ticks.slice(0, 25));
      const expected = batch(whole, ticks.slice(25));

      const before = new QuoteHandler({ ...tickOpts, emit });
      batch(before, ticks.slice(0, 25));
      const after = new QuoteHandler({ ...tickOpts, emit });
      after.restore(new Map([...before.takeDirty(), ['GONE', null]]));
      expect([...after.symbols.keys()]).toEqual(['AAPL']);
      expect(batch(after, ticks.slice(25))).toEqual(expected);
    }
  });

  it('takeDirty returns the symbols touched since the last call, once', () => {
    const h = new QuoteHandler(tickOpts);
    batch(h, [rec(T0, 100, 1), rec(T0, 100, 1, 'MSFT')]);
    const first = h.takeDirty();
    expect([...first.keys()].sort()).toEqual(['AAPL', 'MSFT']);
    expect(decodeSymbol(first.get('AAPL') as Uint8Array, Retention.keepAll)).toMatchObject({ lastTs: T0, candle: { start: T0, open: 100, trades: 1 } });
    expect(h.takeDirty().size).toBe(0);
    batch(h, [rec(T0 + 1, 101, 1)]);
    expect([...h.takeDirty().keys()]).toEqual(['AAPL']);
  });

  it('the checkpointed candle is a copy: later ticks do not change a taken state', () => {
    const h = new QuoteHandler(tickOpts);
    batch(h, [rec(T0, 100, 1)]);
    const state = h.takeDirty().get('AAPL') as Uint8Array;
    batch(h, [rec(T0 + 1, 150, 1)]);
    expect(decodeSymbol(state, Retention.keepAll).candle.close).toBe(100);
  });
});
