import { BollingerBands, EMA, MACD, RSI, SMA } from 'technicalindicators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketSimulator, specFor } from '../../producer/src/sim/core/market-sim.js';
import { SalesGenerator } from '../../producer/src/sim/core/sales-gen.js';
import { uniqueName } from '../support/env.js';
import { createBucket, queryRows } from '../support/influx.js';
import { groupLag } from '../support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../support/processes.js';

// One seeded run through real Kafka and real InfluxDB. Expected values are computed here,
// independently, with technicalindicators over the same seeded prices.
const START = Date.parse('2026-01-05T00:00:00Z');
const SYMBOLS = ['AAPL', 'SHIB-USD', 'BTC-USD'];
const TICKS = 120;
const ORDERS = 400;
const FX: Record<string, number> = { USD: 1, EUR: 1.087, GBP: 1.27, MAD: 0.1 };

const run = {
  quotes: uniqueName('quotes'),
  sales: uniqueName('sales'),
  metrics: uniqueName('metrics'),
  bucket: uniqueName('e2e'),
  group: uniqueName('group'),
};
let processor: RunningService;

/** Relative error; undefined on either side yields NaN, which fails every comparison. */
const relErr = (a: number | undefined, b: number | undefined): number =>
  a === undefined || b === undefined ? NaN : Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

beforeAll(async () => {
  await createBucket(run.bucket);
  const env = { QUOTES_TOPIC: run.quotes, SALES_TOPIC: run.sales, METRICS_TOPIC: run.metrics, TOPIC_PARTITIONS: '3' };
  const start = new Date(START).toISOString();
  const sim = await runProducer(['sim', '--symbols', SYMBOLS.join(','), '--seed', '42', '--count', String(TICKS), '--speed', 'max', '--start', start], env);
  expect(sim.code, sim.stderr + sim.stdout).toBe(0);
  const sales = await runProducer(['sales', '--seed', '7', '--count', String(ORDERS), '--rate', '10', '--speed', 'max', '--start', start], env);
  expect(sales.code, sales.stderr + sales.stdout).toBe(0);

  processor = startProcessor({ ...env, INFLUX_BUCKET: run.bucket, KAFKA_GROUP_ID: run.group });
  await waitFor('processor to catch up', async () => {
    if (processor.child.exitCode !== null) throw new Error(`processor exited:\n${processor.output()}`);
    return (await groupLag(run.group, [run.quotes, run.sales]).catch(() => -1)) === 0;
  }, 120_000);
  expect(await processor.stop('SIGTERM')).toBe(0);
});

afterAll(async () => {
  await processor?.stop('SIGKILL');
});

