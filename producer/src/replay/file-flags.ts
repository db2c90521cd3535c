import { oneOf } from '@tickflow/common';
import { UsageError } from '../commands/usage-error.js';
import { dateFormatFrom, DATE_FORMATS, zoneFrom, type DateFormat } from './core/dates.js';
import { encodingFrom, ENCODING_NAMES, type TextEncoding } from './core/encoding.js';
import type { DecimalMark } from './core/numbers.js';
import type { FlagSpec } from '../commands/command.js';
import { integer, speed } from '../commands/flag-values.js';

// Parsers of the file flags, run by the CLI parser on argv, PRODUCER_* env and defaults: a bad
// value is reported before any Kafka setting is read. Each returns a value it accepts again.

export const FORMATS = ['auto', 'csv', 'jsonl'] as const;
export const ORDERS = ['time', 'file'] as const;

/** One character, `tab` (or `\t`), or auto; never the quote character. */
export function delimiterValue(raw: string): string {
  const d = raw === 'tab' || raw === '\\t' ? '\t' : raw;
  if (d !== 'auto' && [...d].length !== 1) throw new UsageError('must be one character, tab or auto');
  if (d === '"') throw new UsageError('cannot be the quote character');
  return d;
}

export function decimalValue(raw: string): DecimalMark {
  if (raw !== '.' && raw !== ',') throw new UsageError('must be . or ,');
  return raw;
}

export function dateFormatValue(raw: string): DateFormat {
  const f = dateFormatFrom(raw);
  if (!f) throw new UsageError(`must be one of ${DATE_FORMATS.join(', ')}`);
  return f;
}

export function timezoneValue(raw: string): string {
  if (!zoneFrom(raw)) throw new UsageError('must be UTC, an offset like +02:00 or an IANA zone like Europe/Paris');
  return raw;
}

export function encodingValue(raw: string): TextEncoding | 'auto' {
  const e = encodingFrom(raw);
  if (!e) throw new UsageError(`must be one of ${ENCODING_NAMES.join(', ')}`);
  return e;
}

/** Flags every file replay shares: where the file is, how its values are written, how it is sent. */
export const FILE_FLAGS: Record<string, FlagSpec> = {
  file: { type: 'string', description: 'Path of the CSV or JSONL file to replay (required); `inspect FILE` proposes the flags' },
  format: { type: 'string', description: 'csv or jsonl; auto = by extension (.jsonl/.ndjson/.json are JSONL)', default: 'auto', choices: FORMATS, parse: oneOf(FORMATS) },
  delimiter: { type: 'string', description: 'CSV delimiter: , ; tab | (or any one character); auto = detected from the first lines (or Excel\'s sep= line)', default: 'auto', parse: delimiterValue },
  encoding: { type: 'string', description: `CSV text encoding: ${ENCODING_NAMES.join(', ')}; auto = UTF-8 unless the first MB is not (then Windows-1252)`, default: 'auto', parse: encodingValue },
  decimal: { type: 'string', description: 'Decimal mark of numbers, . or , (thousands separators are accepted)', default: '.', parse: decimalValue },
  'date-format': { type: 'string', description: `Date format: ${DATE_FORMATS.join(', ')} (optional time part HH:mm[:ss])`, default: 'auto', parse: dateFormatValue },
  timezone: { type: 'string', description: 'Zone of dates without an offset: UTC, +02:00 or an IANA name', default: 'UTC', parse: timezoneValue },
  order: { type: 'string', description: 'time = sort by event time before sending (bounded memory, DuckDB past --sort-memory-rows); file = as written', default: 'time', choices: ORDERS, parse: oneOf(ORDERS) },
  'keep-time': { type: 'boolean', description: "Keep the file's event times; default: rebase them onto now (spacing kept, / --speed; at max speed the last event is now)" },
  'sort-memory-rows': { type: 'string', description: 'Events sorted in memory; larger files sort in DuckDB, spilling to the temp dir', default: '100000', parse: integer(1) },
  speed: { type: 'string', description: 'Event time per wall time (60 or 60x = a minute per second), or max', default: 'max', parse: speed },
  'dry-run': { type: 'boolean', description: 'Read the whole file and report the rows that would be dead-lettered (line, column, why); send nothing, no Kafka needed. Exit 0 if some rows would be sent, 65 if none' },
};
