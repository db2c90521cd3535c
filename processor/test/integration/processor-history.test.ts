import { sleep } from '@tickflow/common';
import type { QuoteEventInput, SaleEvent } from '@tickflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpBucket } from '../../../test/support/dump.js';
import { uniqueName } from '../../../test/support/env.js';
import { createBuckets, queryRows, serverNow, type StackBuckets } from '../../../test/support/influx.js';
import { createTopics, groupCommitted, groupLag, testKafka } from '../../../test/support/kafka.js';
import { startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// Issue 23: history on the default stack (raw 7 d, longterm 365 d, daily forever). Records are
// produced now with event times over years; "now" is InfluxDB's clock, which judges retention,
// and each record carries it as its Kafka timestamp, the processor's "now" (a test run under a
// faked clock has two clocks otherwise: docs/testing.md): 3 years of daily bars for
// 2 symbols and ~2 years of sales. What each bucket keeps is checked against a computation from
// the input; then a run killed mid-consume and restarted must leave identical buckets.
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MARGIN = HOUR; // processor defaults.ts retentionMarginMs
const topics = { QUOTES_TOPIC: uniqueName('hq'), SALES_TOPIC: uniqueName('hs'), METRICS_TOPIC: uniqueName('hm') };
const started: RunningService[] = [];

/** A seeded generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let x = seed >>> 0; // mulberry32
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Bar { symbol: string; ts: number; open: number; high: number; low: number; close: number; volume: number }
const input = { bars: [] as Bar[], sales: [] as SaleEvent[], producedFrom: 0, producedTo: 0 };

function generate(now: number): void {
  const r = rng(2312);
  const today = now - (now % DAY);
  for (const symbol of ['HIST', 'OLDCO']) {
    let close = 100;
    for (let d = 3 * 365; d >= 1; d--) {
      const open = close;
      close = Math.round(open * (0.97 + r() * 0.06) * 100) / 100;
      const high = Math.round(Math.max(open, close) * (1 + r() * 0.02) * 100) / 100;
      const low = Math.round(Math.min(open, close) * (1 - r() * 0.02) * 100) / 100;
      input.bars.push({ symbol, ts: today - d * DAY + 14 * HOUR + 30 * 60_000, open, high, low, close, volume: Math.floor(r() * 10_000) });
    }
  }
  // Two years of orders (1-3 lines each, lines in one minute), none within 2 days of the
  // longterm limit: which side of it an order falls on is then certain.
  const from = now - 730 * DAY;
  for (let i = 0; i < 6000; i++) {
    let ts = Math.floor(from + r() * (730 * DAY - 2 * HOUR));
    if (Math.abs(ts - (now - 365 * DAY)) < 2 * DAY) ts += 4 * DAY;
    ts -= ts % 60_000;
    const lines = 1 + Math.floor(r() * 3);
    for (let l = 0; l < lines; l++) {
      const quantity = 1 + Math.floor(r() * 4);
      const unitPrice = Math.round((5 + r() * 400) * 100) / 100;
      input.sales.push({
        v: 1, orderId: `h-${i}`, lineId: String(l), customerId: `c-${Math.floor(r() * 500)}`, segment: 'consumer', ts: ts + l * 1000,
        category: ['Books', 'Games', 'Garden'][Math.floor(r() * 3)] as string, product: `p-${Math.floor(r() * 50)}`, quantity, unitPrice,
        amount: Math.round(quantity * unitPrice * 100) / 100, currency: 'USD', city: 'Paris', country: 'FR', paymentMethod: r() < 0.5 ? 'card' : 'paypal',
      });
    }
  }
  input.sales.sort((a, b) => a.ts - b.ts);
}

/** InfluxDB's clock (read once, `server`, when this clock said `local`), advanced by the time passed here since. */
const clock = { server: 0, local: 0, now: (): number => clock.server + (Date.now() - clock.local) };

async function produce(): Promise<void> {
  await createTopics([{ topic: topics.QUOTES_TOPIC, numPartitions: 2 }, { topic: topics.SALES_TOPIC, numPartitions: 3 }]);
  const producer = testKafka().producer();
  await producer.connect();
  const send = async (topic: string, messages: { key: string; value: string }[]) => {
    for (let i = 0; i < messages.length; i += 1000) {
      const timestamp = String(clock.now());
      await producer.send({ topic, messages: messages.slice(i, i + 1000).map((m) => ({ ...m, timestamp })) });
    }
  };
  input.producedFrom = clock.now();
  const quote = (b: Bar): QuoteEventInput => ({ v: 1, symbol: b.symbol, ts: b.ts, price: b.close, volume: b.volume, open: b.open, high: b.high, low: b.low, source: 'backfill' });
  await send(topics.QUOTES_TOPIC, input.bars.map((b) => ({ key: b.symbol, value: JSON.stringify(quote(b)) })));
  await send(topics.SALES_TOPIC, input.sales.map((s) => ({ key: s.orderId, value: JSON.stringify(s) })));
  input.producedTo = clock.now();
  await producer.disconnect();
}

function processor(buckets: StackBuckets, group: string): RunningService {
  const p = startProcessor({ ...topics, ...buckets.env, KAFKA_GROUP_ID: group, METRICS_INTERVAL_MS: '1000', KAFKA_SESSION_TIMEOUT_MS: '6000' });
  started.push(p);
  return p;
}

const watched = [topics.QUOTES_TOPIC, topics.SALES_TOPIC];
async function caughtUp(group: string, p: RunningService): Promise<void> {
  await waitFor(`group ${group} to catch up`, async () => {
    if (p.child.exitCode !== null) throw new Error(`processor exited ${p.child.exitCode}:\n${p.output()}`);
    return (await groupLag(group, watched).catch(() => -1)) === 0;
  }, 240_000);
}

const field = async (bucket: string, filter: string): Promise<Map<string, number>> => {
  const rows = await queryRows(`from(bucket: "${bucket}") |> range(start: 0) |> filter(fn: (r) => ${filter})
    |> group(columns: ["_time", "_field"]) |> sum() |> group()`);
  return new Map(rows.map((r) => [`${Date.parse(String(r._time))}|${String(r._field)}`, Number(r._value)]));
};

/** Hourly totals from the input alone: revenue, distinct orders and units per hour start. */
function expectedHours(minStart: number): Map<string, number> {
  const out = new Map<string, number>();
  const orders = new Map<number, Set<string>>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  for (const s of input.sales) {
    const h = s.ts - (s.ts % HOUR);
    if (h < minStart) continue;
    add(`${h}|revenue`, s.amount);
    add(`${h}|units`, s.quantity);
    const set = orders.get(h) ?? new Set<string>();
    orders.set(h, set.add(s.orderId));
  }
  for (const [h, set] of orders) out.set(`${h}|orders`, set.size);
  return out;
}

function expectClose(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, v] of expected) expect(Math.abs((actual.get(k) ?? NaN) - v), k).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
}

