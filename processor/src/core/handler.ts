import type { DlqReason } from '@tickflow/contracts';
import type { FlushShare } from './flush-spread.js';
import type { Point } from './points.js';

/** One Kafka record as the core sees it: no kafkajs types leak in. */
export interface InRecord {
  value: Buffer | null;
  offset: string;
  /** The record's Kafka timestamp, epoch ms: a deterministic "now" for validation. */
  timestamp: number;
}

export interface Rejection {
  record: InRecord;
  reason: DlqReason;
  error: string;
}

/** What handling a batch produced: points to write and records to dead-letter. */
export interface Output {
  points: Point[];
  rejected: Rejection[];
  processed: number;
  /** Events none of whose points any bucket keeps (older than every retention): counted, not dead-lettered. */
  tooOld: number;
  /** Points of the raw bucket skipped for its retention. */
  rawSkipped: number;
}

export const emptyOutput = (): Output => ({ points: [], rejected: [], processed: 0, tooOld: 0, rawSkipped: 0 });

/**
 * Entity key -> structured-clonable state, or bytes the handler encoded itself (a Uint8Array
 * whose first STATE_HEADER_BYTES belong to the changelog; restore gets the same bytes back,
 * that header included), or null when the entity is gone (a changelog tombstone).
 */
export type EntityStates = Map<string, unknown>;

/** Leading bytes of a handler-encoded state left to the changelog (its format byte): it frames the value without a copy. */
export const STATE_HEADER_BYTES = 1;

/**
 * Pure per-partition logic. Output for a partition depends only on the sequence of its
 * records, never on batch boundaries or wall-clock time; that is what lets a restart replay
 * records and overwrite points with identical values.
 */
export interface PartitionHandler {
  handle(record: InRecord, out: Output): void;
  /**
   * Emits points for aggregates touched since the last call (open candles, sales windows).
   * The pipeline calls it once per commit, right before takeDirty(), so the last value of an
   * aggregate before each checkpoint is written. Long-lived aggregates (1h/1d candles, hourly
   * sales) are written when they close, and `flush` of them in between (a share, 0 to 1: the
   * part of the flush interval since the last commit while caught up; 1 on shutdown), so their
   * final values never depend on batches.
   */
  endBatch(out: Output, flush?: FlushShare): void;
  /**
   * States of the entities changed since the last call (for the checkpoint); clears the set.
   * They may share objects with live state: the caller encodes them before handling more.
   */
  takeDirty(): EntityStates;
  /** Loads entities from a checkpoint, before any record is handled. */
  restore(states: EntityStates): void;
  /** Sizes of the state it holds, for self-metrics. */
  gauges?(): Partial<HandlerGauges>;
}

export interface HandlerGauges {
  trackedSymbols: number;
  openWindows: number;
  trackedCustomers: number;
}
