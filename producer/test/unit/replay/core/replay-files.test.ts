import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/commands/usage-error.js';
import { MemorySink } from '../../../support/memory-sink.js';
import { runCommand } from '../../../support/run-command.js';

const ROOT = resolve(import.meta.dirname, '../../../../..');
const AAPL = resolve(ROOT, 'datasets/aapl-daily-2015-2017.csv');
const FIXTURES = resolve(ROOT, 'producer/test/fixtures/replay');
const iso = (s: string): number => Date.parse(s);

/** Runs a producer command in-process against a MemorySink; returns the sink, logs and the replay summary. */
async function run(argv: string[], sink = new MemorySink(), abort = new AbortController()) {
  // These tests check the file's own times; rebasing has its own tests.
  const args = argv.includes('--rebase') ? argv.filter((a) => a !== '--rebase') : [...argv, '--keep-time'];
  return runCommand(args, sink, abort);
}

const rejections = (sink: MemorySink) =>
  sink.deadLetters.map(({ topic, record }) => ({ topic, line: record.source.line, dlq: record.reason, reason: record.error.split(':')[0] }));

describe('replay of the AAPL daily file', () => {
  it('sends one quote per row, in file order, with exact values and timestamps', async () => {
    const { sink, summary } = await run(['replay', '--file', AAPL, '--symbol', 'AAPL', '--time-column', 'Date', '--price-column', 'AAPL.Close', '--date-format', 'YYYY/M/D']);
    const quotes = sink.quoteEvents;
    expect(quotes).toHaveLength(506);
    // The bar comes from AAPL.Open/High/Low, the columns beside AAPL.Close.
    expect(quotes[0]).toEqual({ v: 1, symbol: 'AAPL', ts: iso('2015-02-17T00:00:00Z'), open: 127.489998, high: 128.880005, low: 126.919998, price: 127.830002, volume: 0, source: 'replay' });
    expect(quotes.at(-1)).toMatchObject({ v: 1, symbol: 'AAPL', ts: iso('2017-02-16T00:00:00Z'), price: 135.350006, volume: 0, source: 'replay' });
    // Independent check: every bar and close, in order, as a naive split of the file reads it.
    const rows = readFileSync(AAPL, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(quotes.map((q) => [q.open, q.high, q.low, q.price])).toEqual(rows.map((r) => r.slice(1, 5)));
    expect(quotes.every((q, i) => i === 0 || q.ts > quotes[i - 1]!.ts)).toBe(true);
    expect(sink.deadLetters).toHaveLength(0);
    expect(summary).toMatchObject({ rows: 506, sent: 506, deadLettered: 0, aborted: false, sortedInFile: true });
  });

  it('auto-detects the date format and sends in batches of --batch-max-count', async () => {
    const { sink } = await run(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Open', '--batch-max-count', '100']);
    expect(sink.quoteEvents).toHaveLength(506);
    expect(sink.quoteEvents[0]?.price).toBe(127.489998);
    expect(sink.sends).toEqual([100, 100, 100, 100, 100, 6]);
  });
});

describe('replay: the bar (open, high, low) beside the close', () => {
  const write = (text: string) => {
    const f = join(mkdtempSync(join(tmpdir(), 'bars-')), 'bars.csv');
    writeFileSync(f, text);
    return f;
  };

  it('named by flags; a row missing one of them is a close-only quote; a bar out of order is dead-lettered', async () => {
    const file = write('t,o,h,l,c\n2020-01-01,10,12,9,11\n2020-01-02,11,,10,10.5\n2020-01-03,10,10.2,10.1,10.5\n');
    const { sink } = await run(['replay', '--file', file, '--symbol', 'X', '--time-column', 't', '--price-column', 'c', '--open-column', 'o', '--high-column', 'h', '--low-column', 'l']);
    expect(sink.quoteEvents).toEqual([
      { v: 1, symbol: 'X', ts: iso('2020-01-01T00:00:00Z'), open: 10, high: 12, low: 9, price: 11, volume: 0, source: 'replay' },
      { v: 1, symbol: 'X', ts: iso('2020-01-02T00:00:00Z'), price: 10.5, volume: 0, source: 'replay' },
    ]);
    expect(rejections(sink)).toEqual([{ topic: expect.any(String), line: 4, dlq: 'invalid_value', reason: 'invalid_value' }]);
    expect(sink.deadLetters[0]?.record.error).toContain('bar out of order');
  });

  it('a file without bar columns gives close-only quotes; giving one bar flag alone is a usage error', async () => {
    const file = write('Date,Close\n2020-01-01,11\n');
    const { sink } = await run(['replay', '--file', file, '--symbol', 'X']);
    expect(sink.quoteEvents).toEqual([{ v: 1, symbol: 'X', ts: iso('2020-01-01T00:00:00Z'), price: 11, volume: 0, source: 'replay' }]);
    await expect(run(['replay', '--file', file, '--symbol', 'X', '--open-column', 'o'])).rejects.toThrow(UsageError);
  });
});

describe('replay pacing and stopping', () => {
  const args = ['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close'];

  it('paced: two years of days in about half a second, every quote in order', async () => {
    const speed = String(Math.round((730 * 86_400_000) / 500));
    const { sink, summary } = await run([...args, '--speed', speed]);
    expect(sink.quoteEvents.map((q) => q.ts)).toEqual([...sink.quoteEvents.map((q) => q.ts)].sort((a, b) => a - b));
    expect(summary).toMatchObject({ rows: 506, sent: 506 });
    // Paced sends go out when due, not in full batches.
    expect(sink.sends.length).toBeGreaterThan(6);
  });

  it('stops on abort, flushing what it had taken from the source', async () => {
    const abort = new AbortController();
    const sink = new (class extends MemorySink {
      override async send(records: Parameters<MemorySink['send']>[0]): Promise<void> {
        await super.send(records);
        abort.abort();
      }
    })();
    const { summary } = await run([...args, '--batch-max-count', '50'], sink, abort);
    expect(summary).toMatchObject({ aborted: true, sent: 50, deadLettered: 0 });
    expect(sink.quoteEvents).toHaveLength(50);
  });
});

describe('replay of other file shapes', () => {
  it('reads ; delimiters, decimal commas, DD.MM.YYYY dates in a zone and other column names', async () => {
    const { sink, summary } = await run([
      'replay', '--file', join(FIXTURES, 'eu-prices.csv'), '--symbol-column', 'Symbole', '--time-column', 'Datum',
      '--price-column', 'Schlusskurs', '--volume-column', 'Volumen', '--decimal', ',', '--date-format', 'DD.MM.YYYY',
      '--timezone', 'Europe/Berlin', '--currency', 'eur',
    ]);
    const q = (symbol: string, at: string, price: number, volume: number) => ({ v: 1, symbol, ts: iso(at), price, volume, currency: 'EUR', source: 'replay' });
    expect(sink.quoteEvents).toEqual([
      q('SAP.DE', '2024-01-02T08:00:00Z', 140.12, 1234567),
      q('SAP.DE', '2024-01-02T16:30:00Z', 141.06, 987654.5),
      q('SIE.DE', '2024-01-02T23:00:00Z', 1702.25, 12345),
      q('SAP.DE', '2024-01-04T08:00:30Z', 139.9, 0),
    ]);
    expect(summary).toMatchObject({ rows: 4, sent: 4, deadLettered: 0 });
  });

  it('dead-letters malformed lines with their reason and line number; rows in = sent + dead-lettered', async () => {
    const file = join(FIXTURES, 'malformed.csv');
    const { sink, summary, counters } = await run([
      'replay', '--file', file, '--symbol-column', 'symbol', '--time-column', 'date', '--price-column', 'price, close', '--volume-column', 'volume', '--date-format', 'iso',
    ]);
    expect(sink.quoteEvents).toEqual([
      { v: 1, symbol: 'MSFT', ts: iso('2024-03-01T14:30:00Z'), price: 415.5, volume: 1200, source: 'replay' },
      { v: 1, symbol: 'MSFT', ts: iso('2024-03-01T14:39:00Z'), price: 1416.75, volume: 7, source: 'replay' },
    ]);
    expect(rejections(sink)).toEqual([
      { topic: 'q', line: 3, dlq: 'parse_error', reason: 'bad_number' },
      { topic: 'q', line: 4, dlq: 'parse_error', reason: 'bad_date' },
      { topic: 'q', line: 6, dlq: 'parse_error', reason: 'missing_column' },
      { topic: 'q', line: 7, dlq: 'parse_error', reason: 'extra_columns' },
      // The quote left open on line 8 runs into line 9, as a multi-line field would: one dead letter.
      { topic: 'q', line: 8, dlq: 'parse_error', reason: 'bad_quotes' },
      { topic: 'q', line: 10, dlq: 'invalid_value', reason: 'invalid_value' },
      { topic: 'q', line: 11, dlq: 'parse_error', reason: 'empty_value' },
      { topic: 'q', line: 14, dlq: 'parse_error', reason: 'bad_date' },
    ]);
    const first = sink.deadLetters[0]!.record;
    expect(Buffer.from(first.originalBase64, 'base64').toString()).toBe('2024-03-01T14:31:00Z,MSFT,"4,16.0",100');
    expect(first.source.file).toBe(file);
    expect(first.error).toContain('"4,16.0" is not a number');
    expect(sink.deadLetters[2]!.record.error).toContain('line 6: column 3 "price, close" is missing (row has 2 of 4 fields)');
    const quote = sink.deadLetters.find((d) => d.record.source.line === 8)!.record.error;
    expect(quote).toMatch(/^bad_quotes: line 8: Invalid Closing Quote: .* \(field 2\)$/);
    expect(summary).toMatchObject({ rows: 10, sent: 2, deadLettered: 8 });
    expect(summary.byReason).toEqual({ bad_number: 1, bad_date: 2, missing_column: 1, extra_columns: 1, bad_quotes: 1, invalid_value: 1, empty_value: 1 });
    expect(summary.rows).toBe(summary.sent + summary.deadLettered);
    expect(counters.get('rows_read')).toBe(10);
    expect(counters.get('rejected_bad_date')).toBe(2);
  });

  it('replays JSONL with nested fields, epoch seconds and dead-lettered non-objects', async () => {
    const { sink, summary } = await run([
      'replay', '--file', join(FIXTURES, 'quotes.jsonl'), '--symbol-column', 'symbol', '--time-column', 't',
      '--price-column', 'quote.price', '--volume-column', 'quote.volume', '--date-format', 'epoch-s',
    ]);
    expect(sink.quoteEvents.map((q) => [q.symbol, q.ts, q.price, q.volume])).toEqual([
      ['BTC-USD', 1704067200000, 42150.5, 3.5],
      ['BTC-USD', 1704067260000, 42160.25, 1],
      ['ETH-USD', 1704067380000, 2300, 0],
    ]);
    expect(rejections(sink)).toEqual([
      { topic: 'q', line: 3, dlq: 'not_json', reason: 'not_json' },
      { topic: 'q', line: 4, dlq: 'parse_error', reason: 'missing_column' },
      { topic: 'q', line: 6, dlq: 'not_json', reason: 'not_json' },
    ]);
    expect(summary).toMatchObject({ rows: 6, sent: 3, deadLettered: 3 });
  });

  it('streams a large generated file: every row accounted for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'big.csv');
    const rows = ['ts|sym|px'];
    for (let i = 0; i < 50_000; i++) rows.push(i % 1000 === 999 ? `${1_700_000_000_000 + i}|X|oops` : `${1_700_000_000_000 + i}|X|${(100 + i / 1000).toFixed(3)}`);
    writeFileSync(file, rows.join('\n'));
    const { sink, summary } = await run(['replay', '--file', file, '--symbol-column', 'sym', '--time-column', 'ts', '--price-column', 'px', '--date-format', 'epoch-ms']);
    expect(summary).toMatchObject({ rows: 50_000, sent: 49_950, deadLettered: 50 });
    expect(sink.quoteEvents.at(-1)).toMatchObject({ ts: 1_700_000_049_998, price: 149.998 });
  }, 60_000); // a 2-core machine shared with other work: room, not a speed check
});

describe('replay flags', () => {
  const bad = async (argv: string[]): Promise<string> => {
    const err = await run(argv).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  };

  // Bad values of single flags are the parser's: test/unit/replay/replay-flags.test.ts.
  it('rejects a wrong mapping, a missing file or a header without the column with a clear message', async () => {
    expect(await bad(['replay', '--file', AAPL])).toContain('exactly one of --symbol or --symbol-column');
    expect(await bad(['replay', '--file', AAPL, '--symbol', 'AAPL'])).toMatch(/column "Close" \(--price-column\) is not in the header; the header has "Date", "AAPL.Open"/);
    expect(await bad(['replay', '--file', 'nope.csv', '--symbol', 'AAPL'])).toBe('--file nope.csv: no such file');
  });
});

describe('sales-replay', () => {
  it('maps French column names, decimal commas and D/M/YYYY dates; dead-letters bad rows to the sales DLQ', async () => {
    const { sink, summary } = await run([
      'sales-replay', '--file', join(FIXTURES, 'sales-eu.csv'), '--decimal', ',', '--date-format', 'D/M/YYYY', '--timezone', 'Europe/Paris',
      '--order-id-column', 'Commande', '--customer-id-column', 'Client', '--time-column', 'Date', '--category-column', 'Catégorie',
      '--product-column', 'Article', '--quantity-column', 'Qté', '--unit-price-column', 'Prix unitaire', '--currency-column', 'Devise',
      '--city-column', 'Ville', '--country-column', 'Pays', '--payment-method-column', 'Paiement', '--segment-column', 'Segment',
    ]);
    expect(sink.saleEvents).toEqual([
      { v: 1, orderId: 'F-1001', customerId: 'C-17', segment: 'consumer', ts: iso('2024-03-15T09:05:00Z'), category: 'Électronique', product: 'Casque audio', quantity: 1, unitPrice: 149.9, amount: 149.9, currency: 'EUR', city: 'Paris', country: 'FR', paymentMethod: 'carte_bancaire' },
      { v: 1, orderId: 'F-1002', customerId: 'C-42', segment: 'business', ts: iso('2024-03-15T09:07:00Z'), category: 'Maison', product: 'Lampe; laiton', quantity: 2, unitPrice: 1249, amount: 2498, currency: 'EUR', city: 'Lyon', country: 'FR', paymentMethod: 'paypal' },
      { v: 1, orderId: 'F-1006', customerId: 'C-23', segment: 'business', ts: iso('2024-03-15T10:25:00Z'), category: 'Livres', product: 'Essai', quantity: 3, unitPrice: 18, amount: 54, currency: 'EUR', city: 'Lille', country: 'FR', paymentMethod: 'virement' },
    ]);
    expect(rejections(sink)).toEqual([
      { topic: 's', line: 4, dlq: 'parse_error', reason: 'bad_number' },
      { topic: 's', line: 5, dlq: 'parse_error', reason: 'bad_date' },
      { topic: 's', line: 6, dlq: 'invalid_value', reason: 'invalid_value' },
    ]);
    expect(sink.deadLetters[2]!.record.error).toContain('currency');
    expect(summary).toMatchObject({ rows: 6, sent: 3, deadLettered: 3 });
  });

  it('takes fixed values for columns a file lacks; segment defaults to consumer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sales-'));
    const file = join(dir, 'shop.csv');
    writeFileSync(file, 'order_id,customer_id,order_date,product,quantity,unit_price\nA1,c9,2024-05-01T10:00:00Z,Mug,2,"1,005.50"\n');
    const { sink } = await run(['sales-replay', '--file', file, '--currency', 'MAD', '--city', 'Rabat', '--country', 'MA', '--payment-method', 'cash_on_delivery', '--category', 'Home']);
    expect(sink.saleEvents).toEqual([
      { v: 1, orderId: 'A1', customerId: 'c9', segment: 'consumer', ts: iso('2024-05-01T10:00:00Z'), category: 'Home', product: 'Mug', quantity: 2, unitPrice: 1005.5, amount: 2011, currency: 'MAD', city: 'Rabat', country: 'MA', paymentMethod: 'cash_on_delivery' },
    ]);
  });
});
