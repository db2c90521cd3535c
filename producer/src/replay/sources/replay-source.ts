import { makeDeadLetter, TickflowError, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { stat } from 'node:fs/promises';
import { isRejection, type Rejection } from '../core/mapping.js';
import { rebaser } from '../core/rebase.js';
import type { TextEncoding } from '../core/encoding.js';
import type { FileFormat, HeaderResult, ParseStats, RecordMapper } from '../core/record-mapper.js';
import type { Source, SourceItem, SourceProgress } from '../../pump/source.js';
import { fileLines } from './file-lines.js';
import { csvRecords, type ReadProgress } from './csv-records.js';
import { EventSorter, SORTER_DEFAULTS, type SorterOptions } from './event-sorter.js';
import { fileDialect, type FileDialect } from './sniff-file.js';

/** A file the replay cannot read at all (header lacks a column): not retriable, exit 2. */
export class ReplayFileError extends TickflowError {
  constructor(message: string) {
    super(message, 'replay_file', false);
    this.name = 'ReplayFileError';
  }
}

export interface ReplaySourceOptions<K extends 'quote' | 'sale'> {
  file: string;
  format: FileFormat;
  /** One character, or `auto` (sniffed from the first lines). */
  delimiter: string;
  /** CSV text encoding, or `auto` (detected from the first MB; see core/replay/encoding.ts). */
  encoding?: TextEncoding | 'auto';
  kind: K;
  mapper: RecordMapper<K extends 'quote' ? QuoteEvent : SaleEvent>;
  /** Topic whose dead-letter queue receives rejected rows. */
  topic: string;
  /** `time`: sorted by event time before sending; `file`: as written. */
  order: 'time' | 'file';
  /** Rebase event times onto now (default) or keep the file's. */
  keepTime: boolean;
  /** Speed factor for the rebase (Infinity = unpaced, see core/replay/rebase.ts). */
  speed: number;
  sorter?: SorterOptions;
  now?: () => number;
  /** Stops reading (a long file's read-and-sort phase yields nothing the pump could stop on). */
  signal?: AbortSignal;
  /** Told once the header is read (columns, delimiter, fields left to defaults). */
  onHeader?: (h: Extract<HeaderResult, { ok: true }> & { delimiter: string; dialect: FileDialect }) => void;
}

export interface ReplaySource extends Source {
  readonly stats: ParseStats & { inOrder: boolean; spilled: boolean };
}

type Row<T> = { ok: T } | { rejected: Rejection; line: number; raw: string };

/**
 * A replay file as a source. Rejected rows are yielded at once (to the dead-letter queue);
 * events, once the whole file is read, sorted by event time (`order: time`) within bounded
 * memory, then rebased onto now unless `keepTime`. An unsorted file thus sends exactly what
 * the sorted file sends.
 */
export function replaySource<K extends 'quote' | 'sale'>(o: ReplaySourceOptions<K>): ReplaySource {
  type T = K extends 'quote' ? QuoteEvent : SaleEvent;
  const read: ReadProgress = { bytes: 0 };
  let fileBytes: number | undefined; // the read phase's total
  /** read: reading (and sorting) the file; send: sending the sorted events; stream: both at once. */
  let phase: 'read' | 'send' | 'stream' = 'read';
  let sent = 0;
  const sorter = new EventSorter<T>(o.sorter ?? SORTER_DEFAULTS, o.order === 'time');
  const now = o.now ?? Date.now;
  const stats = Object.assign(o.mapper.stats, { inOrder: true, spilled: false });

  const reject = (r: Rejection, line: number, raw: string): SourceItem => {
    const dlq = r.reason === 'invalid_value' || r.reason === 'not_json' ? r.reason : 'parse_error';
    return { kind: 'reject', topic: o.topic, deadLetter: makeDeadLetter(dlq, `${r.reason}: line ${line}: ${r.error}`, raw, { file: o.file, line }, now()) };
  };
  const item = (event: T): SourceItem => (o.kind === 'quote' ? { kind: 'quote', event: event as QuoteEvent } : { kind: 'sale', event: event as SaleEvent });

  async function* rows(): AsyncGenerator<Row<T>> {
    if (o.format === 'jsonl') {
      for await (const { line, lineNo, bytesRead } of fileLines(o.file)) {
        read.bytes = bytesRead;
        if (line.trim() === '') continue;
        const r = o.mapper.json(line);
        yield isRejection(r) ? { rejected: r, line: lineNo, raw: line } : { ok: r };
      }
      return;
    }
    const dialect = await fileDialect(o.file, { delimiter: o.delimiter, encoding: o.encoding ?? 'auto' });
    const delimiter = dialect.delimiter;
    let header = true;
    for await (const rec of csvRecords(o.file, dialect, read)) {
      if (header && rec.kind === 'record') {
        header = false;
        const h = o.mapper.setHeader(rec.fields);
        if (!h.ok) throw new ReplayFileError(`${o.file}: ${h.error} (delimiter ${JSON.stringify(delimiter)})`);
        o.onHeader?.({ ...h, delimiter, dialect });
        continue;
      }
      if (rec.kind === 'error') {
        yield { rejected: o.mapper.unreadable(rec.error), line: rec.line, raw: rec.raw };
        continue;
      }
      const r = o.mapper.csv(rec.fields);
      yield isRejection(r) ? { rejected: r, line: rec.line, raw: rec.raw } : { ok: r };
    }
    if (header) throw new ReplayFileError(`${o.file}: no header line (empty file)`);
  }

  async function* generate(): AsyncGenerator<SourceItem> {
    fileBytes = (await stat(o.file)).size;
    if (o.order === 'file' && o.keepTime) {
      // Nothing to know about the whole file first: stream straight through.
      phase = 'stream';
      for await (const r of rows()) {
        if ('ok' in r) sent++;
        yield 'ok' in r ? item(r.ok) : reject(r.rejected, r.line, r.raw);
      }
      return;
    }
    try {
      for await (const r of rows()) {
        if (o.signal?.aborted) return;
        if ('ok' in r) await sorter.add(r.ok);
        else yield reject(r.rejected, r.line, r.raw);
      }
      stats.inOrder = sorter.inOrder;
      stats.spilled = sorter.spilled;
      phase = 'send';
      const shift = o.keepTime ? (ts: number) => ts : rebaser({ first: sorter.first, last: sorter.last }, now(), o.speed);
      for await (const e of sorter.sorted()) {
        e.ts = shift(e.ts);
        sent++;
        yield item(e);
      }
    } finally {
      await sorter.close();
    }
  }

  return {
    stats,
    [Symbol.asyncIterator]: () => generate(),
    progress(): SourceProgress {
      // Rows are counted only as they are read: the file's bytes are the total until all are in.
      if (phase === 'send') return { done: sent, total: stats.events, unit: 'events' };
      return { done: read.bytes, ...(fileBytes === undefined ? {} : { total: fileBytes }), unit: 'bytes read' };
    },
  };
}
