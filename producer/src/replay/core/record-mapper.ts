import { missingColumns, readFields, isRejection, type Cell, type FieldSpec, type Rejection, type RejectReason, type ValueOptions, type Values } from './mapping.js';

export type FileFormat = 'csv' | 'jsonl';

export interface RecordMapperOptions<T> extends ValueOptions {
  fields: readonly FieldSpec[];
  /** Builds and validates the event from the converted fields. */
  build(values: Values): T | Rejection;
}

export type HeaderResult = { ok: true; columns: string[]; defaulted: { key: string; column: string | undefined; value: string }[] } | { ok: false; error: string };

export interface ParseStats {
  /** Data records (the header excluded): always events + rejected. */
  rows: number;
  events: number;
  rejected: number;
  byReason: Partial<Record<RejectReason, number>>;
}

/**
 * Maps the records of a replay file, one at a time, to events or rejections: CSV records
 * (already split by the CSV reader) against the header's columns, or JSONL lines. Pure:
 * reading, sorting and sending are the source's job.
 */
export class RecordMapper<T> {
  readonly stats: ParseStats = { rows: 0, events: 0, rejected: 0, byReason: {} };
  private header: Map<string, number> | undefined;

  constructor(private readonly o: RecordMapperOptions<T>) {}

  /** Checks the CSV header has every required column; reports the fields that fall back to a default. */
  setHeader(columns: readonly string[]): HeaderResult {
    const names = columns.map((c) => c.trim());
    const missing = missingColumns(this.o.fields, names);
    if (missing.length > 0) return { ok: false, error: `${missing.join('; ')}; the header has ${names.map((c) => JSON.stringify(c)).join(', ')}` };
    const header = new Map(names.map((c, i) => [c, i]));
    this.header = header;
    // Stryker disable next-line ConditionalExpression: equivalent, header.has(undefined) is false as well
    const inHeader = (column: string | undefined): boolean => column !== undefined && header.has(column);
    const defaulted = this.o.fields
      .filter((f) => f.fixed !== undefined && !inHeader(f.column))
      .map((f) => ({ key: f.key, column: f.column, value: f.fixed as string }));
    return { ok: true, columns: names, defaulted };
  }

  csv(fields: readonly string[]): T | Rejection {
    const header = this.header;
    if (!header) throw new Error('csv() before setHeader()');
    if (fields.length > header.size) {
      return this.count({ reason: 'extra_columns', error: `row has ${fields.length} fields, the header ${header.size}` });
    }
    const lookup = (column: string): Cell => {
      const i = header.get(column);
      // Stryker disable next-line ConditionalExpression: equivalent, fields[undefined] is undefined as well
      return i === undefined ? undefined : fields[i];
    };
    const position = (column: string): number | undefined => {
      const i = header.get(column);
      // Stryker disable next-line ConditionalExpression: equivalent, a column not in the header is only looked up for an optional or fixed field, whose message never shows a position
      return i === undefined ? undefined : i + 1;
    };
    const values = readFields(this.o.fields, lookup, this.o, position);
    if (isRejection(values) && values.reason === 'missing_column') values.error += ` (row has ${fields.length} of ${header.size} fields)`;
    return this.count(isRejection(values) ? values : this.o.build(values));
  }

  json(line: string): T | Rejection {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      return this.count({ reason: 'not_json', error: (err as Error).message });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return this.count({ reason: 'not_json', error: 'line is not a JSON object' });
    const record = obj as Record<string, unknown>;
    // A flat key first ("AAPL.Close"), then a dotted path into nested objects.
    const lookup = (column: string): Cell => {
      if (Object.hasOwn(record, column)) return record[column] as Cell;
      let at: unknown = record;
      for (const part of column.split('.')) {
        if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
        at = (at as Record<string, unknown>)[part];
      }
      return at as Cell;
    };
    const values = readFields(this.o.fields, lookup, this.o);
    return this.count(isRejection(values) ? values : this.o.build(values));
  }

  /** A record the CSV reader could not split (bad quotes): counted like any rejection. */
  unreadable(error: string): Rejection {
    return this.count({ reason: 'bad_quotes', error }) as Rejection;
  }

  private count(r: T | Rejection): T | Rejection {
    this.stats.rows++;
    if (isRejection(r)) {
      this.stats.rejected++;
      this.stats.byReason[r.reason] = (this.stats.byReason[r.reason] ?? 0) + 1;
    } else {
      this.stats.events++;
    }
    return r;
  }
}
