import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../commands/usage-error.js';
import { dateFormatFrom, DATE_FORMATS, zoneFrom } from './core/dates.js';
import { encodingFrom, ENCODING_NAMES, type TextEncoding } from './core/encoding.js';
import type { ValueOptions } from './core/mapping.js';
import type { FileFormat } from './core/record-mapper.js';
import { ReplayFileError, type ReplaySource } from './sources/replay-source.js';
import type { SourceItem } from '../pump/source.js';
import type { FileDialect } from './sources/sniff-file.js';
import type { CommandContext, Feed, FlagSpec, Flags } from '../commands/command.js';
import { integer, numberFlag, speed, speedFlag } from '../commands/flag-values.js';

/** Flags every file replay shares: where the file is, how its values are written, how it is sent. */
export const FILE_FLAGS: Record<string, FlagSpec> = {
  file: { type: 'string', description: 'Path of the CSV or JSONL file to replay (required); `inspect FILE` proposes the flags' },
  format: { type: 'string', description: 'csv or jsonl; auto = by extension (.jsonl/.ndjson/.json are JSONL)', default: 'auto' },
  delimiter: { type: 'string', description: 'CSV delimiter: , ; tab | (or any one character); auto = detected from the first lines (or Excel\'s sep= line)', default: 'auto' },
  encoding: { type: 'string', description: `CSV text encoding: ${ENCODING_NAMES.join(', ')}; auto = UTF-8 unless the first MB is not (then Windows-1252)`, default: 'auto' },
  decimal: { type: 'string', description: 'Decimal mark of numbers, . or , (thousands separators are accepted)', default: '.' },
  'date-format': { type: 'string', description: `Date format: ${DATE_FORMATS.join(', ')} (optional time part HH:mm[:ss])`, default: 'auto' },
  timezone: { type: 'string', description: 'Zone of dates without an offset: UTC, +02:00 or an IANA name', default: 'UTC' },
  order: { type: 'string', description: 'time = sort by event time before sending (bounded memory, DuckDB past --sort-memory-rows); file = as written', default: 'time' },
  'keep-time': { type: 'boolean', description: "Keep the file's event times; default: rebase them onto now (spacing kept, / --speed; at max speed the last event is now)" },
  'sort-memory-rows': { type: 'string', description: 'Events sorted in memory; larger files sort in DuckDB, spilling to the temp dir', default: '100000', parse: integer(1) },
  speed: { type: 'string', description: 'Event time per wall time (60 or 60x = a minute per second), or max', default: 'max', parse: speed },
  'dry-run': { type: 'boolean', description: 'Read the whole file and report the rows that would be dead-lettered (line, column, why); send nothing, no Kafka needed. Exit 0 if some rows would be sent, 65 if none' },
};

export interface FileOptions extends ValueOptions {
  file: string;
  format: FileFormat;
  delimiter: string;
  encoding: TextEncoding | 'auto';
  order: 'time' | 'file';
  keepTime: boolean;
  memoryRows: number;
  speed: number;
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
  const encoding = encodingFrom(String(flags.encoding ?? 'auto'));
  if (!encoding) throw new UsageError(`--encoding must be one of ${ENCODING_NAMES.join(', ')}, got "${String(flags.encoding)}"`);
  const order = String(flags.order);
  if (order !== 'time' && order !== 'file') throw new UsageError(`--order must be time or file, got "${order}"`);
  return {
    file, format, delimiter, encoding, decimal, dateFormat, zone, order, keepTime: flags['keep-time'] === true,
    memoryRows: numberFlag(flags, 'sort-memory-rows'),
    speed: speedFlag(flags),
  };
}

/**
 * A file replay as the pump's source: the replay source's items (events in event-time or file
 * order, rejects with file and line), paced by the pump. Rebased times are already divided by
 * the speed, so they pace 1:1; with --keep-time the pump divides by --speed. Logs "replay done".
 */
export function replayFeed({ counters, log }: CommandContext, o: FileOptions, source: ReplaySource): Feed {
  async function* items(): AsyncGenerator<SourceItem> {
    try {
      for await (const item of source) {
        counters.inc('rows_read');
        if (item.kind === 'reject') counters.inc(`rejected_${item.deadLetter.error.split(':')[0]}`);
        yield item;
      }
    } catch (err) {
      // A file the source cannot map at all (header lacks a column) is a usage error: exit 2.
      throw err instanceof ReplayFileError ? new UsageError(err.message) : err;
    }
  }
  return {
    source: { [Symbol.asyncIterator]: items, ...(source.progress ? { progress: source.progress.bind(source) } : {}) },
    speed: o.keepTime ? o.speed : Number.isFinite(o.speed) ? 1 : Infinity,
    finish(result) {
      const { rows, byReason, inOrder, spilled } = source.stats;
      const sent = result.quotes + result.sales;
      const deadLettered = result.rejects;
      const summary = { file: o.file, rows, sent, deadLettered, byReason, sortedInFile: inOrder, sortedInDuckdb: spilled, seconds: result.ms / 1000, aborted: result.aborted };
      log.info(summary, 'replay done');
      if (!summary.aborted && rows !== sent + deadLettered) log.error({ rows, sent, deadLettered }, 'replay lost rows: rows read != sent + dead-lettered');
    },
  };
}

/** A file that is not UTF-8, read as Windows-1252 by detection: said once, so a wrong guess is seen. */
export function warnEncoding(log: CommandContext['log'], d: FileDialect): void {
  const g = d.guess;
  if (g !== 'given' && g.notUtf8) log.warn({ encoding: g.encoding, line: g.notUtf8.line, byte: g.notUtf8.byte }, 'file is not UTF-8: read as Windows-1252 (--encoding to choose)');
}
