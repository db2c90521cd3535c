import { parse, type CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { TextEncoding } from '../core/encoding.js';
import type { FileDialect } from './sniff-file.js';

export type CsvRecord =
  | { kind: 'record'; fields: string[]; line: number; raw: string }
  | { kind: 'error'; line: number; error: string; raw: string };

/**
 * Decodes the file's bytes (UTF-8, Windows-1252, UTF-16; a BOM is dropped) and turns CRLF and
 * CR CR LF (a header saved twice through a Windows tool) into LF before parsing: csv-parse
 * counts the CR and LF of a line break inside a quoted field as two lines, which would shift
 * every later line number.
 */
class DecodeText extends Transform {
  private pendingCr = '';
  private readonly decoder: TextDecoder;

  constructor(encoding: TextEncoding) {
    super({ decodeStrings: true, encoding: 'utf8' });
    this.decoder = new TextDecoder(encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done(null, this.lf(this.decoder.decode(chunk, { stream: true })));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.lf(this.decoder.decode());
    done(null, rest + this.pendingCr);
  }

  private lf(text: string): string {
    let s = this.pendingCr + text;
    const cr = /\r+$/.exec(s);
    this.pendingCr = cr ? cr[0] : '';
    if (cr) s = s.slice(0, cr.index);
    return s.replace(/\r+\n/g, '\n');
  }
}

/** How to read the file's text: see sniff-file.ts. */
export type CsvDialect = Pick<FileDialect, 'delimiter' | 'encoding' | 'fromLine'>;

/** Bytes read so far, for progress. */
export interface ReadProgress {
  bytes: number;
  /** Called as each chunk is read (a progress line for a large file). */
  onRead?: (bytes: number) => void;
}

const options = (delimiter: string): Options => ({
  bom: true,
  delimiter,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  // Spaces around a quoted field (`a, "b" ,c`) are allowed; the value inside quotes is kept.
  trim: true,
  info: true,
  raw: true,
});

type Parsed = { record: string[]; info: { lines: number }; raw: string };
type Skipped = CsvError & { raw?: string; lines?: number; index?: number };

/** csv-parse's message plus the field (column) it was in, 1-based like the header. */
const describe = (err: Skipped): string => (typeof err.index === 'number' ? `${err.message} (field ${err.index + 1})` : err.message);

function fromParsed(r: Parsed, lineOffset: number): CsvRecord {
  // Blank lines skipped before a record are part of its raw text.
  const raw = r.raw.replace(/^\s*\n/, '').replace(/\n$/, '');
  return { kind: 'record', fields: r.record, line: lineOffset + r.info.lines - (raw.split('\n').length - 1), raw };
}

/**
 * A quote left open at the end of a line makes csv-parse read on into the next lines (a field
 * may hold line breaks) until the record breaks, and it reports all those lines as one bad
 * record (raw text as far as it read). Left open to the end of the file, that would swallow
 * the rest of the file: then only the first line is dead-lettered and the rest read again.
 */
function* recover(err: Skipped, delimiter: string, lineOffset: number): Generator<CsvRecord> {
  const raw = (err.raw ?? '').replace(/^\n+|\n+$/g, '');
  const line = lineOffset + (err.lines ?? 0) - (raw.split('\n').length - 1);
  if (err.code !== 'CSV_QUOTE_NOT_CLOSED' || !raw.includes('\n')) return yield { kind: 'error', line, error: describe(err), raw };
  const cut = raw.indexOf('\n');
  yield { kind: 'error', line, error: `unterminated quoted field at line ${line}`, raw: raw.slice(0, cut) };
  const skipped: Skipped[] = [];
  const rows = parseSync(raw.slice(cut + 1), { ...options(delimiter), bom: false, on_skip: (e) => void (e && skipped.push(e)) }) as unknown as Parsed[];
  for (const r of rows) yield fromParsed(r, line);
  for (const e of skipped) yield* recover(e, delimiter, line);
}

/**
 * Streams the records of a CSV file with csv-parse: its encoding, BOM, CRLF, Excel's `sep=` line, quoted fields with the
 * delimiter, `""` escapes and line breaks inside. Blank lines are skipped. A record csv-parse
 * cannot split (a stray quote) comes out as an error with its line, and reading goes on.
 * The first record is the header. `line` is the record's first physical line.
 */
export async function* csvRecords(path: string, dialect: CsvDialect, progress: ReadProgress = { bytes: 0 }): AsyncGenerator<CsvRecord> {
  const { delimiter } = dialect;
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('data', () => {
    progress.bytes = file.bytesRead;
    progress.onRead?.(file.bytesRead);
  });
  const skipped: Skipped[] = [];
  const parser = parse({ ...options(delimiter), from_line: dialect.fromLine, on_skip: (e) => void (e && skipped.push(e)) });
  file.pipe(new DecodeText(dialect.encoding)).pipe(parser);
  try {
    // csv-parse runs ahead of this loop: errors are yielded in line order among the records.
    for await (const r of parser as AsyncIterable<Parsed>) {
      const rec = fromParsed(r, 0);
      while (skipped.length > 0 && (skipped[0]?.lines ?? 0) < rec.line) yield* recover(skipped.shift() as Skipped, delimiter, 0);
      yield rec;
    }
    for (const e of skipped.splice(0)) yield* recover(e, delimiter, 0);
  } finally {
    file.destroy();
    parser.destroy();
  }
}
