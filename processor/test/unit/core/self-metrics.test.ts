import { describe, expect, it } from 'vitest';
import { percentile, selfMetricPoints, type SelfMetricsSnapshot } from '../../../src/core/self-metrics.js';

const TS = 1_780_000_000_000;
const snapshot = (over: Partial<SelfMetricsSnapshot> = {}): SelfMetricsSnapshot => ({
  topics: new Map(),
  deadLettersByReason: new Map(),
  lag: new Map(),
  latenciesMs: [],
  stagesMs: { handle: [], queue: [], write: [] },
  influx: { writes: 4, lines: 400, errors: 1, retries: 2, rejectedLines: 3 },
  state: { bufferFill: 0.25, openWindows: 6, trackedSymbols: 5, trackedPartitions: 4, trackedCustomers: 70 },
  healthy: true,
  checkpoint: { ageMs: 1500, checkpoints: 12, bytes: 4096, durationMs: 30 },
  runtime: { eventLoopP99Ms: 12, eventLoopMaxMs: 80, gcPauseMs: 40, gcMaxPauseMs: 9, heapUsedBytes: 5e7, rssBytes: 2e8 },
  ...over,
});

describe('percentile (nearest rank)', () => {
  it('is the value at rank ceil(p/100 × n), 1-based', () => {
    const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(xs, 50)).toBe(50); // rank 5
    expect(percentile(xs, 51)).toBe(60); // rank ceil(5.1) = 6
    expect(percentile(xs, 99)).toBe(100);
    expect(percentile(xs, 10)).toBe(10);
    expect(percentile(xs, 0)).toBe(10); // rank 0 clamps to the first
    expect(percentile([7, 9], 100)).toBe(9);
  });

  it('is 0 for an empty sample', () => {
    expect(percentile([], 50)).toBe(0);
  });
});

describe('selfMetricPoints', () => {
  it('always writes the influx, state, checkpoint and runtime points, with snake_case fields', () => {
    expect(selfMetricPoints(snapshot(), 'proc-1', TS)).toEqual([
      { measurement: 'pipeline', tags: { kind: 'influx', instance: 'proc-1' }, fields: { writes: 4, lines: 400, write_errors: 1, write_retries: 2, rejected_lines: 3 }, ts: TS },
      {
        measurement: 'pipeline',
        tags: { kind: 'state', instance: 'proc-1' },
        fields: { buffer_fill: 0.25, open_windows: 6, tracked_symbols: 5, tracked_partitions: 4, tracked_customers: 70, healthy: 1 },
        ts: TS,
      },
      { measurement: 'pipeline', tags: { kind: 'checkpoint', instance: 'proc-1' }, fields: { age_ms: 1500, checkpoints: 12, bytes: 4096, duration_ms: 30 }, ts: TS },
      {
        measurement: 'pipeline',
        tags: { kind: 'runtime', instance: 'proc-1' },
        fields: { event_loop_p99_ms: 12, event_loop_max_ms: 80, gc_pause_ms: 40, gc_max_pause_ms: 9, heap_used_bytes: 5e7, rss_bytes: 2e8 },
        ts: TS,
      },
    ]);
    const unhealthy = selfMetricPoints(snapshot({ healthy: false }), 'p', TS).find((p) => p.tags.kind === 'state');
    expect(unhealthy?.fields.healthy).toBe(0);
  });

  it('one throughput point per topic, one dlq point per topic and reason, one lag point per partition', () => {
    const points = selfMetricPoints(
      snapshot({
        topics: new Map([['market.quotes', { consumed: 10, processed: 8, deadLettered: 1, skipped: 1, points: 16 }]]),
        deadLettersByReason: new Map([['market.quotes|late', 3], ['sales.transactions|duplicate', 1]]),
        lag: new Map([['a|b.c|12', 40]]), // a topic name may hold '|': the partition is after the last one
      }),
      'proc-1',
      TS,
    );
    const byKind = (kind: string) => points.filter((p) => p.tags.kind === kind).map((p) => ({ tags: p.tags, fields: p.fields, ts: p.ts }));
    expect(byKind('throughput')).toEqual([
      { tags: { kind: 'throughput', instance: 'proc-1', topic: 'market.quotes' }, fields: { consumed: 10, processed: 8, dead_lettered: 1, skipped: 1, points: 16 }, ts: TS },
    ]);
    expect(byKind('dlq')).toEqual([
      { tags: { kind: 'dlq', instance: 'proc-1', topic: 'market.quotes', reason: 'late' }, fields: { count: 3 }, ts: TS },
      { tags: { kind: 'dlq', instance: 'proc-1', topic: 'sales.transactions', reason: 'duplicate' }, fields: { count: 1 }, ts: TS },
    ]);
    expect(byKind('lag')).toEqual([{ tags: { kind: 'lag', instance: 'proc-1', topic: 'a|b.c', partition: '12' }, fields: { lag: 40 }, ts: TS }]);
    expect(points.every((p) => p.measurement === 'pipeline')).toBe(true);
    expect(points.map((p) => p.tags.kind)).toEqual(['throughput', 'dlq', 'dlq', 'lag', 'influx', 'state', 'checkpoint', 'runtime']);
  });

  it('a dlq key without a reason gets empty tags rather than undefined', () => {
    const points = selfMetricPoints(snapshot({ deadLettersByReason: new Map([['', 2]]) }), 'p', TS);
    expect(points[0]?.tags).toEqual({ kind: 'dlq', instance: 'p', topic: '', reason: '' });
  });

  it('latency: p50, p99 and max of the sample (sorted numerically), and the sample size', () => {
    const latenciesMs = [5, 100, 20, 3, 1000, 7, 9, 11, 13, 40];
    const points = selfMetricPoints(snapshot({ latenciesMs }), 'p', TS);
    expect(points.find((p) => p.tags.kind === 'latency')).toEqual({
      measurement: 'pipeline', tags: { kind: 'latency', instance: 'p' }, fields: { p50_ms: 11, p99_ms: 1000, max_ms: 1000, samples: 10 }, ts: TS,
    });
  });

  it('latency: the p99 of each stage it went through, when it has samples', () => {
    const stagesMs = { handle: [3, 80, 5], queue: [12, 1], write: [] };
    const points = selfMetricPoints(snapshot({ latenciesMs: [90, 20], stagesMs }), 'p', TS);
    expect(points.find((p) => p.tags.kind === 'latency')?.fields).toEqual({ p50_ms: 20, p99_ms: 90, max_ms: 90, samples: 2, handle_p99_ms: 80, queue_p99_ms: 12 });
  });

  it('no latency point without samples', () => {
    expect(selfMetricPoints(snapshot(), 'p', TS).some((p) => p.tags.kind === 'latency')).toBe(false);
  });
});
