import type { BucketKind } from '@tickflow/contracts';

/**
 * Numeric fields by position, for the lines written at every tick: the names are shared by
 * every point of one layout, the values are the point's own. NaN is a value not known yet
 * (an indicator warming up): left out of the line, as an absent field.
 */
export interface FieldRow {
  readonly names: readonly string[];
  /** The values are values[at .. at + names.length): an array of doubles (unboxed in V8's heap). */
  readonly values: number[];
  readonly at: number;
}

/** Doubles per chunk of RowChunks (32 KiB). */
const CHUNK = 4096;

/** An array V8 keeps as unboxed doubles in its own heap (collected young, unlike an ArrayBuffer's memory). */
const doubles = (n: number): number[] => new Array<number>(n).fill(Number.NaN);

/**
 * Rows carved from shared chunks: a row is an offset into a chunk, not an array of its own. A
 * chunk is garbage once the last point using it is. Chunks are plain arrays of doubles, not
 * Float64Arrays: an ArrayBuffer's memory lives outside the heap until a full collection frees
 * it, and under a steady load that external memory climbed for minutes between them.
 */
export class RowChunks {
  private chunk: number[] = [];
  private at = 0;

  /** A row for `names`, its values to be filled by the caller (every one of them). */
  row(names: readonly string[]): FieldRow {
    if (this.at + names.length > this.chunk.length) {
      this.chunk = doubles(Math.max(CHUNK, names.length));
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
