import type { Logger } from '@tickflow/common';
import type { BucketKind } from '@tickflow/contracts';
import type { InRecord, PartitionHandler } from '../core/handler.js';
import type { PartitionCheckpoint, PartitionOutputs, LineSink } from '../sinks/sink.js';
import { handleRecords, type Handled } from './batch-path.js';
import { BucketLanes } from './bucket-lanes.js';
import type { PreparedCommit } from './commit-transaction.js';
import type { LaneOptions, PointLane } from './point-lane.js';
import { RetentionLog, type RetentionLogOptions } from './retention-log.js';
import type { PipelineStats } from './stats.js';
import { TaskCommit } from './task-commit.js';
import { IllegalTransition, TRANSITIONS, type TaskState } from './task-state.js';

export interface TaskContext {
  /** Line protocol to the raw bucket. */
  points: LineSink;
  /** Line protocol to the long-lived buckets; one absent: its points go to `points` (tests). */
  buckets?: Partial<Record<BucketKind, LineSink>>;
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

export const partKey = (topic: string, partition: number): string => `${topic}|${partition}`;

/**
 * One owned source partition: its handler, its lanes to InfluxDB, its Kafka outputs and its
 * commit (two phases: task-commit.ts), with an explicit state (TRANSITIONS). Records are
 * handled while running or committing (a commit's snapshot was taken when it started).
 */
export class PartitionTask {
  readonly key: string;
  /** The raw bucket's lane. */
  readonly lane: PointLane;
  /** A lane per bucket (backpressure and queue gauges count them all). */
  readonly lanes: BucketLanes;
  /** Whether the last batch reached the end of the partition (long-lived aggregates are then flushed). */
  caughtUp = true;
  /** Next offset not yet handled. */
  next = 0n;
  /** When the commit cycle last gave this partition its turn (the oldest goes next). */
  turnAt: number;
  private readonly retention: RetentionLog;
  private readonly commits: TaskCommit;
  private current: TaskState = 'restoring';
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
    this.turnAt = ctx.now();
    this.lanes = new BucketLanes(ctx.points, ctx.buckets, ctx.lane, (a) => ctx.stats.acked(a, ctx.now()), ctx.now);
    this.lane = this.lanes.lanes.raw;
    const { stats, log, now } = ctx;
    this.retention = new RetentionLog({ topic, partition, log, counts: () => stats.retention(this.key), now }, ctx.retentionLog);
    const parts = { topic, partition, lanes: this.lanes, outputs, retentionLog: this.retention, stats, log };
    this.commits = new TaskCommit({ ...parts, handler, now, flushIntervalMs: ctx.flushIntervalMs ?? 30_000 });
  }

  get state(): TaskState {
    return this.current;
  }

  /** Why the partition must be reset (its commit or its lane failed), if it must. */
  get failed(): Error | undefined {
    return this.failure ?? this.lanes.failed;
  }

  /** Next offset covered by the last committed checkpoint. */
  get marker(): bigint {
    return this.commits.marker;
  }

  get lastCommitAt(): number {
    return this.commits.lastCommitAt;
  }

  /** Dead letters waiting for the next commit, rough bytes. */
  get pendingBytes(): number {
    return this.commits.pendingBytes;
  }

  /** restoring -> running: loads the last checkpoint (none: from offset 0). */
  restore(cp: PartitionCheckpoint | undefined): void {
    this.to('running', 'restore');
    if (cp) this.handler.restore(cp.entities);
    this.commits.marker = this.next = cp?.marker ?? 0n;
  }

  /** Handles a batch: records below `next` were handled before (a redelivery) and are skipped. */
  handle(records: readonly InRecord[]): Handled {
    if (this.current !== 'running' && this.current !== 'committing') throw new IllegalTransition(this.key, this.current, this.current, 'handling records');
    const { skipped, out, stamps, last } = handleRecords(this.handler, records, this.next);
    if (last !== undefined) {
      this.next = BigInt(last) + 1n;
      this.lanes.enqueue(out.points, last, stamps);
      this.retention.count(out);
      this.commits.deadLetters(out.rejected);
    }
    return { skipped, processed: out.processed, rejected: out.rejected.length, points: out.points.length };
  }

  /**
   * running -> committing with what the commit makes visible (TaskCommit.prepare). Undefined,
   * staying running, when there is nothing to commit; a failed lane moves to failed.
   */
  prepareCommit(): PreparedCommit | undefined {
    if (this.current === 'running' && this.failed) this.to('failed', 'prepareCommit');
    if (this.current !== 'running') throw new IllegalTransition(this.key, this.current, 'committing', 'prepareCommit');
    const p = this.commits.prepare(this.next, this.caughtUp);
    if (p) this.to('committing', 'prepareCommit');
    return p;
  }

  /**
   * committing -> running once the points up to the prepared offset are acknowledged and the
   * dead letters, checkpoint and offset are committed in ONE Kafka transaction; committing ->
   * failed otherwise (the owner resets the partition). Never rejects.
   */
  commit(p: PreparedCommit): Promise<void> {
    if (this.current !== 'committing' || this.inFlight) throw new IllegalTransition(this.key, this.current, 'committing', 'commit');
    this.inFlight = this.commits
      .transact(p)
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
      this.commits.flush.requestAll();
      if (this.current === 'running' || this.current === 'committing') await this.commitNow();
      // A commit already in flight did not flush: one more writes the long-lived aggregates.
      if (this.commits.flush.allRequested && this.current === 'running') await this.commitNow();
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

  private to(state: TaskState, what: string): void {
    if (!TRANSITIONS[this.current].includes(state)) throw new IllegalTransition(this.key, this.current, state, what);
    this.current = state;
  }
}
