import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanKey, fileName, rawKey } from '../core/layout.js';
import type { OpenFile } from '../core/open-file.js';
import type { ParquetWriter } from './parquet-writer.js';
import type { ArchiveStore } from './store.js';

export interface RollResult {
  files: number;
  rows: number;
  /** Lines DuckDB could not read (dropped, counted). */
  rejected: number;
}

/**
 * Writes an OpenFile's rows: the clean files first, the raw file last. The raw file is the
 * commit point: on restart, the highest raw offset says what is archived, and clean files
 * beyond it (an interrupted roll) are deleted (sources/archive-state.ts).
 */
export async function rollFile(f: OpenFile, store: ArchiveStore, writer: ParquetWriter, compression: 'zstd' | 'snappy'): Promise<RollResult> {
  if (f.lines.length === 0) return { files: 0, rows: 0, rejected: 0 };
  const range = { partition: f.partition, first: f.first, last: f.last };
  await mkdir(store.scratchDir, { recursive: true });
  const tmp = join(store.scratchDir, `${process.pid}-${f.topic}-${fileName(range)}`);
  const dates = [...f.cleanDates].sort();
  const outputs = [...dates.map((date, i) => ({ path: `${tmp}.c${i}`, layer: 'clean' as const, date })), { path: `${tmp}.raw`, layer: 'raw' as const }];
  const rejected = await writer.write(f.kind, f.lines, outputs, compression);
  for (const [i, date] of dates.entries()) await store.put(`${tmp}.c${i}`, cleanKey(f.topic, date, range));
  await store.put(`${tmp}.raw`, rawKey(f.topic, f.hourOf, range));
  return { files: outputs.length, rows: f.lines.length - rejected, rejected };
}
