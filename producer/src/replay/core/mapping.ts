import { parseDate, type DateFormat, type ZoneResolver } from './dates.js';
import { parseAmount, type DecimalMark } from './numbers.js';

/** Why a row was rejected: fine-grained, for logs and the dead-letter error text. */
export type RejectReason =
  | 'not_json'
  | 'bad_quotes'
  | 'missing_column'
  | 'extra_columns'
  | 'empty_value'
  | 'bad_number'
  | 'bad_date'
  | 'invalid_value';

export interface Rejection {
  reason: RejectReason;
  error: string;
}

export const isRejection = (x: unknown): x is Rejection =>
  typeof x === 'object' && x !== null && 'reason' in x && 'error' in x && !('v' in x);

/**
 * One event field and where it comes from: a file column, and a fallback (`fixed`) for rows
 * where that column is absent or empty: a value given on the command line (`--symbol AAPL`,
 * `--currency EUR`) or a documented default. Optional fields without a fallback may be absent.
 */
export interface FieldSpec {
  key: string;
  kind: 'string' | 'number' | 'time';
  column?: string;
  fixed?: string;
  optional?: boolean;
  /** The flag that sets the column, for messages (`--price-column`). */
  flag?: string;
}

export interface ValueOptions {
  decimal: DecimalMark;
  dateFormat: DateFormat;
  zone: ZoneResolver;
}

export type Cell = string | number | boolean | null | object | undefined;
export type Values = Record<string, string | number | undefined>;

/** Required columns the header lacks, as messages; optional ones may be absent. */
export function missingColumns(specs: readonly FieldSpec[], header: readonly string[]): string[] {
  // Stryker disable next-line ConditionalExpression: equivalent, header.includes(undefined) is false as well
  const inHeader = (column: string | undefined): boolean => column !== undefined && header.includes(column);
  return specs
    .filter((s) => s.fixed === undefined && !s.optional && !inHeader(s.column))
    .map((s) => (s.column === undefined ? `${s.flag ?? s.key} is required` : `column "${s.column}"${s.flag ? ` (${s.flag})` : ''} is not in the header`));
}

/**
 * Reads and converts the mapped fields of one record; `lookup` gives a column's cell and
 * `position` its 1-based place in a CSV row, so errors name the file column (`column 7 "Prix"`).
 */
export function readFields(specs: readonly FieldSpec[], lookup: (column: string) => Cell, o: ValueOptions, position?: (column: string) => number | undefined): Values | Rejection {
  const values: Values = {};
  const fromColumn = new Set<string>();
  /** The first amount written with a currency sign (`$12.00`): where, and which currency. */
  let signed: { currency: string; text: string } | undefined;
  for (const spec of specs) {
    const fromCell = spec.column === undefined ? undefined : lookup(spec.column);
    const blank = fromCell === undefined || fromCell === null || (typeof fromCell === 'string' && fromCell.trim() === '');
    const cell = blank && spec.fixed !== undefined ? spec.fixed : fromCell;
    // Stryker disable next-line ConditionalExpression: equivalent, position(undefined) finds no column either
    const at = spec.column === undefined ? undefined : position?.(spec.column);
    const where = blank && spec.fixed !== undefined ? `${spec.key} "${spec.fixed}"` : `column ${at === undefined ? '' : `${at} `}"${spec.column}"`;
    if (cell === undefined) {
      if (spec.optional) continue;
      return { reason: 'missing_column', error: `${where} is missing` };
    }
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
      if (spec.optional) continue;
      return { reason: 'empty_value', error: `${where} is empty` };
    }
    if (!blank) fromColumn.add(spec.key);
    const shown = typeof cell === 'string' ? cell : JSON.stringify(cell);
    if (spec.kind === 'number' && typeof cell === 'string') {
      const a = parseAmount(cell, o.decimal);
      if (a === undefined) return { reason: 'bad_number', error: `${where}: "${shown}" is not a number (decimal mark "${o.decimal}")` };
      if (a.currency !== undefined) {
        if (signed && signed.currency !== a.currency) return { reason: 'invalid_value', error: `${where}: "${shown}" is in ${a.currency}, ${signed.text} in ${signed.currency}` };
        signed ??= { currency: a.currency, text: `${where} "${shown}"` };
      }
      values[spec.key] = a.value;
      continue;
    }
    const v = convert(spec, cell, o);
    if (v === undefined) {
      return spec.kind === 'time'
        ? { reason: 'bad_date', error: `${where}: "${shown}" is not a date in format ${o.dateFormat}` }
        : { reason: 'bad_number', error: `${where}: "${shown}" is not a number (decimal mark "${o.decimal}")` };
    }
    values[spec.key] = v;
  }
  return signed ? withSignedCurrency(values, signed, fromColumn.has('currency'), specs) : values;
}

/**
 * An amount's currency sign is the row's currency when no currency column gave one (it
 * overrides `--currency`); a currency column that says otherwise makes the row ambiguous.
 */
function withSignedCurrency(values: Values, signed: { currency: string; text: string }, currencyFromColumn: boolean, specs: readonly FieldSpec[]): Values | Rejection {
  const spec = specs.find((s) => s.key === 'currency');
  if (!spec) return values;
  const stated = typeof values.currency === 'string' ? values.currency.toUpperCase() : undefined;
  if (currencyFromColumn && stated !== signed.currency) {
    return { reason: 'invalid_value', error: `${signed.text} is in ${signed.currency}, but column "${spec.column}" says "${String(values.currency)}"` };
  }
  values.currency = signed.currency;
  return values;
}

function convert(spec: FieldSpec, cell: Cell, o: ValueOptions): string | number | undefined {
  if (spec.kind === 'string') return typeof cell === 'string' ? cell.trim() : typeof cell === 'number' ? String(cell) : undefined;
  if (spec.kind === 'number') return typeof cell === 'number' && Number.isFinite(cell) ? cell : undefined;
  // JSON numbers are epochs: seconds only if the format says so (or looks so under auto).
  if (typeof cell === 'number') {
    const seconds = o.dateFormat === 'epoch-s' || (o.dateFormat === 'auto' && cell < 1e11);
    const t = Math.round(seconds ? cell * 1000 : cell);
    return Number.isSafeInteger(t) ? t : undefined;
  }
  return typeof cell === 'string' ? parseDate(cell, o.dateFormat, o.zone) : undefined;
}

/** First zod-style issue as `path: message`, for the dead-letter error text. */
export function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const i = issues[0];
  return i ? `${i.path.map(String).join('.') || 'event'}: ${i.message}` : 'invalid event';
}
