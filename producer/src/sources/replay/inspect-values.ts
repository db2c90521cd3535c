import { zoneFrom, type DateFormat } from '../../core/replay/dates.js';
import { isRejection, readFields, type FieldSpec } from '../../core/replay/mapping.js';
import type { BadValues } from '../../core/replay/inspect-report.js';
import type { DecimalMark } from '../../core/replay/numbers.js';
import type { Row } from './inspect-rows.js';

const SHOWN = 20;

export interface ValueChecks {
  /** Columns replay reads as numbers (amount, quantity, price, ...). */
  numeric: string[];
  decimal: DecimalMark;
  /** The time column and the format inspect found, if it found one. */
  date?: { column: string; format: string };
}

/**
 * Reads every row's mapped values as replay will (the same messages, see core/replay/mapping.ts)
 * and keeps the time span and whether rows are in time order. Empty cells are not counted here:
 * they fall back to defaults or are reported per column.
 */
export async function checkValues(rows: AsyncIterable<Row>, c: ValueChecks): Promise<{ bad: BadValues; span?: { first?: number; last?: number; sorted: boolean; bad: number } }> {
  const utc = zoneFrom('UTC') as (ms: number) => number;
  const dateFormat = (c.date?.format ?? 'auto') as DateFormat;
  const o = { decimal: c.decimal, dateFormat, zone: utc };
  const specs: FieldSpec[] = c.numeric.map((column) => ({ key: column, kind: 'number', column, optional: true }));
  if (c.date) specs.push({ key: c.date.column, kind: 'time', column: c.date.column, optional: true });
  const bad: BadValues = { first: [], byColumn: {} };
  let first: number | undefined;
  let last: number | undefined;
  let prev = -Infinity;
  let sorted = true;
  let badDates = 0;
  for await (const row of rows) {
    if ('error' in row) continue;
    // A few mapped columns per row: a scan is cheaper than a Map per row.
    let t: number | undefined;
    for (const spec of specs) {
      const r = readFields([spec], (col) => row.values.find(([n]) => n === col)?.[1], o, (col) => row.values.find(([n]) => n === col)?.[2]);
      if (isRejection(r)) {
        bad.byColumn[spec.key] = (bad.byColumn[spec.key] ?? 0) + 1;
        if (bad.first.length < SHOWN) bad.first.push({ line: row.line, column: spec.key, error: r.error });
      } else if (spec.kind === 'time') t = r[spec.key] as number | undefined;
    }
    if (!c.date) continue;
    if (t === undefined) {
      badDates++;
      continue;
    }
    if (t < prev) sorted = false;
    prev = t;
    first = first === undefined ? t : Math.min(first, t);
    last = last === undefined ? t : Math.max(last, t);
  }
  const span = c.date ? { ...(first === undefined ? {} : { first, last }), sorted, bad: badDates } : undefined;
  return span ? { bad, span } : { bad };
}
