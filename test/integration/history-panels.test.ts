// @vitest-environment jsdom
// (Grafana's frontend packages, which compute what the panels show, expect a DOM.)
import { sleep } from '@tickflow/common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type Dashboard } from '../../grafana/check/validate.js';
import type { Frame } from '../../grafana/model/frames.js';
import { runDashboard } from '../../grafana/test/support/panels.js';
import { runCommand } from '../../producer/test/support/run-command.js';
import { MemorySink } from '../../producer/test/support/memory-sink.js';
import { FixtureFetch, toResponse, type RecordedExchange } from '../../producer/test/support/yahoo-fixtures.js';
import { dumpBucket } from '../support/dump.js';
import { uniqueName } from '../support/env.js';
import { createBuckets, queryRows, type StackBuckets } from '../support/influx.js';
import { createTopics, groupCommitted, groupLag, readAll, testKafka } from '../support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../support/processes.js';

// Issue 23, done-when: with the default retentions (raw 7 d, long-term 365 d, daily forever),
// a generated 2.5-year sales export replayed through the producer CLI (rebased: the last order
// lands now) and ~6 years of daily prices backfilled through chart() answers in Yahoo's
// recorded layout (the recorded MSFT year, then generated bars; injected fetch, no network) go
// through the real processor; then the dashboards' own panel queries (generated JSON) run as
// Grafana would and must equal a computation from the input, day by day. A second run, the
// processor SIGKILLed mid-consume and restarted, must leave identical long-lived buckets.
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CHART = 'query2.finance.yahoo.com/v8/finance/chart/';
const MSFT_YEAR = 'chart-MSFT-2021-02-01-to-2022-01-31-1d.json';
const BACKFILL_FROM = Date.parse('2021-02-01T00:00:00Z');
/** A recorded Yahoo exchange (by path: under jsdom, import.meta.url is no file URL). */
const loadFixture = (name: string): RecordedExchange =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../producer/test/fixtures/yahoo', name), 'utf8')) as RecordedExchange;
const topics = { QUOTES_TOPIC: uniqueName('hpq'), SALES_TOPIC: uniqueName('hps'), METRICS_TOPIC: uniqueName('hpm') };
const started: RunningService[] = [];
let dashboards: Map<string, Dashboard>;

/** mulberry32: a seeded generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Line { orderId: string; lineId: string; ts: number; category: string; quantity: number; amount: number }
interface Bar { ts: number; open: number; high: number; low: number; close: number; volume: number }

/**
 * 2.5 years of orders ending at `t0`, none within 2 days of the long-term limit (t0 - 365 d) nor
 * within 2 hours of the raw limit (t0 - 7 d): which side of a limit a line falls on is then
 * certain, though the replay moves the file by the seconds between now and t0.
 */
function generateSales(t0: number): Line[] {
  const r = rng(2323);
  const lines: Line[] = [];
  for (let i = 0; i < 5000; i++) {
    let ts = Math.floor(t0 - r() * 900 * DAY);
    if (Math.abs(ts - (t0 - 365 * DAY)) < 2 * DAY) ts += 5 * DAY;
    if (Math.abs(ts - (t0 - 7 * DAY)) < 2 * HOUR) ts += 5 * HOUR;
    ts -= ts % 1000;
    const n = 1 + Math.floor(r() * 3);
    for (let l = 0; l < n; l++) {
      const quantity = 1 + Math.floor(r() * 4);
      lines.push({ orderId: `o-${i}`, lineId: String(l), ts: ts + l * 1000, category: ['Books', 'Games', 'Garden'][Math.floor(r() * 3)] as string, quantity, amount: r2(quantity * (5 + r() * 400)) });
    }
  }
  // The newest line last: the replay rebases it to its start.
  lines.push({ orderId: 'o-last', lineId: '0', ts: t0, category: 'Books', quantity: 1, amount: 12.5 });
  return lines.sort((a, b) => a.ts - b.ts);
}

function salesCsv(lines: Line[]): string {
  const head = 'order_id,line_id,customer_id,order_date,category,product,quantity,amount,currency,city,country,payment_method,segment';
  const row = (l: Line, i: number) => [l.orderId, l.lineId, `c-${i % 300}`, new Date(l.ts).toISOString(), l.category, `p-${i % 40}`, l.quantity, l.amount.toFixed(2), 'USD', 'Paris', 'FR', i % 2 ? 'card' : 'paypal', 'consumer'].join(',');
  return [head, ...lines.map(row)].join('\n') + '\n';
}

