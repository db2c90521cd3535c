import type { QuoteEventInput } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import type { InRecord } from '../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../../src/core/market/quote-handler.js';
import { DAY_MS, Retention } from '../../../src/core/retention.js';
import { selfMetricPoints } from '../../../src/core/self-metrics.js';
import { metricsSnapshot } from '../../../src/pipeline/metrics-snapshot.js';
import { PartitionTask, type TaskContext } from '../../../src/pipeline/partition-task.js';
import { PipelineStats } from '../../../src/pipeline/stats.js';
import { FakeInflux, FakeKafka, log, TOPIC } from '../../support/fakes.js';

// A partition's points go to the writer of their bucket; its commit waits for all of them;
// a refusal "beyond retention" is counted, not dead-lettered; retention counters reach self-metrics.
const NOW = Date.UTC(2026, 11, 7, 0, 5);
const HOUR = 3_600_000;
const bar = (ts: number, offset: number, timestamp = NOW): InRecord => ({
  value: Buffer.from(JSON.stringify({ v: 1, symbol: 'AAPL', ts, price: 11, volume: 5, open: 10, high: 12, low: 9, source: 'backfill' } satisfies QuoteEventInput)),
  offset: String(offset),
  timestamp,
});

async function task(retentionDays = { raw: 7, longterm: 365, daily: 0 }) {
  const raw = new FakeInflux();
  const longterm = new FakeInflux();
  const daily = new FakeInflux();
  const kafka = new FakeKafka();
  const stats = new PipelineStats();
  const ctx: TaskContext = { points: raw, buckets: { longterm, daily }, lane: { batchLines: 50 }, flushIntervalMs: 0, stats, log, now: Date.now, onFailed: () => {} };
  const handler = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000, retention: new Retention({ retentionDays, marginMs: HOUR }) });
  const t = new PartitionTask(TOPIC, 0, await kafka.open(TOPIC, 0), handler, ctx);
  t.restore(undefined);
  return { t, raw, longterm, daily, kafka, stats };
}

describe('PartitionTask with a writer per bucket', () => {
  it('routes each point to its bucket and commits once all three acknowledged', async () => {
    const { t, raw, longterm, daily, kafka } = await task();
    const days = [400, 30, 1].map((d) => Date.UTC(2026, 11, 7) - d * DAY_MS + 14 * HOUR);
    t.handle(days.map((ts, i) => bar(ts, i)));
    await t.closeClean(); // flushes the open long-lived candles
    const series = (f: FakeInflux) => [...f.points.keys()].map((k) => k.split(' ')[0]).sort();
    expect(series(daily)).toEqual(Array(3).fill('candle,interval=1d,symbol=AAPL'));
    expect(series(longterm)).toEqual(Array(2).fill('candle,interval=1h,symbol=AAPL')); // 400 days ago: beyond longterm
    expect(series(raw)).toEqual(['candle,interval=1m,symbol=AAPL', 'quote,symbol=AAPL']); // only yesterday's
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('3');
    expect(kafka.deadLetters).toEqual([]);
  });

  it('a write refused as beyond retention counts as raw_skipped_points; other refusals are dead-lettered', async () => {
    const { t, raw, kafka, stats } = await task();
    raw.refuse = (l) => (l.startsWith('quote') ? 'HTTP 422: partial write: dropped 1 points outside retention policy of duration 168h0m0s dropped=1' : l.startsWith('candle') ? 'HTTP 400: field type conflict' : undefined);
    t.handle([bar(NOW - HOUR, 0)]);
    await t.closeClean();
    expect(kafka.deadLetters.map((d) => d.reason)).toEqual(['influx_rejected']); // the 1m candle
    expect(stats.retention(`${TOPIC}|0`)).toEqual({ tooOldEvents: 0, rawSkippedPoints: 1 });
  });

  it('counts too-old events per partition and reports them as pipeline kind=retention points', async () => {
    const { t, stats, kafka } = await task({ raw: 7, longterm: 365, daily: 730 });
    t.handle([bar(NOW - 1000 * DAY_MS, 0), bar(NOW - 999 * DAY_MS, 1), bar(NOW - 2 * DAY_MS, 2)]);
    await t.closeClean();
    expect(kafka.deadLetters).toEqual([]);
    const snapshot = { ...metricsSnapshot([], stats, 10_000, NOW), influx: { writes: 0, lines: 0, errors: 0, retries: 0, rejectedLines: 0 }, healthy: true, runtime: { eventLoopP99Ms: 0, eventLoopMaxMs: 0, gcPauseMs: 0, gcMaxPauseMs: 0, heapUsedBytes: 0, rssBytes: 0 } };
    const points = selfMetricPoints(snapshot, 'p-1', NOW).filter((p) => p.tags.kind === 'retention');
    expect(points).toEqual([{
      measurement: 'pipeline',
      tags: { kind: 'retention', instance: 'p-1', topic: TOPIC, partition: '0' },
      fields: { too_old_events: 2, raw_skipped_points: 4 }, // the 2 old quotes and their 2 closed 1m candles
      ts: NOW,
    }]);
  });
});
