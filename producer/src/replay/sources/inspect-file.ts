import { parseDate, zoneFrom } from '../core/dates.js';
import { guessRoles, type ColumnFacts, type Role } from '../core/column-roles.js';
import { addDateEvidence, dateVerdict, decimalVote, detectDelimiter, emptyDateEvidence, looksNumeric, type DateEvidence, type DateVerdict } from '../core/sniff.js';
import { fileLines } from './file-lines.js';
import { csvRecords } from './csv-records.js';
import { firstLines } from './sniff-file.js';

/** Distinct values tracked per column (to tell a line id from an order id); beyond, "many". */
const DISTINCT_CAP = 200_000;

export interface ColumnStats {
  name: string;
  nonEmpty: number;
  empty: number;
  numeric: number;
  dates: DateEvidence;
  distinct: Set<string> | 'many';
  /** Most frequent values (for currency), capped. */
  top: Map<string, number>;
}

export interface FileFacts {
  file: string;
  format: 'csv' | 'jsonl';
  delimiter: string;
  decimal: '.' | ',';
  /** Decimal votes seen: `{ ',': 120, '.': 0 }`. */
  decimalVotes: Record<'.' | ',', number>;
  columns: ColumnStats[];
  rows: number;
  unreadable: { line: number; error: string }[];
  roles: Partial<Record<Role, string>>;
  date?: { column: string; verdict: DateVerdict; first?: number; last?: number; sorted?: boolean; bad: number };
}

type Row = { values: [string, string][] } | { line: number; error: string };

/** CSV rows as (header name, cell) pairs. */
async function* csvRows(file: string, delimiter: string): AsyncGenerator<Row> {
  let header: string[] | undefined;
  for await (const rec of csvRecords(file, delimiter)) {
    if (rec.kind === 'error') yield { line: rec.line, error: rec.error };
    else if (!header) header = rec.fields.map((f) => f.trim());
    else yield { values: header.map((name, i) => [name, rec.fields[i] ?? '']) };
  }
}

/** JSONL objects flattened to dotted paths (`quote.price`), as replay's column lookup reads them. */
async function* jsonRows(file: string): AsyncGenerator<Row> {
  for await (const { line, lineNo } of fileLines(file)) {
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
    const values: [string, string][] = [];
    const walk = (o: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(o)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else values.push([`${prefix}${k}`, v === null || v === undefined ? '' : String(v)]);
      }
    };
    walk(obj as Record<string, unknown>, '');
    yield { values };
  }
}

/**
 * Reads a whole CSV or JSONL file twice, in constant memory apart from the capped distinct
 * sets: first for the dialect and per-column evidence, then (once the date format is known)
 * for the time span and whether rows are in time order.
 */
export async function inspectFile(file: string, delimiterFlag = 'auto', format: 'csv' | 'jsonl' = 'csv'): Promise<FileFacts> {
  const delimiter = format === 'jsonl' ? '' : delimiterFlag === 'auto' ? detectDelimiter(await firstLines(file)) : delimiterFlag;
  const rowsOf = (): AsyncGenerator<Row> => (format === 'jsonl' ? jsonRows(file) : csvRows(file, delimiter));
  const columns = new Map<string, ColumnStats>();
  const votes: Record<'.' | ',', number> = { '.': 0, ',': 0 };
  const unreadable: FileFacts['unreadable'] = [];
  let rows = 0;
  for await (const row of rowsOf()) {
    rows++;
    if ('error' in row) {
      if (unreadable.length < 20) unreadable.push(row);
      continue;
    }
    for (const [name, raw] of row.values) {
      let c = columns.get(name);
      if (!c) columns.set(name, (c = { name, nonEmpty: 0, empty: 0, numeric: 0, dates: emptyDateEvidence(), distinct: new Set(), top: new Map() }));
      const v = raw.trim();
      if (v === '') {
        c.empty++;
        continue;
      }
      c.nonEmpty++;
      if (looksNumeric(v)) c.numeric++;
      const vote = format === 'csv' ? decimalVote(v) : undefined;
      if (vote) votes[vote]++;
      addDateEvidence(c.dates, v);
      if (c.distinct !== 'many') {
        c.distinct.add(v);
        if (c.distinct.size > DISTINCT_CAP) c.distinct = 'many';
      }
      if (c.top.size < 50 || c.top.has(v)) c.top.set(v, (c.top.get(v) ?? 0) + 1);
    }
  }
  const stats = [...columns.values()];
  const facts: ColumnFacts[] = stats.map((c) => ({
    name: c.name,
    numeric: c.nonEmpty ? c.numeric / c.nonEmpty : 0,
    dates: c.nonEmpty ? (c.dates.values - c.dates.other) / c.nonEmpty : 0,
  }));
  const roles = guessRoles(facts);
  const decimal = votes[','] > votes['.'] ? ',' : '.';
  const result: FileFacts = { file, format, delimiter, decimal, decimalVotes: votes, columns: stats, rows, unreadable, roles };
  const tsColumn = roles.ts;
  if (tsColumn !== undefined) {
    const verdict = dateVerdict((columns.get(tsColumn) as ColumnStats).dates);
    result.date = { column: tsColumn, verdict, bad: 0 };
    if ('format' in verdict) Object.assign(result.date, await timeSpan(rowsOf(), tsColumn, verdict.format));
  }
  return result;
}

async function timeSpan(rows: AsyncGenerator<Row>, column: string, format: string): Promise<{ first?: number; last?: number; sorted: boolean; bad: number }> {
  const utc = zoneFrom('UTC') as (ms: number) => number;
  let first: number | undefined;
  let last: number | undefined;
  let prev = -Infinity;
  let sorted = true;
  let bad = 0;
  for await (const row of rows) {
    if ('error' in row) continue;
    const t = parseDate(row.values.find(([name]) => name === column)?.[1] ?? '', format as Parameters<typeof parseDate>[1], utc);
    if (t === undefined) {
      bad++;
      continue;
    }
    if (t < prev) sorted = false;
    prev = t;
    first = first === undefined ? t : Math.min(first, t);
    last = last === undefined ? t : Math.max(last, t);
  }
  return { ...(first === undefined ? {} : { first, last }), sorted, bad };
}
