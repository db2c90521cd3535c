import { parseDate, zoneFrom } from '../../core/replay/dates.js';
import { guessRoles, type ColumnFacts, type Role } from '../../core/replay/column-roles.js';
import { addDateEvidence, dateVerdict, decimalVote, emptyDateEvidence, looksNumeric, type DateEvidence, type DateVerdict } from '../../core/replay/sniff.js';
import { csvRecords } from './csv-records.js';
import { firstLines } from './sniff-file.js';
import { detectDelimiter } from '../../core/replay/sniff.js';

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

/**
 * Reads a whole CSV file twice, in constant memory apart from the capped distinct sets: first
 * for the dialect and per-column evidence, then (once the date format is known) for the time
 * span and whether rows are in time order.
 */
export async function inspectFile(file: string, delimiterFlag = 'auto'): Promise<FileFacts> {
  const delimiter = delimiterFlag === 'auto' ? detectDelimiter(await firstLines(file)) : delimiterFlag;
  const columns: ColumnStats[] = [];
  const votes: Record<'.' | ',', number> = { '.': 0, ',': 0 };
  const unreadable: FileFacts['unreadable'] = [];
  let rows = 0;
  let header = true;
  for await (const rec of csvRecords(file, delimiter)) {
    if (rec.kind === 'error') {
      if (unreadable.length < 20) unreadable.push({ line: rec.line, error: rec.error });
      rows++;
      continue;
    }
    if (header) {
      header = false;
      for (const name of rec.fields) columns.push({ name: name.trim(), nonEmpty: 0, empty: 0, numeric: 0, dates: emptyDateEvidence(), distinct: new Set(), top: new Map() });
      continue;
    }
    rows++;
    rec.fields.forEach((raw, i) => {
      const c = columns[i];
      if (!c) return;
      const v = raw.trim();
      if (v === '') return void c.empty++;
      c.nonEmpty++;
      if (looksNumeric(v)) c.numeric++;
      const vote = decimalVote(v);
      if (vote) votes[vote]++;
      addDateEvidence(c.dates, v);
      if (c.distinct !== 'many') {
        c.distinct.add(v);
        if (c.distinct.size > DISTINCT_CAP) c.distinct = 'many';
      }
      if (c.top.size < 50 || c.top.has(v)) c.top.set(v, (c.top.get(v) ?? 0) + 1);
    });
    // Rows shorter than the header leave their last columns empty.
    for (let i = rec.fields.length; i < columns.length; i++) (columns[i] as ColumnStats).empty++;
  }
  const facts: ColumnFacts[] = columns.map((c) => ({
    name: c.name,
    numeric: c.nonEmpty ? c.numeric / c.nonEmpty : 0,
    dates: c.nonEmpty ? (c.dates.values - c.dates.other) / c.nonEmpty : 0,
  }));
  const roles = guessRoles(facts);
  const decimal = votes[','] > votes['.'] ? ',' : '.';
  const result: FileFacts = { file, delimiter, decimal, decimalVotes: votes, columns, rows, unreadable, roles };
  const tsColumn = roles.ts;
  if (tsColumn !== undefined) {
    const index = columns.findIndex((c) => c.name === tsColumn);
    const verdict = dateVerdict((columns[index] as ColumnStats).dates);
    result.date = { column: tsColumn, verdict, bad: 0 };
    if ('format' in verdict) Object.assign(result.date, await timeSpan(file, delimiter, index, verdict.format));
  }
  return result;
}

async function timeSpan(file: string, delimiter: string, index: number, format: string): Promise<{ first?: number; last?: number; sorted: boolean; bad: number }> {
  const utc = zoneFrom('UTC') as (ms: number) => number;
  let first: number | undefined;
  let last: number | undefined;
  let prev = -Infinity;
  let sorted = true;
  let bad = 0;
  let header = true;
  for await (const rec of csvRecords(file, delimiter)) {
    if (rec.kind === 'error') continue;
    if (header) {
      header = false;
      continue;
    }
    const t = parseDate(rec.fields[index] ?? '', format as Parameters<typeof parseDate>[1], utc);
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
