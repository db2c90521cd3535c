import type { Logger } from '@tickflow/common';
import type { BucketKind } from '@tickflow/contracts';
import { checkpointRecords } from '../changelog.js';
import { emptyOutput, type InRecord, type Output, type PartitionHandler, type Rejection } from '../core/handler.js';

import type { ChangelogRecord, PartitionCheckpoint, PartitionOutputs, Sink } from '../sinks/sink.js';
import { BucketLanes, type LaneSeqs } from './bucket-lanes.js';
import type { LaneOptions, PointLane } from './point-lane.js';
import type { PipelineStats } from './stats.js';
import { RetentionLog, type RetentionLogOptions } from './retention-log.js';
import { IllegalTransition, TRANSITIONS, type TaskState } from './task-state.js';

/** InfluxDB's refusal of a point its bucket no longer keeps (the processor lagged past the margin). */
const BEYOND_RETENTION = /(outside|beyond) retention/i;

export interface TaskContext {
  /** Line protocol to the raw bucket. */
  points: Sink<string>;
  /** Line protocol to the long-lived buckets; one absent: its points go to `points` (tests). */
  buckets?: Partial<Record<BucketKind, Sink<string>>>;
  lane: LaneOptions;
  /**
   * While caught up, long-lived aggregates (1h/1d candles, hourly sales) are rewritten at most
   * this often, ms (absent: 30 s, as defaults.ts); they are also written when they close and at shutdown.
   */
  flushIntervalMs?: number;
  /** Rate of the too-old summaries, ms. */
  retentionLog?: RetentionLogOptions;
  stats: PipelineStats;
  log: Logger;
  now: () => number;
  /** A failed commit: the owner resets the partition to its last checkpoint. */
  onFailed(task: PartitionTask): void;
}

/** What one commit makes visible: taken synchronously, so later records cannot change it. */
export interface PreparedCommit {
  next: bigint;
  /** Per bucket, the lane segment whose acknowledgement the commit waits for. */
  seqs: LaneSeqs;
  records: ChangelogRecord[];
  rejected: Rejection[];
  started: number;
}

export interface Handled {
  skipped: number;
  processed: number;
  rejected: number;
  points: number;
}

export const partKey = (topic: string, partition: number): string => `${topic}|${partition}`;

/**
 * One owned source partition: its handler, its lane to InfluxDB, its Kafka outputs and its
 * commit bookkeeping, with an explicit state (TRANSITIONS). Records are handled while running
 * or committing (a commit's snapshot was taken when it started).
 */
