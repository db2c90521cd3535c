import type { Logger } from '@tickflow/common';
import type { BucketKind } from '@tickflow/contracts';
import type { RetentionCounts } from './stats.js';

export interface RetentionLogOptions {
  /** Least time between two too-old summaries of a partition, ms. */
  summaryIntervalMs: number;
}

/**
 * Too-old data of one partition in the log: a warning the first time, then a summary at most
 * every summaryIntervalMs; never one line per point (a replay of years would flood the log).
 */
export class RetentionLog {
  private warned = false;
  private lastAt = 0;
  private lastCount = 0;

  constructor(
    private readonly topic: string,
    private readonly partition: number,
    private readonly log: Logger,
    private readonly opts: RetentionLogOptions = { summaryIntervalMs: 300_000 },
  ) {}

  /** `total`: too-old events of the partition so far; `now`: wall clock, ms (log rate only). */
  tooOld(total: number, now: number): void {
    const where = { topic: this.topic, partition: this.partition, tooOldEvents: total };
    if (!this.warned) {
      this.warned = true;
      this.log.warn(where, 'events older than every bucket retention: counted as too_old, not written, not dead-lettered (the archiver keeps every event)');
    } else if (now - this.lastAt >= this.opts.summaryIntervalMs && total > this.lastCount) {
      this.log.warn({ ...where, sinceLast: total - this.lastCount }, 'too_old events so far');
    } else {
      return;
    }
    this.lastAt = now;
    this.lastCount = total;
  }

  /** InfluxDB refused points as beyond its retention although the core accepted them (we lagged past the margin). */
  refused(kind: BucketKind, points: number, counts: RetentionCounts | undefined): void {
    if (counts) counts.rawSkippedPoints += points;
    this.log.warn({ topic: this.topic, partition: this.partition, bucket: kind, points }, 'InfluxDB refused points beyond its retention (processing lagged past the margin); skipped, not dead-lettered');
  }
}
