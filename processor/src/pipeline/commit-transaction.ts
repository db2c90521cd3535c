import type { Logger } from '@tickflow/common';
import type { Rejection } from '../core/handler.js';
import type { ChangelogRecord, PartitionOutputs } from '../sinks/sink.js';
import type { BucketLanes, LaneSeqs } from './bucket-lanes.js';
import type { RetentionLog } from './retention-log.js';
import type { PipelineStats } from './stats.js';

/** InfluxDB's refusal of a point its bucket no longer keeps (the processor lagged past the margin). */
const BEYOND_RETENTION = /(outside|beyond) retention/i;

/** What one commit makes visible: taken synchronously, so later records cannot change it. */
export interface PreparedCommit {
  next: bigint;
  /** Per bucket, the lane segment whose acknowledgement the commit waits for. */
  seqs: LaneSeqs;
  records: ChangelogRecord[];
  rejected: Rejection[];
  started: number;
}

/** The partition's parts a transaction uses. */
export interface CommitParts {
  topic: string;
  partition: number;
  lanes: BucketLanes;
  outputs: PartitionOutputs;
  retentionLog: RetentionLog;
  stats: PipelineStats;
  log: Logger;
}

/**
 * The commit's second phase: once every lane acknowledged the points enqueued before the
 * prepare, the dead letters, checkpoint and offset are committed in ONE Kafka transaction.
 * Rejects when a write or the commit fails (the transaction is aborted).
 */
export async function commitTransaction(p: PreparedCommit, parts: CommitParts): Promise<void> {
  await parts.lanes.flushed(p.seqs);
  sortRefused(p, parts);
  const txn = await parts.outputs.begin();
  try {
    await txn.deadLetters.write(p.rejected);
    await txn.checkpoint.write(p.records);
    await txn.commit(String(p.next));
  } catch (err) {
    await txn.abort().catch(() => {});
    throw err;
  }
}

/** Lines InfluxDB refused become dead letters, except retention refusals (counted as skips). */
function sortRefused(p: PreparedCommit, parts: CommitParts): void {
  for (const [k, refused] of parts.lanes.takeRefused(p.seqs)) {
    let beyond = 0;
    for (const r of refused) {
      // Accepted by the core, but the processor lagged past the margin: skipped, not a bad record.
      if (BEYOND_RETENTION.test(r.error)) beyond++;
      else p.rejected.push({ record: { value: Buffer.from(r.item), offset: r.offset, timestamp: p.started }, reason: 'influx_rejected', error: r.error });
    }
    if (beyond > 0) parts.retentionLog.refused(k, beyond);
  }
}

/** Counts a committed transaction; its dead letters get one log line (the first stands for all). */
export function reportCommit(p: PreparedCommit, committedAt: number, parts: CommitParts): void {
  const bytes = p.records.reduce((n, r) => n + r.key.length + (r.value?.length ?? 0), 0);
  parts.stats.committed(parts.topic, bytes, committedAt - p.started, p.rejected.map((r) => r.reason));
  const first = p.rejected[0];
  if (!first) return;
  const where = { topic: parts.topic, partition: parts.partition, count: p.rejected.length };
  parts.log.warn({ ...where, first: { offset: first.record.offset, reason: first.reason, error: first.error } }, 'dead-lettered records');
}
