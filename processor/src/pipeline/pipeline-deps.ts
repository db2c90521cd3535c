import type { Logger } from '@tickflow/common';
import type { BucketKind } from '@tickflow/contracts';
import type { InRecord, PartitionHandler } from '../core/handler.js';
import type { PartitionCheckpoint, PartitionOutputs, LineSink } from '../sinks/sink.js';

export interface PipelineOptions {
  /** Commit cycle, ms. */
  commitIntervalMs: number;
  /** Lines per InfluxDB write. */
  batchLines: number;
  /** A partition's consumer waits while this many lines are queued. */
  maxQueuedLines: number;
  /** A partition commits early once its dead letters reach this many bytes. */
  maxPendingDeadLetterBytes: number;
  /** While a consumer waits on backpressure, it heartbeats this often, ms. */
  heartbeatIntervalMs: number;
  /** While caught up, long-lived aggregates are rewritten at most this often, ms. */
  flushIntervalMs?: number;
  /** Least time between two too-old summaries of a partition in the log, ms. */
  tooOldSummaryIntervalMs?: number;
}

export interface PipelineDeps {
  /** Claims a source partition's outputs, fencing any previous owner. */
  openOutputs(topic: string, partition: number): Promise<PartitionOutputs>;
  /** Last committed checkpoints of `topic|partition` keys (read after their outputs are open). */
  loadCheckpoints(keys: ReadonlySet<string>): Promise<Map<string, PartitionCheckpoint>>;
  /** Line protocol to InfluxDB's raw bucket. */
  points: LineSink;
  /** Line protocol to the long-lived buckets (longterm, daily); absent: to `points`. */
  buckets?: Partial<Record<BucketKind, LineSink>>;
  handlerFor(topic: string, partition: number): PartitionHandler;
  /** Rewinds the source of a partition, after a reset to its last checkpoint. */
  seek(topic: string, partition: number, offset: string): void;
  options: PipelineOptions;
  log: Logger;
  now?: () => number;
}

/** A batch of one source partition, records in offset order. */
export interface SourceBatch {
  topic: string;
  partition: number;
  records: readonly InRecord[];
  /** Records behind the end of the partition after this batch. */
  lag?: number;
}
