import type { QuoteEventInput } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../../src/core/indicators/indicator-set.js';
import { QuoteHandler, type QuoteHandlerOptions } from '../../../../src/core/market/quote-handler.js';
import type { Point } from '../../../../src/core/points.js';
import { DAY_MS, Retention } from '../../../../src/core/retention.js';
import { throughJson } from '../../../support/state.js';
import { fieldRowsEqual } from '../../../support/points.js';

expect.addEqualityTesters([fieldRowsEqual]);

// 1h and 1d candles beside the 1m one (UTC-aligned), bars, and which bucket keeps what.
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 0, 5); // the Kafka timestamp of every record below (a backfill)
const OPTS: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000, retention: Retention.defaults(HOUR) };
type Extra = Partial<QuoteEventInput>;
const rec = (ts: number, price: number, volume: number, extra: Extra = {}, timestamp = NOW): InRecord => ({
  value: Buffer.from(JSON.stringify({ v: 1, symbol: 'AAPL', ts, price, volume, source: 'backfill', ...extra } satisfies QuoteEventInput)),
  offset: '0',
  timestamp,
});
function run(h: QuoteHandler, records: InRecord[], flush = 1): Output {
  const out = emptyOutput();
  for (const r of records) h.handle(r, out);
  h.endBatch(out, flush);
  return out;
}
const candles = (out: Output, interval: string): Point[] => out.points.filter((p) => p.measurement === 'candle' && p.tags.interval === interval);
/** What InfluxDB ends with: the last write per (measurement, tags, ts). */
function stored(outs: Output[]): Map<string, Point> {
  const m = new Map<string, Point>();
  for (const o of outs) for (const p of o.points) m.set(`${p.measurement}|${JSON.stringify(p.tags)}|${p.ts}|${p.bucket ?? 'raw'}`, p);
  return m;
}

