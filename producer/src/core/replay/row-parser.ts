import { detectDelimiter, splitCsvLine } from './csv-line.js';
import { missingColumns, readFields, isRejection, type Cell, type FieldSpec, type Rejection, type RejectReason, type ValueOptions, type Values } from './mapping.js';

export type FileFormat = 'csv' | 'jsonl';

export interface RowParserOptions<T> extends ValueOptions {
  format: FileFormat;
  /** A delimiter character, or `auto` to detect it from the header. */
  delimiter: string;
  fields: readonly FieldSpec[];
  /** Builds and validates the event from the converted fields. */
  build(values: Values): T | Rejection;
}

export type LineResult<T> =
  | { kind: 'header'; columns: string[]; delimiter: string }
  | { kind: 'bad_header'; error: string }
  | { kind: 'blank' }
  | { kind: 'event'; event: T }
  | ({ kind: 'rejected' } & Rejection);

export interface ParseStats {
  /** Non-blank data lines (the header excluded): always events + rejected. */
  rows: number;
  events: number;
  rejected: number;
  byReason: Partial<Record<RejectReason, number>>;
  blank: number;
}

/**
 * Turns the lines of a replay file, one at a time, into events or rejections. CSV files start
 * with a header naming the columns; JSONL files have one object per line. Blank lines are
 * skipped (counted apart, they are not rows).
 */
export class RowParser<T> {
  readonly stats: ParseStats = { rows: 0, events: 0, rejected: 0, byReason: {}, blank: 0 };
  private header: Map<string, number> | undefined;
  private delimiter: string;
  private firstLine = true;

  constructor(private readonly o: RowParserOptions<T>) {
    this.delimiter = o.delimiter;
  }

  push(rawLine: string): LineResult<T> {
    // Spreadsheet exports often start with a UTF-8 byte-order mark.
    const line = this.firstLine ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    this.firstLine = false;
    if (line.trim() === '') {
      this.stats.blank++;
      return { kind: 'blank' };
    }
    if (this.o.format === 'csv' && this.header === undefined) return this.readHeader(line);
    this.stats.rows++;
    const r = this.o.format === 'csv' ? this.csvRow(line) : this.jsonRow(line);
    if (isRejection(r)) {
      this.stats.rejected++;
      this.stats.byReason[r.reason] = (this.stats.byReason[r.reason] ?? 0) + 1;
      return { kind: 'rejected', ...r };
    }
    this.stats.events++;
    return { kind: 'event', event: r };
  }

  private readHeader(line: string): LineResult<T> {
    if (this.delimiter === 'auto') this.delimiter = detectDelimiter(line);
    const split = splitCsvLine(line, this.delimiter);
    if ('error' in split) return { kind: 'bad_header', error: `header: ${split.error}` };
    const missing = missingColumns(this.o.fields, split.fields);
    if (missing.length > 0) {
      const shown = split.fields.map((c) => JSON.stringify(c)).join(', ');
      return { kind: 'bad_header', error: `${missing.join('; ')}; the header has ${shown} (delimiter ${JSON.stringify(this.delimiter)})` };
    }
    this.header = new Map(split.fields.map((c, i) => [c, i]));
    return { kind: 'header', columns: split.fields, delimiter: this.delimiter };
  }

  private csvRow(line: string): T | Rejection {
    const split = splitCsvLine(line, this.delimiter);
    if ('error' in split) return { reason: 'bad_quotes', error: split.error };
    const header = this.header as Map<string, number>;
    if (split.fields.length > header.size) {
      return { reason: 'extra_columns', error: `row has ${split.fields.length} fields, the header ${header.size}` };
    }
    const lookup = (column: string): Cell => {
      const i = header.get(column);
      return i === undefined ? undefined : split.fields[i];
    };
    return this.finish(readFields(this.o.fields, lookup, this.o), split.fields.length, header.size);
  }

  private jsonRow(line: string): T | Rejection {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      return { reason: 'not_json', error: (err as Error).message };
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { reason: 'not_json', error: 'line is not a JSON object' };
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
    return this.finish(readFields(this.o.fields, lookup, this.o));
  }

  private finish(values: Values | Rejection, fieldCount?: number, headerSize?: number): T | Rejection {
    if (isRejection(values)) {
      if (values.reason === 'missing_column' && fieldCount !== undefined) values.error += ` (row has ${fieldCount} of ${headerSize} fields)`;
      return values;
    }
    return this.o.build(values);
  }
}
