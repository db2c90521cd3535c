import type { Logger } from '@tickflow/common';
import { checkpointRecords } from '../changelog.js';
import { emptyOutput, type Rejection } from '../core/handler.js';
import { toLineProtocol } from '../core/points.js';
import type { PipelineStats } from './stats.js';
import type { Task } from './task.js';

export interface CommitContext {
  stats: PipelineStats;
  log: Logger;
  now: () => number;
  /** A failed commit: the partition resumes from its last checkpoint. */
  onFailed(task: Task): void;
}

/**
 * One step of the commit cycle for one partition, apart from the data path: once the
 * partition's points up to the handled offset are acknowledged, its dead letters, its changed
 * state and that offset are committed in ONE Kafka transaction. At most one runs per partition.
 */
export function commitTask(task: Task, ctx: CommitContext): Promise<void> {
  if (task.committing) return task.committing;
  if (task.failed || task.lane.failed) return Promise.resolve();
  const { topic, partition } = task;
  const next = task.next;
  // Aggregates (open candles, sales windows) are written once per commit, not per batch:
  // their last value before the checkpoint is what a replay would end with.
  const aggregates = emptyOutput();
  task.handler.endBatch(aggregates);
  if (aggregates.points.length > 0) {
    task.lane.enqueue(aggregates.points.map(toLineProtocol), String(next - 1n), []);
    ctx.stats.topic(topic).points += aggregates.points.length;
  }
  const dirty = task.handler.takeDirty();
  const seq = task.lane.seq;
  if (task.offsetCommitted && next === task.marker && dirty.size === 0 && task.pending.length === 0) return Promise.resolve();
  // Encoded now: handlers may hand out live objects that later records keep changing.
  const records = checkpointRecords(topic, partition, dirty, String(next));
  const rejected = task.pending;
  task.pending = [];
  task.pendingBytes = 0;
  const started = ctx.now();
  const run = async (): Promise<void> => {
    await task.lane.flushed(seq);
    for (const r of task.lane.takeRefused(seq)) {
      const record = { value: Buffer.from(r.item), offset: r.offset, timestamp: started };
      rejected.push({ record, reason: 'influx_rejected', error: r.error });
    }
    const txn = await task.outputs.begin();
    try {
      await txn.deadLetters.write(rejected);
      await txn.checkpoint.write(records);
      await txn.commit(String(next));
    } catch (err) {
      await txn.abort().catch(() => {});
      throw err;
    }
    task.marker = next;
    task.offsetCommitted = true;
    task.lastCommitAt = ctx.now();
    const c = ctx.stats.checkpoint;
    c.checkpoints++;
    c.bytes += records.reduce((n, r) => n + r.key.length + (r.value?.length ?? 0), 0);
    c.durationMs = Math.max(c.durationMs, task.lastCommitAt - started);
    for (const r of rejected) {
      const k = `${topic}|${r.reason}`;
      ctx.stats.deadLettersByReason.set(k, (ctx.stats.deadLettersByReason.get(k) ?? 0) + 1);
    }
    if (rejected.length > 0) ctx.log.warn({ topic, partition, count: rejected.length, first: describe(rejected[0]) }, 'dead-lettered records');
  };
  task.committing = run()
    .catch((err: unknown) => {
      task.failed ??= err instanceof Error ? err : new Error(String(err));
      ctx.log.warn({ err: task.failed.message, topic, partition }, 'commit failed; the partition resumes from its last checkpoint');
      ctx.onFailed(task);
    })
    .finally(() => (task.committing = undefined));
  return task.committing;
}

function describe(r: Rejection | undefined): object | undefined {
  return r && { offset: r.record.offset, reason: r.reason, error: r.error };
}