/** The recorded MSFT year, then generated weekday bars (14:30 UTC, as Yahoo stamps them) up to yesterday. */
function msftBars(now: number): Bar[] {
  const rec = (loadFixture(MSFT_YEAR).response.bodyJson as { chart: { result: { timestamp: number[]; indicators: { quote: Record<string, number[]>[] } }[] } }).chart.result[0]!;
  const q = rec.indicators.quote[0]!;
  const bars: Bar[] = rec.timestamp.map((t, i) => ({ ts: t * 1000, open: q.open![i]!, high: q.high![i]!, low: q.low![i]!, close: q.close![i]!, volume: q.volume![i]! }));
  const r = rng(77);
  let close = bars.at(-1)!.close;
  const today = now - (now % DAY);
  for (let d = Date.parse('2022-01-31T00:00:00Z'); d < today; d += DAY) {
    if ([0, 6].includes(new Date(d).getUTCDay())) continue;
    const open = close;
    close = r2(open * (0.97 + r() * 0.06));
    bars.push({ ts: d + 14.5 * HOUR, open, high: r2(Math.max(open, close) * (1 + r() * 0.02)), low: r2(Math.min(open, close) * (1 - r() * 0.02)), close, volume: Math.floor(1e6 + r() * 1e7) });
  }
  return bars;
}

/** chart() answers in the recorded exchange's layout (meta, headers), holding `bars` cut to [period1, period2). */
function chartAnswers(bars: Bar[]) {
  return (url: URL): Response => {
    const [p1, p2] = [Number(url.searchParams.get('period1')) * 1000, Number(url.searchParams.get('period2')) * 1000];
    const fx = loadFixture(MSFT_YEAR);
    const result = (fx.response.bodyJson as { chart: { result: Record<string, unknown>[] } }).chart.result[0]!;
    const cut = bars.filter((b) => b.ts >= p1 && b.ts < p2);
    result.timestamp = cut.map((b) => b.ts / 1000);
    result.indicators = { quote: [{ open: cut.map((b) => b.open), high: cut.map((b) => b.high), low: cut.map((b) => b.low), close: cut.map((b) => b.close), volume: cut.map((b) => b.volume) }], adjclose: [{ adjclose: cut.map((b) => b.close) }] };
    return toResponse(fx);
  };
}

const input = { lines: [] as Line[], bars: [] as Bar[], shift: 0, producedTo: 0 };
const run = { buckets: undefined as unknown as StackBuckets, group: uniqueName('g-hp'), dumps: {} as Record<string, string[]>, viewAt: 0, processorFrom: 0 };
/** Sent times: the file's, moved by the rebase. */
const sentTs = (l: Line) => l.ts + input.shift;

async function produceHistory(): Promise<void> {
  await createTopics([{ topic: topics.QUOTES_TOPIC, numPartitions: 2 }, { topic: topics.SALES_TOPIC, numPartitions: 3 }, { topic: topics.METRICS_TOPIC, numPartitions: 1 }]);
  // Sales: the producer CLI's sales-replay of the file, rebased (the default) at max speed.
  input.lines = generateSales(Date.now());
  const file = join(mkdtempSync(join(tmpdir(), 'tickflow-history-')), 'orders.csv');
  writeFileSync(file, salesCsv(input.lines));
  const replay = await runProducer(['sales-replay', '--file', file, '--line-id-column', 'line_id', '--amount-column', 'amount', '--speed', 'max'], { ...topics, TOPIC_PARTITIONS: '3' });
  expect(replay.code, replay.stderr).toBe(0);
  // The rebase moved every line by the same amount: learn it from what Kafka holds.
  const sent = await readAll(topics.SALES_TOPIC, input.lines.length, 60_000);
  const byKey = new Map(sent.map((m) => JSON.parse(m.value) as { orderId: string; lineId: string; ts: number }).map((s) => [`${s.orderId}|${s.lineId}`, s.ts]));
  input.shift = (byKey.get('o-last|0') ?? NaN) - input.lines.at(-1)!.ts;
  expect(input.lines.every((l) => byKey.get(`${l.orderId}|${l.lineId}`) === sentTs(l))).toBe(true);
  // Prices: backfill through chart() answers (no network), then to Kafka as the sink sends them.
  input.bars = msftBars(Date.now());
  const ff = new FixtureFetch().on(CHART, chartAnswers(input.bars));
  const backfill = await runCommand(['backfill', '--symbols', 'MSFT', '--from', new Date(BACKFILL_FROM).toISOString(), '--interval', '1d'], new MemorySink(), new AbortController(), { fetch: ff.fetch });
  expect(backfill.sink.quoteEvents.length).toBe(input.bars.length);
  expect(backfill.sink.quoteEvents.every((e) => e.open !== undefined)).toBe(true);
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({ topic: topics.QUOTES_TOPIC, messages: backfill.sink.quoteEvents.map((e) => ({ key: e.symbol, value: JSON.stringify(e) })) });
  await producer.disconnect();
  input.producedTo = Date.now();
}

