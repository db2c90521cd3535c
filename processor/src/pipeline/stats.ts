import type { AckedSegment } from './point-lane.js';
import { Reservoir } from './reservoir.js';

export type LatencyStage = 'handle' | 'queue' | 'write';

/** Counters the pipeline keeps for self-metrics; cumulative since start unless noted. */
export interface TopicStats {
  consumed: number;
  processed: number;
  deadLettered: number;
  /** Records below the checkpoint marker: already fully handled before a restart. */
  skipped: number;
  points: number;
}

export interface CheckpointStats {
  /** Successful commits (checkpoint + dead letters + offset), cumulative. */
  checkpoints: number;
  /** Encoded changelog bytes written, cumulative. */
  bytes: number;
  /** Longest commit since the last drain (flush wait included), ms. */
  durationMs: number;
}

/** Retention skips of one partition, cumulative since start. */
export interface RetentionCounts {
  /** Events kept in no bucket (older than every retention). */
  tooOldEvents: number;
  /** Points of the raw bucket skipped for its retention (or refused by it as beyond retention). */
  rawSkippedPoints: number;
}

export class PipelineStats {
  readonly topics = new Map<string, TopicStats>();
  /** Latest lag seen per `topic|partition`, records. */
  readonly lag = new Map<string, number>();
  /** `topic|reason` -> dead letters committed. */
  readonly deadLettersByReason = new Map<string, number>();
  readonly checkpoint: CheckpointStats = { checkpoints: 0, bytes: 0, durationMs: 0 };
  /** `topic|partition` -> retention skips. */
  readonly retentionSkips = new Map<string, RetentionCounts>();
  /** Record timestamp -> InfluxDB ack, ms, per record, since the last drain. */
  readonly latency: Reservoir;
  /** Where that time goes: record timestamp -> handled (per record), handled -> its write starts, write -> ack (per batch), ms. */
  readonly stages: Readonly<Record<LatencyStage, Reservoir>>;

  constructor(reservoirSize = 10_000, random: () => number = Math.random) {
    this.latency = new Reservoir(reservoirSize, random);
    this.stages = { handle: new Reservoir(reservoirSize, random), queue: new Reservoir(reservoirSize, random), write: new Reservoir(reservoirSize, random) };
  }

  topic(name: string): TopicStats {
    let t = this.topics.get(name);
    if (!t) this.topics.set(name, (t = { consumed: 0, processed: 0, deadLettered: 0, skipped: 0, points: 0 }));
    return t;
  }

  /** The retention counters of `topic|partition` (created at zero). */
  retention(key: string): RetentionCounts {
    let r = this.retentionSkips.get(key);
    if (!r) this.retentionSkips.set(key, (r = { tooOldEvents: 0, rawSkippedPoints: 0 }));
    return r;
  }

  /** A successful commit: its changelog bytes, how long it took (ms), its dead letters' reasons. */
  committed(topic: string, bytes: number, durationMs: number, reasons: readonly string[]): void {
    const c = this.checkpoint;
    c.checkpoints++;
    c.bytes += bytes;
    c.durationMs = Math.max(c.durationMs, durationMs);
    for (const r of reasons) {
      const k = `${topic}|${r}`;
      this.deadLettersByReason.set(k, (this.deadLettersByReason.get(k) ?? 0) + 1);
    }
  }

  /** A raw-lane segment acknowledged at `ackedAt`: its records' latencies and its stages. */
  acked(a: AckedSegment, ackedAt: number): void {
    for (const ts of a.stamps) {
      this.latency.add(ackedAt - ts);
      this.stages.handle.add(a.handledAt - ts);
    }
    if (a.stamps.length === 0) return;
    this.stages.queue.add(a.writtenAt - a.handledAt);
    this.stages.write.add(ackedAt - a.writtenAt);
  }

  /** Each stage's sample so far; starts new ones. */
  drainStages(): Record<LatencyStage, number[]> {
    return { handle: this.stages.handle.drain(), queue: this.stages.queue.drain(), write: this.stages.write.drain() };
  }

  get totals(): TopicStats {
    const t: TopicStats = { consumed: 0, processed: 0, deadLettered: 0, skipped: 0, points: 0 };
    for (const s of this.topics.values()) {
      t.consumed += s.consumed;
      t.processed += s.processed;
      t.deadLettered += s.deadLettered;
      t.skipped += s.skipped;
      t.points += s.points;
    }
    return t;
  }
}
