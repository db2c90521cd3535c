import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { oneOf } from '@tickflow/common';
import { UsageError } from '../commands/usage-error.js';
import { zoneFrom, type ZoneResolver } from './core/dates.js';
import type { TextEncoding } from './core/encoding.js';
import type { ValueOptions } from './core/mapping.js';
import type { FileFormat } from './core/record-mapper.js';
import { ReplayFileError, type ReplaySource } from './sources/replay-source.js';
import type { SourceItem } from '../pump/source.js';
import type { FileDialect } from './sources/sniff-file.js';
import type { CommandContext, Feed, Flags } from '../commands/command.js';
import { numberFlag, speedFlag, textFlag } from '../commands/flag-values.js';
import { dateFormatValue, decimalValue, delimiterValue, encodingValue, FORMATS, ORDERS, timezoneValue } from './file-flags.js';

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

/**
 * The shared flags as options (each checked again: flags may come from elsewhere than the CLI),
 * their combinations, and that the file is readable; exit code 2 on a bad one.
 */
export async function fileOptions(flags: Flags): Promise<FileOptions> {
  const file = typeof flags.file === 'string' ? flags.file : '';
  if (!file) throw new UsageError('--file is required');
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--file ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!info.isFile()) throw new UsageError(`--file ${file}: not a regular file`);
  const fmt = textFlag(flags, 'format', oneOf(FORMATS), 'auto');
  const format = fmt === 'auto' ? (['.jsonl', '.ndjson', '.json'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv') : fmt;
  const delimiter = textFlag(flags, 'delimiter', delimiterValue, 'auto');
  const decimal = textFlag(flags, 'decimal', decimalValue, '.');
  if (decimal === delimiter) throw new UsageError('--decimal and --delimiter must differ (quote such numbers in the file)');
  const dateFormat = textFlag(flags, 'date-format', dateFormatValue, 'auto');
  const zone = zoneFrom(textFlag(flags, 'timezone', timezoneValue, 'UTC')) as ZoneResolver;
  const encoding = textFlag(flags, 'encoding', encodingValue, 'auto');
  const order = textFlag(flags, 'order', oneOf(ORDERS), 'time');
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
