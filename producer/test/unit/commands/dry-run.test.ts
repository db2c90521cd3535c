import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'dry-run-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** The producer as a user runs it, with no Kafka settings at all. */
const producer = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });

// Each run starts node + tsx (a second or more on a busy machine).
describe('replay --dry-run: the whole file read, nothing sent, no Kafka', { timeout: 120_000 }, () => {
  it('sales-replay: bad rows by line and column with counts per reason; exit 0 when some rows would be sent', () => {
    const path = file('orders.csv', [
      'order_id;order_date;product;quantity;amount;currency',
      'A1;2024-03-01;Lampe;1;1 249,50;EUR',
      'A2;2024-03-02;Vase;deux;12,00;EUR',
      'A3;2024-02-30;Bougie;1;5,00;EUR',
      'A4;2024-03-04;Tasse;2;$7,00;EUR',
      'A5;2024-03-05;Bol;1;3,50;EUR',
    ].join('\n'));
    const r = producer(['sales-replay', '--file', path, '--decimal', ',', '--amount-column', 'amount', '--dry-run']);
    expect(r.stdout).toBe([
      `dry run of sales-replay on ${path}: nothing sent`,
      'rows:           5',
      'would send:     2',
      'dead-lettered:  3 (bad_number 1, bad_date 1, invalid_value 1)',
      '  line 3: bad_number: column 4 "quantity": "deux" is not a number (decimal mark ",")',
      '  line 4: bad_date: column 2 "order_date": "2024-02-30" is not a date in format auto',
      '  line 5: invalid_value: column 5 "amount" "$7,00" is in USD, but column "currency" says "EUR"',
      '',
    ].join('\n'));
    expect(r.status).toBe(0);
  });

  it('sales-replay: lines repeating an earlier (order id, line id) are counted, since the processor keeps one of them', () => {
    // An export with several lines per order and no line column: every line after the first is a "duplicate" downstream.
    const path = file('lines.csv', ['InvoiceNo,InvoiceDate,Description,Quantity,UnitPrice', 'I1,2024-03-01,Lampe,1,10', 'I1,2024-03-01,Vase,2,5', 'I1,2024-03-01,Bol,1,3', 'I2,2024-03-02,Tasse,1,4'].join('\n'));
    const args = ['sales-replay', '--file', path, '--order-id-column', 'InvoiceNo', '--time-column', 'InvoiceDate', '--quantity-column', 'Quantity', '--unit-price-column', 'UnitPrice', '--currency', 'EUR', '--dry-run'];
    const r = producer(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('would send:     4\ndead-lettered:  0\n');
    expect(r.stdout).toContain("repeated lines: 2 rows repeat an earlier row's order id and line id (e.g. order I1): the processor counts each line once and dead-letters the rest as duplicate; give the file's line column with --line-id-column\n");
    const withLines = producer([...args, '--line-id-column', 'Description']);
    expect(withLines.status).toBe(0);
    expect(withLines.stdout).not.toContain('repeated lines');
  });

  it('a large file: a progress line on stderr every 100,000 rows', () => {
    const rows = Array.from({ length: 250_000 }, (_, i) => `2024-03-01T00:00:${String(i % 60).padStart(2, '0')}Z,${(i % 90) + 10}.25`);
    const path = file('large.csv', `Date,Close\n${rows.join('\n')}\n`);
    const r = producer(['replay', '--file', path, '--symbol', 'AAPL', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rows:           250000\nwould send:     250000\n');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('dry run:'));
    expect(lines.map((l) => l.replace(/ \(.*\)/, ''))).toEqual(['dry run: 100,000 rows, 0 dead-lettered so far', 'dry run: 200,000 rows, 0 dead-lettered so far']);
    expect(lines[0]).toMatch(/^dry run: 100,000 rows \([\d,]+ of [\d,]+ bytes read\), 0 dead-lettered so far$/);
  });

  it('replay: every row bad is exit 65; a header without the mapped column is a usage error (exit 2)', () => {
    const path = file('prices.csv', 'Date,Close\n2024-03-01,n/a\n2024-03-02,-\n');
    const r = producer(['replay', '--file', path, '--symbol', 'AAPL', '--dry-run']);
    expect(r.stdout).toContain('would send:     0\ndead-lettered:  2 (bad_number 2)\n  line 2: bad_number: column 2 "Close": "n/a" is not a number (decimal mark ".")\n');
    expect(r.stdout).toContain('no row would be sent (exit 65)');
    expect(r.status).toBe(65);
    const noColumn = producer(['replay', '--file', path, '--symbol', 'AAPL', '--price-column', 'Last', '--dry-run']);
    expect(noColumn.stderr).toContain(`tickflow-producer: ${path}: column "Last" (--price-column) is not in the header; the header has "Date", "Close" (delimiter ",")`);
    expect(noColumn.status).toBe(2);
  });
});
