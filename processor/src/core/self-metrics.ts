import { MEASUREMENTS } from '@tickflow/contracts';
import type { Point } from './points.js';

/** The process itself over the interval (sources/runtime-probe). */
export interface RuntimeSample {
  /** Event-loop delay, ms: p99 and worst of the interval. */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** GC pauses in the interval, ms: total and longest. */
  gcPauseMs: number;
  gcMaxPauseMs: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export interface SelfMetricsSnapshot {
  topics: Map<string, { consumed: number; processed: number; deadLettered: number; skipped: number; points: number }>;
  deadLettersByReason: Map<string, number>;
  /** `topic|partition` -> lag. */
  lag: Map<string, number>;
  /** `topic|partition` -> events kept in no bucket, raw points skipped for retention (cumulative). */
  retention?: Map<string, { tooOldEvents: number; rawSkippedPoints: number }>;
  /** Record timestamp -> InfluxDB ack, ms, a sample of the interval's records. */
  latenciesMs: number[];
  /** Where that time went: record timestamp -> handled (per record), handled -> write start, write start -> ack (per batch), ms. */
  stagesMs: { handle: number[]; queue: number[]; write: number[] };
  influx: { writes: number; lines: number; errors: number; retries: number; rejectedLines: number };
  state: { bufferFill: number; openWindows: number; trackedSymbols: number; trackedPartitions: number; trackedCustomers: number };
  /** False while InfluxDB refuses our writes for a configuration fault. */
  healthy: boolean;
  checkpoint: {
    /** Age of the oldest uncommitted progress, ms (0 = everything handled is committed). */
    ageMs: number;
    /** Commits so far. */
    checkpoints: number;
    /** Encoded changelog bytes so far. */
    bytes: number;
    /** Longest commit in the interval, ms. */
    durationMs: number;
  };
  runtime: RuntimeSample;
}

/** Nearest-rank percentile of an unsorted sample (sorted in place). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** The processor's health as `pipeline` points (kind=throughput|dlq|lag|retention|latency|influx|state|checkpoint|runtime). */
export function selfMetricPoints(s: SelfMetricsSnapshot, instance: string, ts: number): Point[] {
  const m = MEASUREMENTS.pipeline;
  const points: Point[] = [];
  for (const [topic, t] of s.topics) {
    const fields = { consumed: t.consumed, processed: t.processed, dead_lettered: t.deadLettered, skipped: t.skipped, points: t.points };
    points.push({ measurement: m, tags: { kind: 'throughput', instance, topic }, fields, ts });
  }
  for (const [key, count] of s.deadLettersByReason) {
    // Stryker disable next-line StringLiteral: the topic default is equivalent, split() always returns a first element
    const [topic = '', reason = ''] = key.split('|');
    points.push({ measurement: m, tags: { kind: 'dlq', instance, topic, reason }, fields: { count }, ts });
  }
  for (const [key, lag] of s.lag) {
    const i = key.lastIndexOf('|');
    points.push({ measurement: m, tags: { kind: 'lag', instance, topic: key.slice(0, i), partition: key.slice(i + 1) }, fields: { lag }, ts });
  }
  for (const [key, r] of s.retention ?? []) {
    const i = key.lastIndexOf('|');
    const tags = { kind: 'retention', instance, topic: key.slice(0, i), partition: key.slice(i + 1) };
    points.push({ measurement: m, tags, fields: { too_old_events: r.tooOldEvents, raw_skipped_points: r.rawSkippedPoints }, ts });
  }
  if (s.latenciesMs.length > 0) {
    const sorted = s.latenciesMs.sort((a, b) => a - b);
    const fields: Record<string, number> = { p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99), max_ms: sorted[sorted.length - 1] as number, samples: sorted.length };
    for (const [stage, values] of Object.entries(s.stagesMs)) if (values.length > 0) fields[`${stage}_p99_ms`] = percentile(values.sort((a, b) => a - b), 99);
    points.push({ measurement: m, tags: { kind: 'latency', instance }, fields, ts });
  }
  const i = s.influx;
  const influx = { writes: i.writes, lines: i.lines, write_errors: i.errors, write_retries: i.retries, rejected_lines: i.rejectedLines };
  points.push({ measurement: m, tags: { kind: 'influx', instance }, fields: influx, ts });
  const st = s.state;
  const state = {
    buffer_fill: st.bufferFill,
    open_windows: st.openWindows,
    tracked_symbols: st.trackedSymbols,
    tracked_partitions: st.trackedPartitions,
    tracked_customers: st.trackedCustomers,
    healthy: s.healthy ? 1 : 0,
  };
  points.push({ measurement: m, tags: { kind: 'state', instance }, fields: state, ts });
  const c = s.checkpoint;
  const checkpoint = { age_ms: c.ageMs, checkpoints: c.checkpoints, bytes: c.bytes, duration_ms: c.durationMs };
  points.push({ measurement: m, tags: { kind: 'checkpoint', instance }, fields: checkpoint, ts });
  const r = s.runtime;
  const runtime = {
    event_loop_p99_ms: r.eventLoopP99Ms,
    event_loop_max_ms: r.eventLoopMaxMs,
    gc_pause_ms: r.gcPauseMs,
    gc_max_pause_ms: r.gcMaxPauseMs,
    heap_used_bytes: r.heapUsedBytes,
    rss_bytes: r.rssBytes,
  };
  points.push({ measurement: m, tags: { kind: 'runtime', instance }, fields: runtime, ts });
  return points;
}