function processor(buckets: StackBuckets, group: string): RunningService {
  const p = startProcessor({ ...topics, ...buckets.env, KAFKA_GROUP_ID: group, METRICS_INTERVAL_MS: '1000', MAX_FUTURE_MS: '600000' });
  started.push(p);
  return p;
}

const watched = [topics.QUOTES_TOPIC, topics.SALES_TOPIC];
async function caughtUp(group: string, p: RunningService): Promise<void> {
  await waitFor(`group ${group} to catch up`, async () => {
    if (p.child.exitCode !== null) throw new Error(`processor exited ${p.child.exitCode}:\n${p.output()}`);
    return (await groupLag(group, watched).catch(() => -1)) === 0;
  }, 300_000);
}

beforeAll(async () => {
  dashboards = new Map((await loadProject()).dashboards.map((d) => [d.data.uid, d.data]));
  await produceHistory();
  run.buckets = await createBuckets('hp');
  run.processorFrom = Date.now();
  const p = processor(run.buckets, run.group);
  await caughtUp(run.group, p);
  // The rollups land while the processor runs (no stop needed): within a minute of consuming.
  const caughtUpAt = Date.now();
  const lastHour = sentTs(input.lines.at(-1)!) - (sentTs(input.lines.at(-1)!) % HOUR);
  await waitFor('the newest hour of sales in the long-term bucket', async () => {
    const rows = await queryRows(`from(bucket: "${run.buckets.names.longterm}") |> range(start: ${new Date(lastHour).toISOString()}) |> filter(fn: (r) => r._measurement == "sales_cube" and r._field == "revenue") |> count()`);
    return rows.length > 0;
  }, 60_000);
  expect(Date.now() - caughtUpAt).toBeLessThan(60_000);
  await sleep(2500); // a few more self-metrics points
  run.viewAt = Date.now();
  expect(await p.stop('SIGTERM')).toBe(0);
  for (const kind of ['longterm', 'daily'] as const) run.dumps[kind] = await dumpBucket(run.buckets.names[kind]);
}, 900_000);

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
});

