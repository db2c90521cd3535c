import type { PartitionHandler, Rejection } from '../core/handler.js';
import type { PartitionOutputs } from '../sinks/sink.js';
import type { PointLane } from './point-lane.js';

/** One owned source partition: its handler, its lane to InfluxDB and its commit bookkeeping. */
export interface Task {
  topic: string;
  partition: number;
  outputs: PartitionOutputs;
  handler: PartitionHandler;
  lane: PointLane;
  /** Next offset covered by the last committed checkpoint. */
  marker: bigint;
  /**
   * Whether this owner has committed the group offset at `marker` itself. A restored checkpoint
   * does not prove it: after a fencing race Kafka was seen to keep a transaction's checkpoint
   * but not its offset, and an idle partition would then never commit again (lag stuck).
   */
  offsetCommitted: boolean;
  /** Next offset not yet handled. */
  next: bigint;
  /** Dead letters handled since the last commit. */
  pending: Rejection[];
  pendingBytes: number;
  lastCommitAt: number;
  /** When the commit cycle last gave this partition its turn (the oldest goes next). */
  turnAt: number;
  committing?: Promise<void> | undefined;
  failed?: Error | undefined;
}

export const partKey = (topic: string, partition: number): string => `${topic}|${partition}`;
