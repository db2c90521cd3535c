import { nameFits, type Role } from '../core/column-roles.js';
import { DATE_FORMATS, parseDate, zoneFrom, type DateFormat } from '../core/dates.js';
import type { BadValues } from '../core/inspect-report.js';
import { isRejection, readFields, type FieldSpec, type ValueOptions } from '../core/mapping.js';
import { parseAmount, type DecimalMark } from '../core/numbers.js';
import type { DataRow } from './inspect-rows.js';

const SHOWN = 20;
const NUMBER_ROLES: readonly Role[] = ['quantity', 'unitPrice', 'amount', 'price', 'volume'];
const FORMATS = DATE_FORMATS.filter((f) => f !== 'epoch-ms' && f !== 'epoch-s');
const utc = zoneFrom('UTC') as (ms: number) => number;

/** A time column's span; `hours`: rows per hour start (what `inspect`'s retention forecast counts). */
export type Span = { first?: number; last?: number; sorted: boolean; bad: number; hours: Map<number, number> };
const HOUR_MS = 3_600_000;

/** One reading of one column (a decimal mark, or a date format): its rejections and, for dates, its span. */
interface Reading {
  spec: FieldSpec;
  o: ValueOptions;
  count: number;
  first: BadValues['first'];
  span?: Span & { prev: number };
}

/**
 * Reads the values of the columns that could become number or date columns, in the same pass
 * that gathers the evidence, under every reading the evidence may pick (both decimal marks,
 * each date format), with replay's own messages (core/replay/mapping.ts). Once the decimal
 * mark and date format are known, `result` returns that reading: the file is read once.
 */
export class ValueChecker {
  private readonly readings = new Map<string, Reading[] | undefined>();

  add(row: DataRow): void {
    for (let i = 0; i < row.names.length; i++) {
      const name = row.names[i] as string;
      const value = row.cells[i] ?? '';
      const position = row.csv ? i + 1 : undefined;
      let rs = this.readings.get(name);
      if (!this.readings.has(name)) this.readings.set(name, (rs = readingsFor(name)));
      if (!rs) continue;
      const v = value.trim();
      if (v === '') {
        for (const r of rs) if (r.span) r.span.bad++;
        continue;
      }
      for (const r of rs) {
        // The common case without readFields; its message only for a value that fails.
        const t = r.spec.kind === 'time' ? parseDate(v, r.o.dateFormat, utc) : undefined;
        const ok = r.spec.kind === 'time' ? t !== undefined : parseAmount(v, r.o.decimal) !== undefined;
        if (!ok) {
          r.count++;
          const e = r.first.length < SHOWN ? readFields([r.spec], () => value, r.o, () => position) : undefined;
          if (e && isRejection(e)) r.first.push({ line: row.line, column: name, error: e.error });
        }
        const s = r.span;
        if (!s) continue;
        if (t === undefined) {
          s.bad++;
          continue;
        }
        if (t < s.prev) s.sorted = false;
        s.prev = t;
        if (s.first === undefined || t < s.first) s.first = t;
        if (s.last === undefined || t > s.last) s.last = t;
        const hour = t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
        s.hours.set(hour, (s.hours.get(hour) ?? 0) + 1);
      }
    }
  }

  /** The bad values of the mapped columns under the chosen reading, and the time column's span. */
  result(c: { numeric: string[]; decimal: DecimalMark; date?: { column: string; format: string } }): { bad: BadValues; span?: Span } {
    const chosen: Reading[] = [];
    for (const col of c.numeric) chosen.push(...(this.readings.get(col) ?? []).filter((r) => r.spec.kind === 'number' && r.o.decimal === c.decimal));
    const d = c.date;
    const date = d ? (this.readings.get(d.column) ?? []).find((r) => r.spec.kind === 'time' && r.o.dateFormat === d.format) : undefined;
    if (date) chosen.push(date);
    const bad: BadValues = { first: chosen.flatMap((r) => r.first).sort((a, b) => a.line - b.line).slice(0, SHOWN), byColumn: {} };
    for (const r of chosen) if (r.count > 0) bad.byColumn[r.spec.key] = r.count;
    if (!date?.span) return { bad };
    const { prev: _prev, ...span } = date.span;
    return { bad, span };
  }
}

function readingsFor(name: string): Reading[] | undefined {
  const out: Reading[] = [];
  const spec = (kind: FieldSpec['kind']): FieldSpec => ({ key: name, kind, column: name, optional: true });
  if (NUMBER_ROLES.some((role) => nameFits(role, name))) {
    for (const decimal of ['.', ','] as const) out.push({ spec: spec('number'), o: { decimal, dateFormat: 'auto', zone: utc }, count: 0, first: [] });
  }
  if (nameFits('ts', name)) {
    for (const dateFormat of FORMATS as DateFormat[]) {
      out.push({ spec: spec('time'), o: { decimal: '.', dateFormat, zone: utc }, count: 0, first: [], span: { sorted: true, bad: 0, prev: -Infinity, hours: new Map() } });
    }
  }
  return out.length > 0 ? out : undefined;
}
