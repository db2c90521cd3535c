import type { Rejection } from '../core/handler.js';
import type { LineBatch } from '../core/line-batch.js';

/** An item a sink refused for its content (never retried), with the destination's reason. */
export interface Refusal<T> {
  item: T;
  error: string;
}

/**
 * The one output interface: points, dead letters and checkpoint entries all go through it.
 * `write` resolves once every item is durable (inside a Transaction: staged for its commit),
 * with the items the destination refused for their content. Failures it cannot retry away
 * (or shutdown) reject.
 */
export interface Sink<T> {
  write(items: readonly T[]): Promise<readonly Refusal<T>[]>;
}

/**
 * Line protocol to InfluxDB, a batch of lines at a time (their request-body bytes). `write`
 * resolves once every line is acknowledged, with the lines refused for their content.
 * `waited`: the lines have already waited (behind the partition's previous write), so the
 * request they join should not linger for more.
 */
export interface LineSink {
  write(batch: LineBatch, waited?: boolean): Promise<readonly Refusal<string>[]>;
}

/** An encoded changelog record (changelog.ts): key `topic|partition|entity`, null deletes. */
export interface ChangelogRecord {
  key: string;
  value: Buffer | null;
}

/** What one commit of a partition makes visible together, or not at all. */
export interface Transaction {
  deadLetters: Sink<Rejection>;
  checkpoint: Sink<ChangelogRecord>;
  /** Commits everything staged plus the source offset `nextOffset`, atomically. */
  commit(nextOffset: string): Promise<void>;
  abort(): Promise<void>;
}

/** The last committed checkpoint of a source partition. */
export interface PartitionCheckpoint {
  /** Next source offset not yet covered by the checkpoint. */
  marker: bigint;
  entities: Map<string, unknown>;
}

/**
 * The Kafka-side outputs of ONE source partition while this instance owns it. Opening it
 * fences any previous owner (its pending commit is aborted), so a zombie can no longer
 * commit once the new owner has read the checkpoint.
 */
export interface PartitionOutputs {
  begin(): Promise<Transaction>;
  close(): Promise<void>;
}