describe('QuoteHandler 1h and 1d candles', () => {
  const T = NOW - 2 * DAY_MS - 5 * 60_000; // 2 days ago, 00:00 UTC
  it('builds them from ticks across hour and day boundaries (UTC), each written final when its period ends', () => {
    const h = new QuoteHandler(OPTS);
    const out = run(h, [rec(T - HOUR + 10, 100, 1), rec(T - 60_000, 104, 2), rec(T + 5, 101, 3), rec(T + HOUR + 5, 99, 4)], 0);
    expect(candles(out, '1h').map((p) => [p.ts, p.fields, p.bucket])).toEqual([
      [T - HOUR, { open: 100, high: 104, low: 100, close: 104, volume: 3, trades: 2 }, 'longterm'],
      [T, { open: 101, high: 101, low: 101, close: 101, volume: 3, trades: 1 }, 'longterm'],
    ]);
    expect(candles(out, '1d').map((p) => [p.ts, p.fields, p.bucket])).toEqual([
      [T - DAY_MS, { open: 100, high: 104, low: 100, close: 104, volume: 3, trades: 2 }, 'daily'],
    ]);
  });

  it('flush writes the open ones (only when changed since their last write)', () => {
    const h = new QuoteHandler(OPTS);
    const out = run(h, [rec(T + 5, 100, 1), rec(T + 70_000, 102, 1)]);
    expect(candles(out, '1h').map((p) => p.fields.close)).toEqual([102]);
    expect(candles(out, '1d').map((p) => [p.ts, p.fields.trades])).toEqual([[T, 2]]);
    expect(candles(run(h, []), '1h')).toEqual([]);
  });

  it('a share of a flush writes that share of the changed symbols, longest-changed first, each once per full share', () => {
    const h = new QuoteHandler(OPTS);
    const symbols = Array.from({ length: 10 }, (_, i) => `S${i}`);
    const tick = (symbol: string, ts: number): InRecord => ({ ...rec(ts, 100, 1), value: Buffer.from(JSON.stringify({ v: 1, symbol, ts, price: 100, volume: 1, source: 'backfill' } satisfies QuoteEventInput)) });
    run(h, symbols.map((s) => tick(s, T + 5)), 0);
    const written = (out: Output): string[] => candles(out, '1h').map((p) => p.tags.symbol as string);
    const steps = [0.2, 0.2, 0.2, 0.2, 0.2].map(() => written(run(h, [], 0.2)));
    expect(steps).toEqual([['S0', 'S1'], ['S2', 'S3'], ['S4', 'S5'], ['S6', 'S7'], ['S8', 'S9']]);
    // S3 changes again: it waits behind the others that changed before it.
    run(h, [tick('S9', T + 10), tick('S3', T + 10)], 0);
    expect(written(run(h, [], 0.5))).toEqual(['S9']);
    expect(written(run(h, [], 0.5))).toEqual(['S3']);
  });

  it('a share counts the symbols changed by the time it comes, not those of the commits before it', () => {
    const h = new QuoteHandler(OPTS);
    const tick = (symbol: string): InRecord => ({ ...rec(T + 5, 100, 1), value: Buffer.from(JSON.stringify({ v: 1, symbol, ts: T + 5, price: 100, volume: 1, source: 'backfill' } satisfies QuoteEventInput)) });
    run(h, [tick('S0')], 0);
    run(h, ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'].map(tick), 0);
    expect(candles(run(h, [], 0.5), '1h').map((p) => p.tags.symbol)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
  });

  it('a bar updates every candle as a bar: open from the first bar, high/low max/min, close = price, trades + 1', () => {
    const h = new QuoteHandler(OPTS);
    const bar = (o: number, hi: number, lo: number): Extra => ({ open: o, high: hi, low: lo });
    const out = run(h, [rec(T + 5, 101, 10, bar(100, 105, 99)), rec(T + 10, 103, 5, bar(101, 104, 97))]);
    const want = { open: 100, high: 105, low: 97, close: 103, volume: 15, trades: 2 };
    expect(candles(out, '1m')[0]?.fields).toEqual(want);
    expect(candles(out, '1h')[0]?.fields).toEqual(want);
    expect(candles(out, '1d')[0]?.fields).toEqual(want);
  });
});

describe('QuoteHandler routing by age', () => {
  const bar = { open: 10, high: 12, low: 9 };
  it('a bar older than the raw retention but within longterm goes to longterm and daily only', () => {
    const h = new QuoteHandler(OPTS);
    const old = Date.UTC(2026, 5, 1, 14, 30);
    const out = run(h, [rec(old, 11, 100, bar), rec(old + DAY_MS, 11.5, 50, bar)]);
    expect(out.points.filter((p) => (p.bucket ?? 'raw') === 'raw')).toEqual([]);
    expect(new Set(out.points.map((p) => p.tags.interval))).toEqual(new Set(['1h', '1d']));
    expect([out.tooOld, out.rejected, out.processed]).toEqual([0, [], 2]);
    expect(out.rawSkipped).toBe(3); // two quotes and the closed 1m candle
  });

  it('older than longterm: only the daily candle (kept forever); with a bounded daily bucket the event is too_old, never dead-lettered', () => {
    const ancient = Date.UTC(2023, 2, 1);
    const out = run(new QuoteHandler(OPTS), [rec(ancient, 11, 100, bar)]);
    expect(out.points.map((p) => [p.tags.interval, p.bucket])).toEqual([['1d', 'daily']]);
    const bounded = new Retention({ retentionDays: { raw: 7, longterm: 365, daily: 730 }, marginMs: HOUR });
    const b = run(new QuoteHandler({ ...OPTS, retention: bounded }), [rec(ancient, 11, 100, bar)]);
    expect([b.points, b.rejected, b.tooOld, b.processed]).toEqual([[], [], 1, 1]);
  });

  it('an aggregate is decided once, with the timestamp of the record that opened it: later records do not flip it', () => {
    const h = new QuoteHandler(OPTS);
    const start = NOW - 7 * DAY_MS + 2 * HOUR; // kept at NOW, not 2 hours later
    const first = run(h, [rec(start + 1, 10, 1, {}, NOW)]);
    expect(candles(first, '1m')).toHaveLength(1);
    const later = run(h, [rec(start + 2, 11, 1, {}, NOW + 2 * HOUR), rec(start + 60_001, 12, 1, {}, NOW + 2 * HOUR)]);
    expect(candles(later, '1m').map((p) => [p.ts, p.fields.close])).toEqual([[start, 11]]); // the closed one, still written
    expect(later.points.filter((p) => p.measurement === 'quote')).toEqual([]); // quotes: decided per record
  });
});

describe('QuoteHandler checkpoint of the long-lived candles', () => {
  it('restored from a checkpoint, it ends with the same stored points as the uninterrupted handler', () => {
    const start = Date.UTC(2026, 10, 30, 22, 50);
    const records = Array.from({ length: 40 }, (_, i) => rec(start + i * 7 * 60_000, 100 + (i % 7), i, i % 3 === 0 ? { open: 99, high: 110, low: 90 } : {}));
    for (const split of [1, 9, 20, 39, 40]) {
      const a = new QuoteHandler(OPTS);
      const whole = records.map((r) => run(a, [r], 0));
      whole.push(run(a, []));
      const b = new QuoteHandler(OPTS);
      const before = records.slice(0, split).map((r) => run(b, [r], 0));
      const c = new QuoteHandler(OPTS);
      c.restore(throughJson(b.takeDirty()));
      const after = records.slice(split).map((r) => run(c, [r], 0));
      after.push(run(c, []));
      expect(stored([...before, ...after]), `restore at ${split}`).toEqual(stored(whole));
    }
  });
});
