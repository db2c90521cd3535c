import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../cli.js';
import { dateFormatFrom, DATE_FORMATS, zoneFrom } from '../core/replay/dates.js';
import type { ValueOptions } from '../core/replay/mapping.js';
import type { FileFormat } from '../core/replay/record-mapper.js';
import { ReplayFileError, type ReplaySource } from '../sources/replay/replay-source.js';
import type { SourceItem } from '../pump/source.js';
import type { CommandContext, FlagSpec } from './command.js';
import { numberFlag, pause, speedFlag } from './flag-values.js';

type Flags = Record<string, string | boolean | undefined>;

/** Flags every file replay shares: where the file is, how its values are written, how it is sent. */
export const FILE_FLAGS: Record<string, FlagSpec> = {
  file: { type: 'string', description: 'Path of the CSV or JSONL file to replay (required); `inspect FILE` proposes the flags' },
  format: { type: 'string', description: 'csv or jsonl; auto = by extension (.jsonl/.ndjson/.json are JSONL)', default: 'auto' },
  delimiter: { type: 'string', description: 'CSV delimiter: , ; tab | (or any one character); auto = detected from the first lines', default: 'auto' },
  decimal: { type: 'string', description: 'Decimal mark of numbers, . or , (thousands separators are accepted)', default: '.' },
  'date-format': { type: 'string', description: `Date format: ${DATE_FORMATS.join(', ')} (optional time part HH:mm[:ss])`, default: 'auto' },
  timezone: { type: 'string', description: 'Zone of dates without an offset: UTC, +02:00 or an IANA name', default: 'UTC' },
  order: { type: 'string', description: 'time = sort by event time before sending (bounded memory, DuckDB past --sort-memory-rows); file = as written', default: 'time' },
  'keep-time': { type: 'boolean', description: "Keep the file's event times; default: rebase them onto now (spacing kept, / --speed; at max speed the last event is now)" },
  'sort-memory-rows': { type: 'string', description: 'Events sorted in memory; larger files sort in DuckDB, spilling to the temp dir', default: '100000' },
  speed: { type: 'string', description: 'Event time per wall time (60 = a minute per second), or max', default: 'max' },
  'batch-size': { type: 'string', description: 'Events per Kafka send when not paced', default: '500' },
};

export interface FileOptions extends ValueOptions {
  file: string;
  format: FileFormat;
  delimiter: string;
  order: 'time' | 'file';
  keepTime: boolean;
  memoryRows: number;
  speed: number;
  batchSize: number;
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
  const order = String(flags.order);
  if (order !== 'time' && order !== 'file') throw new UsageError(`--order must be time or file, got "${order}"`);
  return {
    file, format, delimiter, decimal, dateFormat, zone, order, keepTime: flags['keep-time'] === true,
    memoryRows: numberFlag(flags, 'sort-memory-rows', { min: 1, int: true }),
    speed: speedFlag(flags), batchSize: numberFlag(flags, 'batch-size', { min: 1, int: true }),
  };
}

const PROGRESS_EVERY_MS = 5000;

/**
 * Drains a replay source into the sink: events in source order, paced so an event goes when
 * its gap from the first, over the speed, has passed (rebased times are already divided by
 * the speed, so they pace 1:1); rejects go to the dead-letter queue. Logs "replay done".
 */
export async function runReplay({ sink, counters, log, signal }: CommandContext, o: FileOptions, source: ReplaySource): Promise<void> {
  const started = Date.now();
  const pace = o.keepTime ? o.speed : Number.isFinite(o.speed) ? 1 : Infinity;
  let quotes: QuoteEvent[] = [];
  let sales: SaleEvent[] = [];
  const dead = new Map<string, DeadLetter[]>();
  let sent = 0;
  let deadLettered = 0;
  let firstTs: number | undefined;
  let sendStart = 0;
  let lastLog = started;
  const flush = async (): Promise<void> => {
    if (quotes.length > 0) await sink.quotes(quotes);
    if (sales.length > 0) await sink.sales(sales);
    sent += quotes.length + sales.length;
    quotes = [];
    sales = [];
    for (const [topic, records] of dead) await sink.deadLetter(topic, records);
    dead.clear();
  };
  const items = rethrowAsUsage(source);
  for await (const item of items) {
    if (item.kind === 'reject') {
      counters.inc(`rejected_${item.deadLetter.error.split(':')[0]}`);
      dead.set(item.topic, [...(dead.get(item.topic) ?? []), item.deadLetter]);
      deadLettered++;
    } else {
      if (firstTs === undefined) [firstTs, sendStart] = [item.event.ts, Date.now()];
      const wait = Number.isFinite(pace) ? sendStart + (item.event.ts - firstTs) / pace - Date.now() : 0;
      if (wait > 0) {
        await flush();
        await pause(wait, signal);
      }
      if (item.kind === 'quote') quotes.push(item.event);
      else sales.push(item.event);
    }
    counters.inc('rows_read');
    if (quotes.length + sales.length + deadLettered >= o.batchSize) await flush();
    if (Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      log.info({ ...source.progress?.(), sent, deadLettered }, 'progress');
      lastLog = Date.now();
    }
    if (signal.aborted) break;
  }
  await flush();
  const { rows, byReason, inOrder, spilled } = source.stats;
  const summary = { file: o.file, rows, sent, deadLettered, byReason, sortedInFile: inOrder, sortedInDuckdb: spilled, seconds: (Date.now() - started) / 1000, aborted: signal.aborted };
  log.info(summary, 'replay done');
  if (!summary.aborted && rows !== sent + deadLettered) log.error({ rows, sent, deadLettered }, 'replay lost rows: rows read != sent + dead-lettered');
}

/** A file the source cannot map at all (header lacks a column) is a usage error: exit 2. */
async function* rethrowAsUsage(source: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  try {
    yield* source;
  } catch (err) {
    throw err instanceof ReplayFileError ? new UsageError(err.message) : err;
  }
}
