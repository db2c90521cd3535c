import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL } from '../../../../src/core/report/queries.js';
import { ParquetWriter } from '../../../../src/sinks/parquet-writer.js';

// The daily bars' 5- and 20-day moving averages over series longer than both windows, checked
// against a plain loop over the closes: null until the window is full, then the mean of the
// last n closes of the same symbol.
const DAYS = { AAA: 31, BBB: 23 } as const;
const close = (symbol: string, d: number): number => (symbol === 'AAA' ? 100 + ((d * 37) % 11) - d / 4 : 20 + Math.sin(d) * 3);

function movingAverage(closes: number[], n: number): (number | null)[] {
  return closes.map((_, i) => (i + 1 < n ? null : closes.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n));
}

let duck: ParquetWriter;
beforeAll(async () => {
  duck = await ParquetWriter.open();
  const rows: string[] = [];
  for (const [symbol, days] of Object.entries(DAYS)) {
    for (let d = 0; d < days; d++) {
      const day = `TIMESTAMP '2026-10-01 00:00:00' + INTERVAL ${d} DAY`;
      // Two ticks a day: the close is the later one, whatever the row order.
      rows.push(`('${symbol}', ${day} + INTERVAL 15 HOUR, ${close(symbol, d)}, 1.0)`, `('${symbol}', ${day} + INTERVAL 9 HOUR, 1.0, 1.0)`);
    }
  }
  await duck.query(`CREATE TABLE quotes AS SELECT * FROM (VALUES ${rows.join(', ')}) t(symbol, event_ts, price, volume)`);
});
afterAll(() => duck.close());

describe('daily bars: moving averages', () => {
  it.each(Object.keys(DAYS))('sma5 and sma20 of %s equal the mean of the last 5 and 20 closes, null before', async (symbol) => {
    const bars = (await duck.query(SQL.dailyBars)).filter((b) => b.symbol === symbol);
    const closes = Array.from({ length: DAYS[symbol as keyof typeof DAYS] }, (_, d) => close(symbol, d));
    expect(bars.map((b) => b.close)).toEqual(closes);
    for (const [n, column] of [[5, 'sma5'], [20, 'sma20']] as const) {
      const want = movingAverage(closes, n);
      const got = bars.map((b) => b[column] as number | null);
      expect(got.map((v) => v === null)).toEqual(want.map((v) => v === null));
      got.forEach((v, i) => v !== null && expect(v).toBeCloseTo(want[i] as number, 9));
    }
  });
});
