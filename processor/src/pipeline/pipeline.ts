import { CommitTurns } from './commit-turns.js';
import { keepAlive } from './keep-alive.js';
import { PartitionAssignment } from './partition-assignment.js';
import { partKey, type PartitionTask } from './partition-task.js';
import type { PipelineDeps, SourceBatch } from './pipeline-deps.js';
import { PipelineStats } from './stats.js';

/**
 * input (source batches) -> processors (pure partition handlers) -> sinks. Points stream to
 * InfluxDB as they are produced (PointLane). Apart from that data path, a commit cycle runs on
 * an interval: per partition, once its points up to a handled offset are acknowledged, its dead
 * letters, its changed state and that offset are committed in ONE transaction. A crash or a
 * failed write/commit replays from the last checkpoint; replayed points overwrite themselves.
 * Each owned partition is a PartitionTask (its own state machine); the pipeline joins the
 * assignment (restore, revoke, reset: PartitionAssignment) and the commit turns (CommitTurns).
 */
export class Pipeline {
  readonly stats = new PipelineStats();
  private readonly assignment: PartitionAssignment;
  private readonly turns: CommitTurns;
  private stopping = false;

  constructor(private readonly deps: PipelineDeps) {
    const now = deps.now ?? Date.now;
    const { batchLines, flushIntervalMs, tooOldSummaryIntervalMs, commitIntervalMs } = deps.options;
    const context = {
      points: deps.points,
      ...(deps.buckets ? { buckets: deps.buckets } : {}),
      lane: { batchLines },
      ...(flushIntervalMs !== undefined ? { flushIntervalMs } : {}),
      ...(tooOldSummaryIntervalMs !== undefined ? { retentionLog: { summaryIntervalMs: tooOldSummaryIntervalMs } } : {}),
      stats: this.stats,
      log: deps.log,
      now,
    };
    this.assignment = new PartitionAssignment({ ...deps, context, stopping: () => this.stopping });
    this.turns = new CommitTurns(commitIntervalMs, () => this.assignment.owned, () => this.assignment.size, now);
  }

  /** Starts the commit cycle. */
  start(): void {
    this.turns.start();
  }

  /** New assignment: partitions that moved away are committed (best effort) and dropped; new ones restored. */
  onAssignment(assigned: ReadonlyMap<string, readonly number[]>): void {
    this.assignment.onAssignment(assigned);
  }

  /**
   * Handles one batch and queues its points. Resolves false when the batch was not consumed
   * (the partition was reset to its checkpoint and its source rewound, or we are stopping).
   */
  async handleBatch(batch: SourceBatch, heartbeat: () => Promise<void> = async () => {}): Promise<boolean> {
    const { topic, partition, records } = batch;
    const key = partKey(topic, partition);
    const task = await this.assignment.taskFor(key);
    if (!task) return false;
    const handled = task.handle(records);
    const s = this.stats.topic(topic);
    s.consumed += records.length;
    s.skipped += handled.skipped;
    s.processed += handled.processed;
    s.deadLettered += handled.rejected;
    s.points += handled.points;
    if (batch.lag !== undefined) this.stats.lag.set(key, batch.lag);
    task.caughtUp = (batch.lag ?? 0) === 0;
    if (task.pendingBytes >= this.deps.options.maxPendingDeadLetterBytes) void task.commitNow();
    const max = this.deps.options.maxQueuedLines;
    if (task.lanes.pending >= max) await keepAlive(task.lanes.below(max).catch(() => {}), heartbeat, this.deps.options.heartbeatIntervalMs);
    return true;
  }

  /** Commits every partition (the interval tick, a revocation, shutdown). */
  async commitAll(): Promise<void> {
    await Promise.all([...this.assignment.owned].map((t) => t.commitNow()));
  }

  /** Shutdown, first step: stop taking batches and commit everything handled. */
  async drain(): Promise<void> {
    this.stopping = true;
    this.turns.stop();
    await this.assignment.settled();
    await this.commitAll();
  }

  /** Shutdown: drain, then release every partition (close its outputs). */
  async close(): Promise<void> {
    await this.drain();
    await this.assignment.releaseAll();
  }

  /** The partitions owned now (self-metrics read their gauges). */
  get owned(): Iterable<PartitionTask> {
    return this.assignment.owned;
  }
}