const dash = (uid: string): Dashboard => {
  const d = dashboards.get(uid);
  if (!d) throw new Error(`dashboard ${uid} not provisioned`);
  return d;
};
const panelFrames = async (uid: string, id: number, from: number, pick: Record<string, string | string[]> = {}): Promise<Frame[]> => {
  const v = await runDashboard(dash(uid), from, run.viewAt, run.buckets.names.raw, { longterm: run.buckets.names.longterm, ...(uid === 'tickflow-markets' ? { daily: run.buckets.names.daily } : {}), ...pick });
  const p = v.panels.find((x) => x.panel.id === id);
  if (!p) throw new Error(`${uid}: no panel ${id}`);
  return p.frames;
};
/** Rows of a frame: time and each named field. */
const rowsOf = (f: Frame, names: string[]): number[][] => {
  const time = f.fields.find((x) => x.type === 'time')?.values ?? [];
  return time.map((t, i) => [Number(t), ...names.map((n) => Number(f.fields.find((x) => x.name === n)?.values[i]))]);
};
const dayOf = (t: number) => t - (t % DAY);
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe('history reaches the panels built for it (default retentions)', () => {
  it('Sales, revenue per day over 365 and 30 days (long-term bucket, the panels\u2019 own queries): every day equals the input', async () => {
    for (const [id, days] of [[12, 365], [11, 30]] as const) {
      const frames = await panelFrames('tickflow-sales', id, run.viewAt - DAY);
      const from = run.viewAt - days * DAY;
      // The long-term points are hourly partials stamped at the hour's start: an hour counts
      // when its start is in the range, in the day of its start (the first day from the range start).
      const want = new Map<number, number>();
      for (const l of input.lines) {
        const hour = sentTs(l) - (sentTs(l) % HOUR);
        if (hour < from) continue;
        const day = Math.max(from, dayOf(hour));
        want.set(day, (want.get(day) ?? 0) + l.amount);
      }
      const got = frames.flatMap((f) => f.fields.length ? rowsOf(f, [f.fields.find((x) => x.type === 'number')?.name ?? '']) : []);
      expect(got.length, `panel ${id}`).toBeGreaterThan(days === 365 ? 300 : 20);
      // aggregateWindow stamps each day at its start (the first one at the range start).
      expect(got.map(([t]) => t).sort(), `panel ${id} days`).toEqual([...want.keys()].sort());
      for (const [t, v] of got) expect(near(v!, want.get(t!)!), `panel ${id} ${new Date(t!).toISOString()}: ${v} vs ${want.get(t!)}`).toBe(true);
    }
  });

  it('Sales raw panels find the last days: revenue per window by category over 6 days sums to the input', async () => {
    const from = run.viewAt - 6 * DAY;
    const frames = await panelFrames('tickflow-sales', 5, from);
    const got = frames.flatMap((f) => f.fields.filter((x) => x.type === 'number').flatMap((x) => x.values as number[])).reduce((a, b) => a + b, 0);
    // Raw sales points are per 60-second window, stamped at its start.
    const want = input.lines.filter((l) => sentTs(l) - (sentTs(l) % 60_000) >= from).reduce((a, l) => a + l.amount, 0);
    expect(want).toBeGreaterThan(0);
    expect(near(got, want), `${got} vs ${want}`).toBe(true);
  });

  it('Markets candles over ~6 years: one daily candle per bar (daily bucket), its bar exactly', async () => {
    const frames = await panelFrames('tickflow-markets', 5, BACKFILL_FROM - DAY, { symbol: 'MSFT' });
    const got = frames.flatMap((f) => rowsOf(f, ['open', 'high', 'low', 'close', 'volume']));
    expect(got).toEqual(input.bars.map((b) => [dayOf(b.ts), b.open, b.high, b.low, b.close, b.volume]));
  });

  it('Markets candles over 60 days: hourly candles (long-term bucket); over 6 days with 1m: the raw bucket', async () => {
    const hourly = (await panelFrames('tickflow-markets', 5, run.viewAt - 60 * DAY, { symbol: 'MSFT' })).flatMap((f) => rowsOf(f, ['open', 'close']));
    const hourly60 = input.bars.filter((b) => b.ts - (b.ts % HOUR) >= run.viewAt - 60 * DAY);
    expect(hourly).toEqual(hourly60.map((b) => [b.ts - (b.ts % HOUR), b.open, b.close]));
    const raw = (await panelFrames('tickflow-markets', 5, run.viewAt - 6 * DAY, { symbol: 'MSFT', candle: '1m' })).flatMap((f) => rowsOf(f, ['close']));
    expect(raw.length).toBeGreaterThan(0);
    expect(raw).toEqual(input.bars.filter((b) => b.ts >= run.viewAt - 6 * DAY).map((b) => [b.ts - (b.ts % 60_000), b.close]));
  });

  it('Pipeline: "events too old for any bucket" equals the lines older than 365 days (prices: the daily bucket keeps all)', async () => {
    const v = await runDashboard(dash('tickflow-pipeline'), run.processorFrom - 60_000, run.viewAt, run.buckets.names.raw);
    const stat = v.panels.find((p) => p.panel.id === 9)!;
    const tooOld = input.lines.filter((l) => sentTs(l) < input.producedTo - 365 * DAY).length;
    expect(tooOld).toBeGreaterThan(1000);
    expect(stat.frames.flatMap((f) => f.fields).find((f) => f.name === 'too_old_events')?.values).toEqual([tooOld]);
  });

  it('SIGKILL mid-consume and a restart: the long-term and daily dumps equal the uninterrupted run', async () => {
    const buckets = await createBuckets('hp-killed');
    const group = uniqueName('g-hp-killed');
    let p = processor(buckets, group);
    await waitFor('a first commit', async () => (await groupCommitted(group, watched).catch(() => 0)) > 0, 120_000, 50);
    const lagAtKill = await groupLag(group, watched);
    await p.stop('SIGKILL');
    p = processor(buckets, group);
    await caughtUp(group, p);
    expect(await p.stop('SIGTERM')).toBe(0);
    expect(lagAtKill).toBeGreaterThan(0);
    for (const kind of ['longterm', 'daily'] as const) {
      const dump = await dumpBucket(buckets.names[kind]);
      expect(dump.length, kind).toBeGreaterThan(0);
      expect(dump, kind).toEqual(run.dumps[kind]);
    }
  }, 900_000);
});