const run = { buckets: undefined as unknown as StackBuckets, group: uniqueName('g-hist'), dumps: {} as Record<string, string[]>, caughtUpAt: 0, landedAt: 0 };

beforeAll(async () => {
  clock.server = await serverNow();
  clock.local = Date.now();
  generate(clock.now());
  await produce();
  run.buckets = await createBuckets('hist');
  const p = processor(run.buckets, run.group);
  await caughtUp(run.group, p);
  run.caughtUpAt = Date.now();
  // Without a stop: the open hour and day aggregates land while the processor idles.
  const lastHour = input.sales.at(-1)!.ts;
  await waitFor('the last hourly window in longterm', async () => (await field(run.buckets.names.longterm, `r._measurement == "sales" and r.dim == "total" and r._time == ${new Date(lastHour - (lastHour % HOUR)).toISOString()}`)).size > 0, 60_000);
  run.landedAt = Date.now();
  expect(await p.stop('SIGTERM')).toBe(0);
  for (const kind of ['raw', 'longterm', 'daily'] as const) run.dumps[kind] = await dumpBucket(run.buckets.names[kind]);
}, 600_000);

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
});

describe('processor: history lands in the long-lived buckets (default retentions)', () => {
  it('raw holds only what its 7 days keep', async () => {
    const rows = await queryRows(`from(bucket: "${run.buckets.names.raw}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "quote" and r._field == "price")`);
    const times = rows.map((r) => Date.parse(String(r._time)));
    const surely = input.bars.filter((b) => b.ts >= input.producedTo - 7 * DAY + MARGIN);
    expect(times.length).toBeGreaterThanOrEqual(surely.length);
    expect(times.length).toBeLessThanOrEqual(surely.length + 2); // a bar at the limit while producing
    expect(Math.min(...times)).toBeGreaterThanOrEqual(input.producedFrom - 7 * DAY + MARGIN);
    const sales = await queryRows(`from(bucket: "${run.buckets.names.raw}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "sales") |> keep(columns: ["_time"])`);
    expect(Math.min(...sales.map((r) => Date.parse(String(r._time))))).toBeGreaterThanOrEqual(input.producedFrom - 7 * DAY + MARGIN);
  });

  it('longterm: hourly sales and sales-cube sums within 365 days equal the input (summed across partitions)', async () => {
    const expected = expectedHours(input.producedTo - 365 * DAY + MARGIN);
    expect(expected.size).toBeGreaterThan(3 * 1000);
    const fields = 'r._field == "revenue" or r._field == "orders" or r._field == "units"';
    expectClose(await field(run.buckets.names.longterm, `r._measurement == "sales" and r.dim == "total" and r.window == "1h" and (${fields})`), expected);
    expectClose(await field(run.buckets.names.longterm, `r._measurement == "sales_cube" and r.window == "1h" and (${fields})`), expected);
  });

  it('longterm: an hourly candle per bar within 365 days; daily: every day\u2019s candle, for years', async () => {
    for (const symbol of ['HIST', 'OLDCO']) {
      const bars = input.bars.filter((b) => b.symbol === symbol);
      const get = async (bucket: string, interval: string) =>
        (await queryRows(`from(bucket: "${bucket}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "candle" and r.symbol == "${symbol}" and r.interval == "${interval}")
          |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`)).map((r) => [Date.parse(String(r._time)), r.open, r.high, r.low, r.close, r.volume, r.trades]);
      const want = (b: Bar, start: number) => [start, b.open, b.high, b.low, b.close, b.volume, 1];
      expect(await get(run.buckets.names.daily, '1d')).toEqual(bars.map((b) => want(b, b.ts - (b.ts % DAY))));
      const hours = await get(run.buckets.names.longterm, '1h');
      const surely = bars.filter((b) => b.ts - (b.ts % HOUR) >= input.producedTo - 365 * DAY + MARGIN).map((b) => want(b, b.ts - (b.ts % HOUR)));
      expect(hours.slice(hours.length - surely.length)).toEqual(surely);
      expect(hours.length - surely.length).toBeLessThanOrEqual(1); // a bar at the limit while producing
    }
  });

  it('too_old_events counts the sales older than every retention; nothing is dead-lettered for its age', async () => {
    const latest = async (kind: string, f: string, topic: string) =>
      (await queryRows(`from(bucket: "${run.buckets.names.raw}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "${kind}" and r.topic == "${topic}" and r._field == "${f}")
        |> group(columns: ["partition"]) |> last() |> group() |> sum()`))[0]?._value;
    const tooOld = input.sales.filter((s) => s.ts < input.producedFrom - 365 * DAY + MARGIN).length;
    expect(tooOld).toBeGreaterThan(1000);
    expect(await latest('retention', 'too_old_events', topics.SALES_TOPIC)).toBe(tooOld);
    expect(await latest('retention', 'too_old_events', topics.QUOTES_TOPIC) ?? 0).toBe(0); // the daily bucket keeps every bar
    expect(await latest('throughput', 'dead_lettered', topics.SALES_TOPIC)).toBe(0);
    expect(await latest('throughput', 'dead_lettered', topics.QUOTES_TOPIC)).toBe(0);
  });

  it('the long-lived aggregates landed within a minute after the input was consumed, without a stop', () => {
    expect(run.landedAt - run.caughtUpAt).toBeLessThan(60_000);
  });

  it('SIGKILL mid-consume and a restart: the longterm, daily and raw dumps equal the uninterrupted run', async () => {
    const buckets = await createBuckets('hist-killed');
    const group = uniqueName('g-hist-killed');
    let p = processor(buckets, group);
    await waitFor('a first commit', async () => (await groupCommitted(group, watched).catch(() => 0)) > 0, 120_000, 50);
    const lagAtKill = await groupLag(group, watched);
    await p.stop('SIGKILL');
    await sleep(500);
    p = processor(buckets, group);
    await caughtUp(group, p);
    expect(await p.stop('SIGTERM')).toBe(0);
    expect(lagAtKill).toBeGreaterThan(0); // killed mid-consume, not after it
    for (const kind of ['longterm', 'daily', 'raw'] as const) {
      const dump = await dumpBucket(buckets.names[kind]);
      expect(dump.length, kind).toBe(run.dumps[kind]?.length);
      expect(dump, kind).toEqual(run.dumps[kind]);
    }
  }, 600_000);
});
