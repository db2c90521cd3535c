import type { BucketKind } from '@tickflow/contracts';

/**
 * A point as InfluxDB stores it. Its identity is (measurement, tags, ts): writing the same
 * identity again overwrites the fields, which is what makes replays idempotent.
 */
export interface Point {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  /** Numeric fields, always written as floats so a series never changes type; strings for names and states. */
  fields: Readonly<Record<string, number | string>>;
  /** Event time, epoch milliseconds (an integer). */
  ts: number;
  /**
   * Nanoseconds added to `ts`, 0..999999 (default 0): tells apart points of one series that
   * share a millisecond (high-ticket order lines). Lines are written with precision=ns.
   */
  nsOffset?: number;
  /** The bucket kind that keeps it (contracts BUCKETS); raw when absent. Not part of the line. */
  bucket?: BucketKind;
}
