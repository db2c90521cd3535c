import { open } from 'node:fs/promises';
import { detectEncoding, type EncodingGuess, type TextEncoding } from '../core/encoding.js';
import { detectDelimiter, excelSepLine } from '../core/sniff.js';

const SAMPLE_BYTES = 1 << 20;

/** How a CSV file is written: read once from its first MB, before the records are parsed. */
export interface FileDialect {
  encoding: TextEncoding;
  /** How the encoding was chosen: detected (with why), or given by --encoding. */
  guess: EncodingGuess | 'given';
  delimiter: string;
  /** 2 when the first line is Excel's `sep=;` (skipped), else 1: csv-parse's from_line. */
  fromLine: number;
}

/** The first lines of a file (up to `bytes`) decoded, BOM removed, last partial line dropped. */
export async function firstLines(path: string, encoding: TextEncoding | 'auto' = 'auto', bytes = SAMPLE_BYTES): Promise<{ lines: string[]; guess: EncodingGuess }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    const sample = buf.subarray(0, bytesRead);
    const detected = detectEncoding(sample);
    const guess = encoding === 'auto' ? detected : { ...detected, encoding };
    const text = new TextDecoder(guess.encoding).decode(sample, { stream: true });
    const lines = text.split(/\r*\n/);
    if (bytesRead === bytes && lines.length > 1) lines.pop();
    return { lines, guess };
  } finally {
    await fh.close();
  }
}

/** Encoding (detected unless given), delimiter (detected unless given) and Excel's `sep=` line. */
export async function fileDialect(path: string, o: { delimiter: string; encoding: TextEncoding | 'auto' }): Promise<FileDialect> {
  const { lines, guess } = await firstLines(path, o.encoding);
  const sep = excelSepLine(lines[0]);
  const data = sep === undefined ? lines : lines.slice(1);
  const delimiter = o.delimiter !== 'auto' ? o.delimiter : (sep ?? detectDelimiter(data));
  return { encoding: guess.encoding, guess: o.encoding === 'auto' ? guess : 'given', delimiter, fromLine: sep === undefined ? 1 : 2 };
}
