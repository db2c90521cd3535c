import { makeDeadLetter, type DeadLetter } from '@tickflow/contracts';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../cli.js';
import { dateFormatFrom, DATE_FORMATS, zoneFrom } from '../core/replay/dates.js';
import type { ValueOptions } from '../core/replay/mapping.js';
import type { FileFormat, ParseStats, RowParser } from '../core/replay/row-parser.js';
import { fileLines } from '../sources/file-lines.js';
import type { CommandContext, FlagSpec } from './command.js';
import { numberFlag, pause, speedFlag } from './flag-values.js';

type Flags = Record<string, string | boolean | undefined>;

/** Flags every file replay shares: where the file is and how its values are written. */
export const FILE_FLAGS: Record<string, FlagSpec> = {
  file: { type: 'string', description: 'Path of the CSV or JSONL file to replay (required)' },
  format: { type: 'string', description: 'csv or jsonl; auto = by extension (.jsonl/.ndjson/.json are JSONL)', default: 'auto' },
  delimiter: { type: 'string', description: 'CSV delimiter: , ; tab | (or any one character); auto = detected from the header', default: 'auto' },
  decimal: { type: 'string', description: 'Decimal mark of numbers, . or , (thousands separators are accepted)', default: '.' },
  'date-format': { type: 'string', description: `Date format: ${DATE_FORMATS.join(', ')} (optional time part HH:mm[:ss])`, default: 'auto' },
  timezone: { type: 'string', description: 'Zone of dates without an offset: UTC, +02:00 or an IANA name', default: 'UTC' },
  speed: { type: 'string', description: 'Event time per wall time (60 = a minute per second), or max', default: 'max' },
  'batch-size': { type: 'string', description: 'Events per Kafka send when not paced', default: '500' },
};

export interface FileOptions extends ValueOptions {
  file: string;
  format: FileFormat;
  delimiter: string;
  speed: number;
  batchSize: number;
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
  return { file, format, delimiter, decimal, dateFormat, zone, speed: speedFlag(flags), batchSize: numberFlag(flags, 'batch-size', { min: 1, int: true }), size: info.size };
}

export interface ReplaySummary extends ParseStats {
  sent: number;
  deadLettered: number;
  aborted: boolean;
  seconds: number;
}

const PROGRESS_EVERY_MS = 5000;

/**
 * Streams the file through the parser: events go to `send` in file order, paced by their
 * event-time gaps / speed; rejected rows go to the topic's dead-letter queue with their line.
 */
export async function runReplay<T extends { ts: number }>(
  { sink, counters, log, signal }: CommandContext,
  o: FileOptions,
  parser: RowParser<T>,
  target: { topic: string; send(events: T[]): Promise<void> },
): Promise<ReplaySummary> {
  const started = Date.now();
  let events: T[] = [];
  let dead: DeadLetter[] = [];
  let sent = 0;
  let deadLettered = 0;
  let firstTs: number | undefined;
  let lastLog = started;
  let lastRows = 0;
  const flush = async (): Promise<void> => {
    if (events.length > 0) await target.send(events);
    sent += events.length;
    events = [];
    if (dead.length > 0) await sink.deadLetter(target.topic, dead);
    deadLettered += dead.length;
    dead = [];
  };

  for await (const { line, lineNo, bytesRead } of fileLines(o.file)) {
    if (signal.aborted) break;
    const r = parser.push(line);
    if (r.kind === 'bad_header') throw new UsageError(`${o.file}: ${r.error}`);
    if (r.kind === 'header') log.info({ columns: r.columns, delimiter: r.delimiter }, 'header');
    if (r.kind === 'rejected') {
      counters.inc(`rejected_${r.reason}`);
      const dlqReason = r.reason === 'invalid_value' || r.reason === 'not_json' ? r.reason : 'parse_error';
      dead.push(makeDeadLetter(dlqReason, `${r.reason}: ${r.error}`, line, { file: o.file, line: lineNo }, Date.now()));
    }
    if (r.kind === 'event') {
      firstTs ??= r.event.ts;
      // Pacing: the event is due when its gap from the first event, scaled, has elapsed.
      const wait = Number.isFinite(o.speed) ? started + (r.event.ts - firstTs) / o.speed - Date.now() : 0;
      if (wait > 0) {
        await flush();
        await pause(wait, signal);
      }
      events.push(r.event);
    }
    if (r.kind === 'event' || r.kind === 'rejected') counters.inc('rows_read');
    if (events.length + dead.length >= o.batchSize) await flush();
    const now = Date.now();
    if (now - lastLog >= PROGRESS_EVERY_MS) {
      const rowsPerSec = Math.round(((parser.stats.rows - lastRows) * 1000) / (now - lastLog));
      log.info({ rows: parser.stats.rows, sent, deadLettered, rowsPerSec, percent: o.size ? Math.round((bytesRead / o.size) * 1000) / 10 : 100 }, 'progress');
      lastLog = now;
      lastRows = parser.stats.rows;
    }
  }
  await flush();
  const seconds = (Date.now() - started) / 1000;
  const summary: ReplaySummary = { ...parser.stats, sent, deadLettered, aborted: signal.aborted, seconds };
  const { rows, byReason, blank } = summary;
  log.info({ file: o.file, rows, sent, deadLettered, byReason, blankLines: blank, seconds, aborted: summary.aborted }, 'replay done');
  if (!summary.aborted && rows !== sent + deadLettered) log.error({ rows, sent, deadLettered }, 'replay lost rows: rows read != sent + dead-lettered');
  return summary;
}
