import { checkpointRecords } from '../changelog.js';
import { emptyOutput, type PartitionHandler, type Rejection } from '../core/handler.js';
import { AggregateFlush } from './aggregate-flush.js';
import { commitTransaction, reportCommit, type CommitParts, type PreparedCommit } from './commit-transaction.js';
import { PendingDeadLetters } from './pending-dead-letters.js';

export interface TaskCommitParts extends CommitParts {
  handler: PartitionHandler;
  now: () => number;
  /** While caught up, long-lived aggregates are rewritten at most this often, ms. */
  flushIntervalMs: number;
}

/**
 * A partition's commit in two phases: prepare takes, synchronously, what the commit makes
 * visible; transact makes it durable (commit-transaction.ts). The task owns the state around them.
 */
export class TaskCommit {
  /** Next offset covered by the last committed checkpoint. */
  marker = 0n;
  lastCommitAt: number;
  readonly flush: AggregateFlush;
  private readonly pending = new PendingDeadLetters();
  /**
   * Whether this owner has committed the group offset at `marker` itself. A restored checkpoint
   * does not prove it: after a fencing race Kafka was seen to keep a transaction's checkpoint
   * but not its offset, and an idle partition would then never commit again (lag stuck).
   */
  private offsetCommitted = false;

  constructor(private readonly parts: TaskCommitParts) {
    this.lastCommitAt = parts.now();
    this.flush = new AggregateFlush(this.lastCommitAt, parts.flushIntervalMs);
  }

  /** Dead letters waiting for the next commit, rough bytes. */
  get pendingBytes(): number {
    return this.pending.bytes;
  }

  deadLetters(rejected: readonly Rejection[]): void {
    this.pending.add(rejected);
  }

  /**
   * Phase one: writes the aggregates (their last value before the checkpoint is what a replay
   * ends with) and takes the checkpoint, dead letters and offset `next`. Undefined when there
   * is nothing to commit.
   */
  prepare(next: bigint, caughtUp: boolean): PreparedCommit | undefined {
    const { handler, lanes, now } = this.parts;
    const aggregates = emptyOutput();
    handler.endBatch(aggregates, this.flush.take(now(), caughtUp));
    if (aggregates.points.length > 0) {
      lanes.enqueue(aggregates.points, String(next - 1n), []);
      this.parts.retentionLog.count(aggregates);
      this.parts.stats.topic(this.parts.topic).points += aggregates.points.length;
    }
    const dirty = handler.takeDirty();
    // Aggregate points alone still commit: a shutdown waits for them to be durable.
    if (this.offsetCommitted && next === this.marker && dirty.size === 0 && this.pending.size === 0 && aggregates.points.length === 0) return undefined;
    // Encoded now: handlers may hand out live objects that later records keep changing.
    const records = checkpointRecords(this.parts.topic, this.parts.partition, dirty, String(next));
    return { next, seqs: lanes.seqs, records, rejected: this.pending.take(), started: now() };
  }

  /** Phase two: rejects when the transaction failed (the marker stays where it was). */
  async transact(p: PreparedCommit): Promise<void> {
    await commitTransaction(p, this.parts);
    this.marker = p.next;
    this.offsetCommitted = true;
    this.lastCommitAt = this.parts.now();
    reportCommit(p, this.lastCommitAt, this.parts);
  }
}
