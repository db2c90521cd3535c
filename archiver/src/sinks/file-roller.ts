import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanKey, fileName, rawKey } from '../core/layout.js';
import type { OpenFile } from '../core/open-file.js';
import type { ParquetWriter } from './parquet-writer.js';
import type { ArchiveStore } from './store.js';

export interface RollResult {
  files: number;
  rows: number;
}

/**
 * Writes an OpenFile's rows: the clean files first, the raw file last. The raw file is the
 * commit point: on restart, the highest raw offset says what is archived, and clean files
 * beyond it (an interrupted roll) are deleted (sources/archive-state.ts).
 */
export async function rollFile(f: OpenFile, store: ArchiveStore, writer: ParquetWriter, compression: 'zstd' | 'snappy'): Promise<RollResult> {
  const range = { partition: f.partition, first: f.first, last: f.last };
  await mkdir(store.scratchDir, { recursive: true });
  const tmp = join(store.scratchDir, `${process.pid}-${f.topic}-${fileName(range)}`);
  let files = 0;
  if (f.kind !== 'dlq') {
    for (const [date, lines] of [...f.clean].sort(([a], [b]) => a.localeCompare(b))) {
      await writer.write(tmp, f.kind, 'clean', lines, compression);
      await store.put(tmp, cleanKey(f.topic, date, range));
      files++;
    }
  }
  if (f.raw.length > 0) {
    await writer.write(tmp, f.kind, 'raw', f.raw, compression);
    await store.put(tmp, rawKey(f.topic, f.hourOf, range));
    files++;
  }
  return { files, rows: f.raw.length };
}
