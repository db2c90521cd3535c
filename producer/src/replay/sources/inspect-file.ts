import { guessRoles, nameFits, type ColumnFacts, type Role } from '../core/column-roles.js';
import type { TextEncoding } from '../core/encoding.js';
import { splitCurrency } from '../core/numbers.js';
import { addDateEvidence, dateVerdict, decimalVote, emptyDateEvidence, looksNumeric, type DateEvidence, type DateVerdict } from '../core/sniff.js';
import type { ReadProgress } from './csv-records.js';
import { ValueChecker } from './inspect-values.js';
import type { BadValues } from '../core/inspect-report.js';
import { csvRows, jsonRows, type Row } from './inspect-rows.js';
import { fileDialect, type FileDialect } from './sniff-file.js';

/** Distinct values tracked per column (to tell a line id from an order id); beyond, "many". */
const DISTINCT_CAP = 200_000;

export interface ColumnStats {
  name: string;
  /** 1-based place in a CSV header (undefined for JSONL paths). */
  position?: number;
  nonEmpty: number;
  empty: number;
  numeric: number;
  /** The first value that is not a number, with its line: why a column is no amount. */
  notNumeric?: { line: number; value: string };
  dates: DateEvidence;
  /** Distinct values, counted only for columns named like an order id (repeats mean order lines). */
  distinct: Set<string> | 'many' | undefined;
  /** Most frequent values (for currency), capped. */
  top: Map<string, number>;
  /** Currency signs on the column's amounts (`$12.00` -> USD), with counts. */
  signs: Map<string, number>;
}

export interface FileFacts {
  file: string;
  format: 'csv' | 'jsonl';
  dialect?: FileDialect;
  delimiter: string;
  decimal: '.' | ',';
  /** Decimal votes seen: `{ ',': 120, '.': 0 }`. */
  decimalVotes: Record<'.' | ',', number>;
  columns: ColumnStats[];
  rows: number;
  unreadable: { line: number; error: string }[];
  roles: Partial<Record<Role, string>>;
  date?: { column: string; verdict: DateVerdict; first?: number; last?: number; sorted?: boolean; bad: number; hours?: Map<number, number> };
  bad?: BadValues;
  /** Cells with U+FFFD: bytes the chosen encoding could not decode (past the sampled first MB). */
  undecodable?: { count: number; line: number; column: string };
}

export interface InspectOptions {
  delimiter?: string;
  format?: 'csv' | 'jsonl';
  encoding?: TextEncoding | 'auto';
  /** Bytes read so far, updated as the file is read, for a progress line. */
  progress?: ReadProgress;
}

/**
 * Reads a whole CSV or JSONL file once, in constant memory apart from the order ids' capped set:
 * per-column evidence for the dialect and roles, and (for columns that may become numbers or
 * dates) every reading's rejections and time span, of which the evidence then picks one.
 */
export async function inspectFile(file: string, o: InspectOptions = {}): Promise<FileFacts> {
  const format = o.format ?? 'csv';
  const dialect = format === 'jsonl' ? undefined : await fileDialect(file, { delimiter: o.delimiter ?? 'auto', encoding: o.encoding ?? 'auto' });
  const progress = o.progress ?? { bytes: 0 };
  const values = new ValueChecker();
  const columns = new Map<string, ColumnStats>();
  const votes: Record<'.' | ',', number> = { '.': 0, ',': 0 };
  const unreadable: FileFacts['unreadable'] = [];
  let rows = 0;
  let undecodable: FileFacts['undecodable'];
  const source: AsyncGenerator<Row> = dialect ? csvRows(file, dialect, progress) : jsonRows(file, progress);
  for await (const row of source) {
    rows++;
    if ('error' in row) {
      if (unreadable.length < 20) unreadable.push(row);
      continue;
    }
    values.add(row);
    for (let i = 0; i < row.names.length; i++) {
      const name = row.names[i] as string;
      const raw = row.cells[i] ?? '';
      let c = columns.get(name);
      if (!c) columns.set(name, (c = { name, ...(row.csv ? { position: i + 1 } : {}), nonEmpty: 0, empty: 0, numeric: 0, dates: emptyDateEvidence(), distinct: nameFits('orderId', name) ? new Set() : undefined, top: new Map(), signs: new Map() }));
      const v = raw.trim();
      if (v === '') {
        c.empty++;
        continue;
      }
      c.nonEmpty++;
      if (looksNumeric(v)) {
        c.numeric++;
        const sign = splitCurrency(v).currency;
        if (sign !== undefined) c.signs.set(sign, (c.signs.get(sign) ?? 0) + 1);
        // Only numbers vote on the decimal mark.
        const vote = dialect ? decimalVote(v) : undefined;
        if (vote) votes[vote]++;
      } else {
        c.notNumeric ??= { line: row.line, value: v };
        if (v.includes('\uFFFD')) undecodable = { count: (undecodable?.count ?? 0) + 1, line: undecodable?.line ?? row.line, column: undecodable?.column ?? name };
      }
      addDateEvidence(c.dates, v);
      if (c.distinct !== undefined && c.distinct !== 'many') {
        c.distinct.add(v);
        if (c.distinct.size > DISTINCT_CAP) c.distinct = 'many';
      }
      if (c.top.size < 50 || c.top.has(v)) c.top.set(v, (c.top.get(v) ?? 0) + 1);
    }
  }
  const stats = [...columns.values()];
  const roles = guessRoles(stats.map(columnFacts));
  const decimal = votes[','] > votes['.'] ? ',' : '.';
  const result: FileFacts = { file, format, ...(dialect ? { dialect } : {}), ...(undecodable ? { undecodable } : {}), delimiter: dialect?.delimiter ?? '', decimal, decimalVotes: votes, columns: stats, rows, unreadable, roles };
  const tsColumn = roles.ts;
  const verdict = tsColumn === undefined ? undefined : dateVerdict((columns.get(tsColumn) as ColumnStats).dates);
  if (tsColumn !== undefined && verdict !== undefined) result.date = { column: tsColumn, verdict, bad: 0 };
  const numeric = (['quantity', 'unitPrice', 'amount', 'price', 'volume'] as const).map((r) => roles[r]).filter((c) => c !== undefined);
  const dateFormat = verdict && 'format' in verdict ? verdict.format : undefined;
  const checked = values.result({ numeric, decimal, ...(tsColumn !== undefined && dateFormat !== undefined ? { date: { column: tsColumn, format: dateFormat } } : {}) });
  if (numeric.length > 0 || dateFormat !== undefined) result.bad = checked.bad;
  if (result.date && checked.span) Object.assign(result.date, checked.span);
  return result;
}

export function columnFacts(c: ColumnStats): ColumnFacts {
  return {
    name: c.name,
    numeric: c.nonEmpty ? c.numeric / c.nonEmpty : 0,
    dates: c.nonEmpty ? (c.dates.values - c.dates.other) / c.nonEmpty : 0,
  };
}
