import { makeDeadLetter } from '@tickflow/contracts';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../cli.js';
import { dateFormatFrom, DATE_FORMATS, zoneFrom } from '../core/replay/dates.js';
import type { ValueOptions } from '../core/replay/mapping.js';
import type { FileFormat, RowParser } from '../core/replay/row-parser.js';
import { fileLines } from '../sources/file-lines.js';
import type { SourceItem } from '../pump/source.js';
import type { CommandContext, Feed, FlagSpec, Flags } from './command.js';
import { speedFlag } from './flag-values.js';

/** Flags every file replay shares: where the file is and how its values are written. */
export const FILE_FLAGS: Record<string, FlagSpec> = {
  file: { type: 'string', description: 'Path of the CSV or JSONL file to replay (required)' },
  format: { type: 'string', description: 'csv or jsonl; auto = by extension (.jsonl/.ndjson/.json are JSONL)', default: 'auto' },
  delimiter: { type: 'string', description: 'CSV delimiter: , ; tab | (or any one character); auto = detected from the header', default: 'auto' },
  decimal: { type: 'string', description: 'Decimal mark of numbers, . or , (thousands separators are accepted)', default: '.' },
  'date-format': { type: 'string', description: `Date format: ${DATE_FORMATS.join(', ')} (optional time part HH:mm[:ss])`, default: 'auto' },
  timezone: { type: 'string', description: 'Zone of dates without an offset: UTC, +02:00 or an IANA name', default: 'UTC' },
  speed: { type: 'string', description: 'Event time per wall time (60 = a minute per second), or max', default: 'max' },
};

export interface FileOptions extends ValueOptions {
  file: string;
  format: FileFormat;
  delimiter: string;
  speed: number;
  /** File size in bytes, for progress. */
  size: number;
}

/** Validates the shared flags (exit code 2 on a bad one) and checks the file is readable. */
export async function fileOptions(flags: Flags): Promise<FileOptions> {
  const file = typeof flags.file === 'string' ? flags.file : '';
  if (!file) throw new UsageError('--file is required');
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--file ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!info.isFile()) throw new UsageError(`--file ${file}: not a regular file`);
  const fmt = String(flags.format);
  const format = fmt === 'auto' ? (['.jsonl', '.ndjson', '.json'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv') : fmt;
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be csv, jsonl or auto, got "${fmt}"`);
  const d = String(flags.delimiter);
  const delimiter = d === 'tab' || d === '\\t' ? '\t' : d;
  if (delimiter !== 'auto' && [...delimiter].length !== 1) throw new UsageError(`--delimiter must be one character, tab or auto, got "${d}"`);
  if (delimiter === '"') throw new UsageError('--delimiter cannot be the quote character');
  const decimal = String(flags.decimal);
  if (decimal !== '.' && decimal !== ',') throw new UsageError(`--decimal must be . or , got "${decimal}"`);
  if (decimal === delimiter) throw new UsageError('--decimal and --delimiter must differ (quote such numbers in the file)');
  const dateFormat = dateFormatFrom(String(flags['date-format']));
  if (!dateFormat) throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(', ')}, got "${String(flags['date-format'])}"`);
  const zone = zoneFrom(String(flags.timezone));
  if (!zone) throw new UsageError(`--timezone must be UTC, an offset like +02:00 or an IANA zone, got "${String(flags.timezone)}"`);
  return { file, format, delimiter, decimal, dateFormat, zone, speed: speedFlag(flags), size: info.size };
}

/**
 * A file replay as a pump source: lines through the parser, events in file order, rejected rows
 * as dead letters (with file and line) for the topic's `.dlq`. Progress counts bytes of the file.
 */
export function replayFeed<T extends { ts: number }>(
  { counters, log }: CommandContext,
  o: FileOptions,
  parser: RowParser<T>,
  target: { topic: string; item(event: T): SourceItem },
): Feed {
  let bytes = 0;
  async function* items(): AsyncGenerator<SourceItem> {
    for await (const { line, lineNo, bytesRead } of fileLines(o.file)) {
      bytes = bytesRead;
      const r = parser.push(line);
      if (r.kind === 'bad_header') throw new UsageError(`${o.file}: ${r.error}`);
      if (r.kind === 'header') log.info({ columns: r.columns, delimiter: r.delimiter }, 'header');
      if (r.kind === 'rejected') {
        counters.inc('rows_read');
        counters.inc(`rejected_${r.reason}`);
        const dlqReason = r.reason === 'invalid_value' || r.reason === 'not_json' ? r.reason : 'parse_error';
        yield { kind: 'reject', topic: target.topic, deadLetter: makeDeadLetter(dlqReason, `${r.reason}: ${r.error}`, line, { file: o.file, line: lineNo }, Date.now()) };
      }
      if (r.kind === 'event') {
        counters.inc('rows_read');
        yield target.item(r.event);
      }
    }
  }
  return {
    source: { [Symbol.asyncIterator]: items, progress: () => ({ done: bytes, total: o.size, unit: 'bytes' }) },
    speed: o.speed,
    finish(result) {
      const { rows, byReason, blank } = parser.stats;
      const sent = result.quotes + result.sales;
      const deadLettered = result.rejects;
      log.info({ file: o.file, rows, sent, deadLettered, byReason, blankLines: blank, seconds: result.ms / 1000, aborted: result.aborted }, 'replay done');
      if (!result.aborted && rows !== sent + deadLettered) log.error({ rows, sent, deadLettered }, 'replay lost rows: rows read != sent + dead-lettered');
    },
  };
}
