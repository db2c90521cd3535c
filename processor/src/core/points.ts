import type { BucketKind } from '@tickflow/contracts';

/**
 * Numeric fields by position, for the lines written at every tick: the names are shared by
 * every point of one layout, the values are the point's own. NaN is a value not known yet
 * (an indicator warming up): left out of the line, as an absent field.
 */
export interface FieldRow {
  readonly names: readonly string[];
  /** The values are values[at .. at + names.length). */
  readonly values: Float64Array;
  readonly at: number;
}

/** Doubles per chunk of RowChunks (32 KiB). */
const CHUNK = 4096;

/**
 * Rows carved from shared chunks: a row is an offset into a chunk, not an array of its own (a
 * Float64Array per point cost an ArrayBuffer each, allocated and swept). A chunk is garbage once
 * the last point using it is.
 */
export class RowChunks {
  private chunk = new Float64Array(0);
  private at = 0;

  /** A row for `names`, its values to be filled by the caller (every one of them). */
  row(names: readonly string[]): FieldRow {
    if (this.at + names.length > this.chunk.length) {
      this.chunk = new Float64Array(Math.max(CHUNK, names.length));
      this.at = 0;
    }
    const row = { names, values: this.chunk, at: this.at };
    this.at += names.length;
    return row;
  }
}

/**
 * A point as InfluxDB stores it. Its identity is (measurement, tags, ts): writing the same
 * identity again overwrites the fields, which is what makes replays idempotent.
 */
export interface Point {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  /** Fields by name: numbers, always written as floats so a series never changes type; strings for names and states. */
  fields: Readonly<Record<string, number | string>>;
  /** Numeric fields by position, written before `fields` (a quote's indicators, price and volume). */
  row?: FieldRow;
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

/** Every field a point's line carries, by name (row values first, the not-yet-known left out): for tests and tools. */
export function fieldsOf(p: Point): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  p.row?.names.forEach((name, i) => {
    const v = p.row?.values[p.row.at + i] as number;
    if (!Number.isNaN(v)) out[name] = v;
  });
  return Object.assign(out, p.fields);
}