export class PartitionTask {
  readonly key: string;
  /** The raw bucket's lane. */
  readonly lane: PointLane;
  /** A lane per bucket (backpressure and queue gauges count them all). */
  readonly lanes: BucketLanes;
  /** Whether the last batch reached the end of the partition (long-lived aggregates are then flushed). */
  caughtUp = true;
  private lastFlushAt: number;
  /** Set by closeClean: the next commit writes every long-lived aggregate. */
  private flushAll = false;
  private readonly retentionLog: RetentionLog;
  private current: TaskState = 'restoring';
  /** Next offset covered by the last committed checkpoint. */
  marker = 0n;
  /** Next offset not yet handled. */
  next = 0n;
  /**
   * Whether this owner has committed the group offset at `marker` itself. A restored checkpoint
   * does not prove it: after a fencing race Kafka was seen to keep a transaction's checkpoint
   * but not its offset, and an idle partition would then never commit again (lag stuck).
   */
  private offsetCommitted = false;
  /** Dead letters handled since the last commit. */
  private pending: Rejection[] = [];
  pendingBytes = 0;
  lastCommitAt: number;
  /** When the commit cycle last gave this partition its turn (the oldest goes next). */
  turnAt: number;
  private failure: Error | undefined;
  private inFlight: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly outputs: PartitionOutputs,
    readonly handler: PartitionHandler,
    private readonly ctx: TaskContext,
  ) {
    this.key = partKey(topic, partition);
    this.lastCommitAt = this.turnAt = this.lastFlushAt = ctx.now();
    this.lanes = new BucketLanes(ctx.points, ctx.buckets, ctx.lane, (stamps) => {
      const at = ctx.now();
      for (const ts of stamps) ctx.stats.recordLatency(at - ts);
    });
    this.lane = this.lanes.lanes.raw;
    this.retentionLog = new RetentionLog(topic, partition, ctx.log, ctx.retentionLog);
  }

  get state(): TaskState {
    return this.current;
  }

  /** Why the partition must be reset (its commit or its lane failed), if it must. */
  get failed(): Error | undefined {
    return this.failure ?? this.lanes.failed;
  }

  /** restoring -> running: loads the last checkpoint (none: from offset 0). */
  restore(cp: PartitionCheckpoint | undefined): void {
    this.to('running', 'restore');
    if (cp) this.handler.restore(cp.entities);
    this.marker = this.next = cp?.marker ?? 0n;
  }

  /** Handles a batch: records below `next` were handled before (a redelivery) and are skipped. */
  handle(records: readonly InRecord[]): Handled {
    if (this.current !== 'running' && this.current !== 'committing') throw new IllegalTransition(this.key, this.current, this.current, 'handling records');
    const out = emptyOutput();
    const stamps: number[] = [];
    let i = 0;
    while (i < records.length && BigInt((records[i] as InRecord).offset) < this.next) i++;
    for (let j = i; j < records.length; j++) {
      const r = records[j] as InRecord;
      this.handler.handle(r, out);
      stamps.push(r.timestamp);
    }
    if (i < records.length) {
      const last = (records[records.length - 1] as InRecord).offset;
      this.next = BigInt(last) + 1n;
      this.lanes.enqueue(out.points, last, stamps);
      this.countRetention(out);
      for (const r of out.rejected) {
        this.pending.push(r);
        this.pendingBytes += (r.record.value?.length ?? 0) + r.error.length + 256;
      }
    }
    return { skipped: i, processed: out.processed, rejected: out.rejected.length, points: out.points.length };
  }

  /**
   * running -> committing: writes the aggregates (their last value before the checkpoint is
   * what a replay ends with) and takes the checkpoint, dead letters and offset to commit.
   * Undefined, staying running, when there is nothing to commit; a failed lane moves to failed.
   */
  prepareCommit(): PreparedCommit | undefined {
    if (this.current === 'running' && this.failed) this.to('failed', 'prepareCommit');
    if (this.current !== 'running') throw new IllegalTransition(this.key, this.current, 'committing', 'prepareCommit');
    const next = this.next;
    const aggregates = emptyOutput();
    const now = this.ctx.now();
    const flush = this.flushAll || (this.caughtUp && now - this.lastFlushAt >= (this.ctx.flushIntervalMs ?? 30_000));
    if (flush) {
      this.flushAll = false;
      this.lastFlushAt = now;
    }
    this.handler.endBatch(aggregates, flush);
    if (aggregates.points.length > 0) {
      this.lanes.enqueue(aggregates.points, String(next - 1n), []);
      this.countRetention(aggregates);
      this.ctx.stats.topic(this.topic).points += aggregates.points.length;
    }
    const dirty = this.handler.takeDirty();
    // Aggregate points alone still commit: a shutdown waits for them to be durable.
    if (this.offsetCommitted && next === this.marker && dirty.size === 0 && this.pending.length === 0 && aggregates.points.length === 0) return undefined;
    // Encoded now: handlers may hand out live objects that later records keep changing.
    const records = checkpointRecords(this.topic, this.partition, dirty, String(next));
    const rejected = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.to('committing', 'prepareCommit');
    return { next, seqs: this.lanes.seqs, records, rejected, started: this.ctx.now() };
  }

  /**
   * committing -> running once the points up to the prepared offset are acknowledged and the
   * dead letters, checkpoint and offset are committed in ONE Kafka transaction; committing ->
   * failed otherwise (the owner resets the partition). Never rejects.
   */
  commit(p: PreparedCommit): Promise<void> {
    if (this.current !== 'committing' || this.inFlight) throw new IllegalTransition(this.key, this.current, 'committing', 'commit');
    this.inFlight = this.transact(p)
      .then(
        () => this.to('running', 'commit'),
        (err: unknown) => {
          this.failure = err instanceof Error ? err : new Error(String(err));
          this.to('failed', 'commit');
          this.ctx.log.warn({ err: this.failure.message, topic: this.topic, partition: this.partition }, 'commit failed; the partition resumes from its last checkpoint');
          this.ctx.onFailed(this);
        },
      )
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The commit cycle's step: the commit in flight if there is one; nothing when failed. */
  commitNow(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.failed && this.current !== 'failed') this.to('failed', 'commitNow');
    if (this.current === 'failed') return Promise.resolve();
    const p = this.prepareCommit();
    return p ? this.commit(p) : Promise.resolve();
  }

  /** Stops owning the partition after committing what was handled (revocation, shutdown). A second close is the first. */
  closeClean(): Promise<void> {
    this.closing ??= (async () => {
      this.flushAll = true;
      if (this.current === 'running' || this.current === 'committing') await this.commitNow();
      // A commit already in flight did not flush: one more writes the long-lived aggregates.
      if (this.flushAll && this.current === 'running') await this.commitNow();
      await this.close();
    })();
    return this.closing;
  }

  /** Stops owning the partition, dropping what was not committed (a reset): the next owner replays it. */
  closeDirty(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    await this.inFlight;
    this.to('closing', 'close');
    await this.lanes.close();
    await this.outputs.close().catch((err: unknown) => this.ctx.log.warn({ err, key: this.key }, 'closing partition outputs failed'));
    this.to('closed', 'close');
  }

  private async transact(p: PreparedCommit): Promise<void> {
    await this.lanes.flushed(p.seqs);
    for (const [k, refused] of this.lanes.takeRefused(p.seqs)) {
      let beyond = 0;
      for (const r of refused) {
        // Accepted by the core, but the processor lagged past the margin: skipped, not a bad record.
        if (BEYOND_RETENTION.test(r.error)) beyond++;
        else p.rejected.push({ record: { value: Buffer.from(r.item), offset: r.offset, timestamp: p.started }, reason: 'influx_rejected', error: r.error });
      }
      if (beyond > 0) this.retentionLog.refused(k, beyond, k === 'raw' ? this.ctx.stats.retention(this.key) : undefined);
    }
    const txn = await this.outputs.begin();
    try {
      await txn.deadLetters.write(p.rejected);
      await txn.checkpoint.write(p.records);
      await txn.commit(String(p.next));
    } catch (err) {
      await txn.abort().catch(() => {});
      throw err;
    }
    this.marker = p.next;
    this.offsetCommitted = true;
    this.lastCommitAt = this.ctx.now();
    this.recordCommit(p);
  }

  private recordCommit(p: PreparedCommit): void {
    const bytes = p.records.reduce((n, r) => n + r.key.length + (r.value?.length ?? 0), 0);
    this.ctx.stats.committed(this.topic, bytes, this.lastCommitAt - p.started, p.rejected.map((r) => r.reason));
    const first = p.rejected[0];
    if (!first) return;
    const where = { topic: this.topic, partition: this.partition, count: p.rejected.length };
    this.ctx.log.warn({ ...where, first: { offset: first.record.offset, reason: first.reason, error: first.error } }, 'dead-lettered records');
  }

  private countRetention(out: Output): void {
    if (out.tooOld === 0 && out.rawSkipped === 0) return;
    const r = this.ctx.stats.retention(this.key);
    r.tooOldEvents += out.tooOld;
    r.rawSkippedPoints += out.rawSkipped;
    if (out.tooOld > 0) this.retentionLog.tooOld(r.tooOldEvents, this.ctx.now());
  }

  private to(state: TaskState, what: string): void {
    if (!TRANSITIONS[this.current].includes(state)) throw new IllegalTransition(this.key, this.current, state, what);
    this.current = state;
  }
}
