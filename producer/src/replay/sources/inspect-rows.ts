import { fileLines } from './file-lines.js';
import { csvRecords, type CsvDialect, type ReadProgress } from './csv-records.js';

/**
 * A data row: column names and their cells, side by side (no per-cell objects: inspect reads
 * millions of cells); `csv` rows have the header's names, so a cell's 1-based position is its
 * index + 1. Or a line that could not be read.
 */
export type Row = { line: number; names: readonly string[]; cells: readonly string[]; csv: boolean } | { line: number; error: string };
export type DataRow = Extract<Row, { cells: unknown }>;

/** CSV rows against the header's names. */
export async function* csvRows(file: string, dialect: CsvDialect, progress?: ReadProgress): AsyncGenerator<Row> {
  let header: string[] | undefined;
  for await (const rec of csvRecords(file, dialect, progress)) {
    if (rec.kind === 'error') yield { line: rec.line, error: rec.error };
    else if (!header) header = rec.fields.map((f) => f.trim());
    else yield { line: rec.line, names: header, cells: rec.fields, csv: true };
  }
}

/** JSONL objects flattened to dotted paths (`quote.price`), as replay's column lookup reads them. */
export async function* jsonRows(file: string, progress?: ReadProgress): AsyncGenerator<Row> {
  for await (const { line, lineNo, bytesRead } of fileLines(file)) {
    if (progress && progress.bytes !== bytesRead) {
      progress.bytes = bytesRead;
      progress.onRead?.(bytesRead);
    }
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      yield { line: lineNo, error: (err as Error).message };
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      yield { line: lineNo, error: 'line is not a JSON object' };
      continue;
    }
    const names: string[] = [];
    const cells: string[] = [];
    const walk = (o: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(o)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else {
          names.push(`${prefix}${k}`);
          cells.push(v === null || v === undefined ? '' : String(v));
        }
      }
    };
    walk(obj as Record<string, unknown>, '');
    yield { line: lineNo, names, cells, csv: false };
  }
}
