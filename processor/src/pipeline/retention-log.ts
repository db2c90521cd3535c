import type { Logger } from '@tickflow/common';
import type { BucketKind } from '@tickflow/contracts';
import type { RetentionCounts } from './stats.js';

export interface RetentionLogOptions {
  /** Least time between two too-old summaries of a partition, ms. */
  summaryIntervalMs: number;
}

/** Where a partition's retention skips are counted and logged. */
export interface RetentionTarget {
  topic: string;
  partition: number;
  log: Logger;
  /** The partition's counters (created on first use: a partition without skips has none). */
  counts: () => RetentionCounts;
  /** Wall clock, ms (log rate only). */
  now: () => number;
}

/**
 * Too-old data of one partition, counted, and in the log: a warning the first time, then a
 * summary at most every summaryIntervalMs; never one line per point (a replay of years would
 * flood the log).
 */
export class RetentionLog {
  private warned = false;
  private lastAt = 0;
  private lastCount = 0;

  constructor(
    private readonly target: RetentionTarget,
    private readonly opts: RetentionLogOptions = { summaryIntervalMs: 300_000 },
  ) {}

  /** Counts the retention skips of a batch or an aggregate flush. */
  count(skips: { tooOld: number; rawSkipped: number }): void {
    if (skips.tooOld === 0 && skips.rawSkipped === 0) return;
    const counts = this.target.counts();
    counts.tooOldEvents += skips.tooOld;
    counts.rawSkippedPoints += skips.rawSkipped;
    if (skips.tooOld > 0) this.tooOld(counts.tooOldEvents, this.target.now());
  }

  /** InfluxDB refused points as beyond its retention although the core accepted them (we lagged past the margin). */
  refused(kind: BucketKind, points: number): void {
    if (kind === 'raw') this.target.counts().rawSkippedPoints += points;
    const { topic, partition, log } = this.target;
    log.warn({ topic, partition, bucket: kind, points }, 'InfluxDB refused points beyond its retention (processing lagged past the margin); skipped, not dead-lettered');
  }

  /** `total`: too-old events of the partition so far. */
  private tooOld(total: number, now: number): void {
    const where = { topic: this.target.topic, partition: this.target.partition, tooOldEvents: total };
    if (!this.warned) {
      this.warned = true;
      this.target.log.warn(where, 'events older than every bucket retention: counted as too_old, not written, not dead-lettered (the archiver keeps every event)');
    } else if (now - this.lastAt >= this.opts.summaryIntervalMs && total > this.lastCount) {
      this.target.log.warn({ ...where, sinceLast: total - this.lastCount }, 'too_old events so far');
    } else {
      return;
    }
    this.lastAt = now;
    this.lastCount = total;
  }
}
