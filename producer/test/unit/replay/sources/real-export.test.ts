import { DuckDBInstance } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../../src/replay/inspect.js';
import type { Proposal } from '../../../../src/replay/core/inspect-report.js';
import { runCommand } from '../../../support/run-command.js';

// A fixture built like real exports (generated once, committed): BOM, CRLF, `;`, decimal
// commas with `.` thousands, D/M/YYYY H:mm, several lines per order with only a line total
// ("Sales"), a row id, quoted fields with `""` and `;` inside, a field with a line break,
// empty City and Currency cells, no payment column, GBP rows among EUR ones; sorted by city.
const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/replay');
const UNSORTED = resolve(FIXTURES, 'real-export-unsorted.csv');
const SORTED = resolve(FIXTURES, 'real-export-sorted.csv');

async function proposal(file: string): Promise<Proposal> {
  let out = '';
  const code = await inspectCommand.run({ file, delimiter: 'auto', json: true }, (s) => (out += s));
  expect(code).toBe(0);
  return (JSON.parse(out) as { proposal: Proposal }).proposal;
}

/** Independent reading of the file: DuckDB's own CSV reader and SQL, amounts as exact decimals. */
async function sql<T>(query: string): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(query)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
const FILE_SQL = (file: string) => `(SELECT *, CAST(replace(replace("Sales", '.', ''), ',', '.') AS DECIMAL(18,2)) AS amount
  FROM read_csv('${file}', delim=';', header=true, quote='"', escape='"', all_varchar=true))`;

