import type { ReadProgress } from './sources/csv-records.js';

/** Files smaller than this read in well under a second: no progress lines. */
export const PROGRESS_MIN_BYTES = 4 << 20;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Progress of inspect's read of a large file: one line per tenth of the file, by bytes (not by
 * clock, so the same file always prints the same lines).
 */
export function readProgress(file: string, size: number, say: ((line: string) => void) | undefined): ReadProgress {
  let shown = 0;
  return {
    bytes: 0,
    onRead(bytes: number): void {
      if (!say || size < PROGRESS_MIN_BYTES) return;
      const tenth = Math.min(10, Math.floor((bytes * 10) / size));
      if (tenth <= shown) return;
      shown = tenth;
      say(`inspect: ${file}: ${tenth * 10}% of ${mb(size)} read\n`);
    },
  };
}
