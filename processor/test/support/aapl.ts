import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real AAPL daily prices, 2015-02-17 to 2017-02-16, 506 rows, as recorded from Yahoo Finance
 * (see datasets/README.md). Columns: Date (YYYY/M/D), AAPL.Open, AAPL.High, AAPL.Low, AAPL.Close.
 */
export const AAPL_CSV = fileURLToPath(new URL('../../../datasets/aapl-daily-2015-2017.csv', import.meta.url));

export interface AaplRow {
  /** Midnight UTC of the trading day, epoch ms. */
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Parses the file strictly: a malformed row fails the test run rather than skewing values. */
export function loadAapl(path = AAPL_CSV): AaplRow[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines.shift();
  if (header !== 'Date,AAPL.Open,AAPL.High,AAPL.Low,AAPL.Close') throw new Error(`unexpected header: ${header}`);
  return lines.map((line, i) => {
    const [date, ...nums] = line.split(',');
    const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(date ?? '');
    const values = nums.map(Number);
    if (!m || values.length !== 4 || !values.every((v) => Number.isFinite(v) && v > 0)) {
      throw new Error(`bad row ${i + 2}: ${line}`);
    }
    const [open, high, low, close] = values as [number, number, number, number];
    return { ts: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), open, high, low, close };
  });
}

/** The Close series, oldest first. */
export const aaplCloses = (): number[] => loadAapl().map((r) => r.close);