describe('replay of a real-world export', () => {
  it('inspect proposes a sales-replay command that maps every row, with line ids and line totals', async () => {
    const p = await proposal(UNSORTED);
    expect(p.command).toBe('sales-replay');
    expect(p.args).toHaveLength(1);
    const args = p.args[0]!;
    expect(args).toEqual(expect.arrayContaining(['--delimiter', ';', '--decimal', ',', '--date-format', 'D/M/YYYY', '--amount-column', 'Sales', '--line-id-column', 'Row ID', '--currency', 'EUR']));
    const { sink, summary } = await runCommand(['sales-replay', ...args, '--keep-time']);
    expect(sink.deadLetters.map((d) => d.record.error)).toEqual([]);
    expect(summary).toMatchObject({ rows: 65, sent: 65, deadLettered: 0, sortedInFile: false });
    const sales = sink.saleEvents;
    expect(sales.map((s) => s.ts)).toEqual(sales.map((s) => s.ts).sort((a, b) => a - b));
    expect(new Set(sales.map((s) => `${s.orderId}/${s.lineId}`)).size).toBe(65);
    expect(new Set(sales.map((s) => s.orderId)).size).toBe(24);
    for (const s of sales) expect(Math.abs(s.unitPrice * s.quantity - s.amount)).toBeLessThan(1e-9);
    // Values as written: quotes, delimiters and a line break inside fields; empty cells take defaults.
    const products = new Set(sales.map((s) => s.product));
    expect([...products]).toEqual(expect.arrayContaining(['Carnet\nA5 ligné', 'Lampe ""Arc""', 'Chaise "Bistro"; chêne', 'Écran 27"']));
    expect(sales.find((s) => s.lineId === '1001')).toMatchObject({ orderId: 'ORD-2024000', city: 'unknown', currency: 'EUR', amount: 1266.44, quantity: 3, paymentMethod: 'unknown', ts: Date.UTC(2024, 2, 18, 12, 42) });
    expect(sales.filter((s) => s.currency === 'GBP').every((s) => s.city === 'London')).toBe(true);
  });

  it('an unsorted file sends exactly what the same file sorted sends, in memory or through DuckDB', async () => {
    const args = (await proposal(UNSORTED)).args[0]!;
    const fromUnsorted = (await runCommand(['sales-replay', ...args, '--keep-time'])).sink.saleEvents;
    const withFile = (file: string) => args.map((a) => (a === UNSORTED ? file : a));
    const fromSorted = await runCommand(['sales-replay', ...withFile(SORTED), '--keep-time']);
    expect(fromSorted.summary).toMatchObject({ sortedInFile: true, sortedInDuckdb: false });
    expect(fromSorted.sink.saleEvents).toEqual(fromUnsorted);
    const viaDuckdb = await runCommand(['sales-replay', ...args, '--keep-time', '--sort-memory-rows', '7']);
    expect(viaDuckdb.summary).toMatchObject({ sortedInDuckdb: true, sent: 65 });
    expect(viaDuckdb.sink.saleEvents).toEqual(fromUnsorted);
  });

  it('--order file sends as written (streamed with --keep-time, rebased otherwise)', async () => {
    const args = (await proposal(UNSORTED)).args[0]!;
    const sorted = (await runCommand(['sales-replay', ...args, '--keep-time'])).sink.saleEvents;
    const asWritten = (await runCommand(['sales-replay', ...args, '--keep-time', '--order', 'file'])).sink.saleEvents;
    const fileOrder = (await sql<{ id: string }>(`SELECT "Row ID" AS id FROM ${FILE_SQL(UNSORTED)}`)).map((r) => r.id);
    expect(asWritten.map((s) => s.lineId)).toEqual(fileOrder);
    expect([...asWritten].sort((a, b) => a.ts - b.ts || Number(a.lineId) - Number(b.lineId))).toEqual(sorted);
    const rebased = (await runCommand(['sales-replay', ...args, '--order', 'file'])).sink.saleEvents;
    expect(rebased.map((s) => s.lineId)).toEqual(fileOrder);
    expect(rebased.map((s) => s.ts - rebased[0]!.ts)).toEqual(asWritten.map((s) => s.ts - asWritten[0]!.ts));
  });

  it('revenue by category and by city equals a SQL GROUP BY over the file, to the cent', async () => {
    const args = (await proposal(UNSORTED)).args[0]!;
    const sales = (await runCommand(['sales-replay', ...args])).sink.saleEvents;
    const sum = (key: (s: (typeof sales)[number]) => string) => {
      const m: Record<string, string> = {};
      const cents: Record<string, number> = {};
      for (const s of sales) cents[`${key(s)}|${s.currency}`] = (cents[`${key(s)}|${s.currency}`] ?? 0) + Math.round(s.amount * 100);
      for (const [k, c] of Object.entries(cents)) m[k] = (c / 100).toFixed(2);
      return m;
    };
    const expected = async (col: string) => Object.fromEntries(
      (await sql<{ k: string; total: string }>(`SELECT coalesce(nullif(trim("${col}"), ''), 'unknown') || '|' || coalesce(nullif(trim("Currency"), ''), 'EUR') AS k, CAST(sum(amount) AS VARCHAR) AS total FROM ${FILE_SQL(UNSORTED)} GROUP BY k`))
        .map((r) => [r.k, Number(r.total).toFixed(2)]),
    );
    expect(sum((s) => s.category)).toEqual(await expected('Category'));
    expect(sum((s) => s.city)).toEqual(await expected('City'));
  });

  it('rebases onto now by default: at max speed the last event is now and the spacing is kept', async () => {
    const args = (await proposal(UNSORTED)).args[0]!;
    const kept = (await runCommand(['sales-replay', ...args, '--keep-time'])).sink.saleEvents.map((s) => s.ts);
    const before = Date.now();
    const rebased = (await runCommand(['sales-replay', ...args])).sink.saleEvents.map((s) => s.ts);
    const after = Date.now();
    expect(rebased.at(-1)).toBeGreaterThanOrEqual(before);
    expect(rebased.at(-1)).toBeLessThanOrEqual(after);
    expect(rebased.map((t) => t - rebased[0]!)).toEqual(kept.map((t) => t - kept[0]!));
  });

  it('paced (--speed), the first event is now and every gap is the gap in the file divided by the speed', async () => {
    const args = (await proposal(UNSORTED)).args[0]!;
    const kept = (await runCommand(['sales-replay', ...args, '--keep-time'])).sink.saleEvents.map((s) => s.ts);
    const before = Date.now();
    const paced = (await runCommand(['sales-replay', ...args, '--speed', '2000000'])).sink.saleEvents.map((s) => s.ts);
    expect(paced[0]).toBeGreaterThanOrEqual(before);
    paced.forEach((t, i) => expect(Math.abs(t - paced[0]! - (kept[i]! - kept[0]!) / 2_000_000)).toBeLessThanOrEqual(1));
  }, 60_000);
});
