import { fileLines } from '../file-lines.js';
import { csvRecords, type CsvDialect, type ReadProgress } from './csv-records.js';

/** A data row as (column name, cell, 1-based CSV position) triples, or a line that could not be read. */
export type Row = { line: number; values: [string, string, number | undefined][] } | { line: number; error: string };

/** CSV rows against the header's names. */
export async function* csvRows(file: string, dialect: CsvDialect, progress?: ReadProgress): AsyncGenerator<Row> {
  let header: string[] | undefined;
  for await (const rec of csvRecords(file, dialect, progress)) {
    if (rec.kind === 'error') yield { line: rec.line, error: rec.error };
    else if (!header) header = rec.fields.map((f) => f.trim());
    else yield { line: rec.line, values: header.map((name, i) => [name, rec.fields[i] ?? '', i + 1]) };
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
    const values: [string, string, undefined][] = [];
    const walk = (o: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(o)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else values.push([`${prefix}${k}`, v === null || v === undefined ? '' : String(v), undefined]);
      }
    };
    walk(obj as Record<string, unknown>, '');
    yield { line: lineNo, values };
  }
}