describe('seeded pipeline run', () => {
  it('indicators in InfluxDB equal technicalindicators over the same prices', async () => {
    const sim = new MarketSimulator({ symbols: SYMBOLS.map(specFor), seed: 42, startTs: START, tickMs: 1000 });
    const ticks = Array.from({ length: TICKS }, () => sim.next()).flat();
    for (const symbol of SYMBOLS) {
      const series = ticks.filter((t) => t.symbol === symbol);
      const prices = series.map((t) => t.price);
      const rows = await queryRows(`
        from(bucket: "${run.bucket}") |> range(start: 0)
          |> filter(fn: (r) => r._measurement == "quote" and r.symbol == "${symbol}")
          |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
          |> sort(columns: ["_time"])`);
      const byTs = new Map(rows.map((r) => [Date.parse(String(r._time)), r as Record<string, number>]));

      const sma20 = SMA.calculate({ period: 20, values: prices });
      const ema50 = EMA.calculate({ period: 50, values: prices });
      const bb = BollingerBands.calculate({ period: 20, stdDev: 2, values: prices });
      const macd = MACD.calculate({ values: prices, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      const rsi = RSI.calculate({ period: 14, values: prices });

      // Every tick after warm-up has a point; before warm-up, no such field.
      for (const i of [19, 49, 60, TICKS - 1]) {
        const row = byTs.get(series[i]!.ts);
        expect(row, `${symbol} indicators at tick ${i}`).toBeDefined();
        expect(relErr(row!.sma_20, sma20[i - 19]!)).toBeLessThan(1e-9);
        expect(relErr(row!.bb_upper, bb[i - 19]!.upper)).toBeLessThan(1e-9);
        expect(relErr(row!.bb_lower, bb[i - 19]!.lower)).toBeLessThan(1e-9);
        if (i >= 49) expect(relErr(row!.ema_50, ema50[i - 49]!)).toBeLessThan(1e-9);
        if (i >= 33) {
          const m = macd[i - 25]!;
          expect(relErr(row!.macd, m.MACD!)).toBeLessThan(1e-9);
          expect(relErr(row!.macd_signal, m.signal!)).toBeLessThan(1e-9);
        }
        // technicalindicators rounds RSI to 2 decimals; ours is unrounded.
        expect(Math.abs((row!.rsi_14 ?? NaN) - rsi[i - 14]!)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
      // Not yet warmed up at tick 18: the field is absent (pivot shows null).
      expect(byTs.get(series[18]!.ts)?.sma_20 ?? null).toBeNull();
      expect(byTs.get(series[18]!.ts)?.ema_20 ?? null).toBeNull();
      const quotes = await queryRows(`
        from(bucket: "${run.bucket}") |> range(start: 0)
          |> filter(fn: (r) => r._measurement == "quote" and r.symbol == "${symbol}" and r._field == "price") |> count()`);
      expect(quotes[0]?._value).toBe(TICKS);
    }
  });

  it('window revenue by category equals the sum of the generated sales', async () => {
    const gen = new SalesGenerator({ seed: 7, startTs: START, peakRatePerSec: 10, customers: 5000 });
    const expected = new Map<string, { revenue: number; orders: number }>();
    for (let i = 0; i < ORDERS; i++) {
      const s = gen.next();
      const key = `${s.ts - (s.ts % 60_000)}|${s.category}`;
      const e = expected.get(key) ?? { revenue: 0, orders: 0 };
      e.revenue += s.amount * FX[s.currency]!;
      e.orders += 1;
      expected.set(key, e);
    }
    const rows = await queryRows(`
      from(bucket: "${run.bucket}") |> range(start: 0)
        |> filter(fn: (r) => r._measurement == "sales" and r.dim == "category")
        |> filter(fn: (r) => r._field == "revenue" or r._field == "orders")
        |> group(columns: ["_time", "key", "_field"]) |> sum()
        |> group() |> pivot(rowKey: ["_time", "key"], columnKey: ["_field"], valueColumn: "_value")`);
    const actual = new Map(rows.map((r) => [`${Date.parse(String(r._time))}|${String(r.key)}`, r as Record<string, number>]));
    expect(actual.size).toBe(expected.size);
    let orders = 0;
    for (const [key, e] of expected) {
      const a = actual.get(key);
      expect(a, key).toBeDefined();
      expect(a!.orders).toBe(e.orders);
      expect(relErr(a!.revenue, e.revenue)).toBeLessThan(1e-9);
      orders += a?.orders ?? 0;
    }
    expect(orders).toBe(ORDERS);
  });

  it('self-metrics: throughput, lag, latency, InfluxDB, state and producer health', async () => {
    const rows = await queryRows(`
      from(bucket: "${run.bucket}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "pipeline")
        |> last() |> group() |> keep(columns: ["kind", "topic", "source", "_field", "_value"])`);
    const v = (kind: string, field: string, extra: (r: Record<string, unknown>) => boolean = () => true): unknown =>
      rows.find((r) => r.kind === kind && r._field === field && extra(r))?._value;
    const quotes = TICKS * SYMBOLS.length;
    expect(v('throughput', 'consumed', (r) => r.topic === run.quotes)).toBe(quotes);
    expect(v('throughput', 'processed', (r) => r.topic === run.sales)).toBe(ORDERS);
    expect(v('producer', 'quotes_sent', (r) => r.source === 'sim')).toBe(quotes);
    expect(v('producer', 'sales_sent', (r) => r.source === 'sales')).toBe(ORDERS);
    expect(v('lag', 'lag')).toBe(0);
    expect(v('latency', 'p99_ms')).toEqual(expect.any(Number));
    expect(v('influx', 'write_errors')).toBe(0);
    expect(v('state', 'tracked_symbols')).toBe(SYMBOLS.length);
    expect(v('state', 'open_windows')).toEqual(expect.any(Number));
  });
});
