import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../../src/replay/inspect.js';
import type { Proposal } from '../../../../src/replay/core/inspect-report.js';
import { runCommand } from '../../../support/run-command.js';

const ROOT = resolve(import.meta.dirname, '../../../../..');

async function inspect(file: string, json = true): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await inspectCommand.run({ file, delimiter: 'auto', json }, (s) => (out += s));
  return { code, out };
}
const proposalOf = async (file: string) => (JSON.parse((await inspect(file)).out) as { proposal: Proposal; rows: number }).proposal;

describe('inspect FILE on the repo\'s files', () => {
  it('the AAPL dataset: replay command with the symbol from the column name; it sends all 506 closes', async () => {
    const file = resolve(ROOT, 'datasets/aapl-daily-2015-2017.csv');
    const text = (await inspect(file, false)).out;
    expect(text).toContain('rows:       506');
    expect(text).toContain('span:       2015-02-17T00:00:00Z .. 2017-02-16T00:00:00Z');
    expect(text).toContain('sorted:     yes');
    const p = await proposalOf(file);
    expect(p.command).toBe('replay');
    const { sink, summary } = await runCommand(['replay', ...p.args[0]!, '--keep-time']);
    expect(summary).toMatchObject({ rows: 506, sent: 506, deadLettered: 0 });
    expect(sink.quoteEvents[0]).toMatchObject({ symbol: 'AAPL', price: 127.830002, ts: Date.UTC(2015, 1, 17) });
  });

  it('French sales and German prices: the proposed commands read them like the hand-written mappings', async () => {
    const sales = await proposalOf(resolve(ROOT, 'producer/test/fixtures/replay/sales-eu.csv'));
    expect(sales.args[0]).toEqual(expect.arrayContaining(['--delimiter', ';', '--decimal', ',', '--date-format', 'D/M/YYYY', '--category-column', 'Catégorie', '--quantity-column', 'Qté']));
    const s = await runCommand(['sales-replay', ...sales.args[0]!, '--keep-time']);
    expect(s.summary).toMatchObject({ rows: 6, sent: 3, deadLettered: 3 });
    const prices = await proposalOf(resolve(ROOT, 'producer/test/fixtures/replay/eu-prices.csv'));
    expect(prices.args[0]).toEqual(expect.arrayContaining(['--symbol-column', 'Symbole', '--price-column', 'Schlusskurs', '--date-format', 'DD.MM.YYYY']));
    const q = await runCommand(['replay', ...prices.args[0]!, '--keep-time']);
    expect(q.summary).toMatchObject({ rows: 4, sent: 4, deadLettered: 0 });
  });

  it('reports unreadable lines and unparsable dates, and exits 3 when it cannot propose a command', async () => {
    const { code, out } = await inspect(resolve(ROOT, 'producer/test/fixtures/replay/malformed.csv'), false);
    expect(out).toContain('rows:       10 (1 unreadable, first at line 8');
    expect(out).toContain('format iso');
    expect(out).toContain('2 unparsable');
    // "price, close" is not a name it knows as a price: no command rather than a wrong one.
    expect(out).toContain('not a sales or price file');
    expect(code).toBe(3);
  });

  it('a file whose day/month order the data cannot tell: reported AMBIGUOUS, one command per reading', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'inspect-')), 'orders.csv');
    writeFileSync(file, 'order_id,order_date,amount,currency\nA,3/4/2024,10.50,EUR\nB,12/11/2024 08:15,20.25,EUR\n');
    const text = (await inspect(file, false)).out;
    expect(text).toContain('format AMBIGUOUS');
    expect(text.match(/npm run producer -- sales-replay/g)).toHaveLength(2);
    const p = await proposalOf(file);
    expect(p.args.map((a) => a[a.indexOf('--date-format') + 1])).toEqual(['D/M/YYYY', 'M/D/YYYY']);
  });

  it('a JSONL file: dotted paths for nested fields, epoch times; the command reads it like the hand-written mapping', async () => {
    const file = resolve(ROOT, 'producer/test/fixtures/replay/quotes.jsonl');
    const text = (await inspect(file, false)).out;
    expect(text).toContain('rows:       6 (2 unreadable, first at line 3');
    const p = await proposalOf(file);
    expect(p.command).toBe('replay');
    expect(p.args[0]).toEqual(['--file', file, '--format', 'jsonl', '--date-format', 'auto', '--time-column', 't', '--price-column', 'quote.price', '--symbol-column', 'symbol', '--volume-column', 'quote.volume']);
    const { summary, sink } = await runCommand(['replay', ...p.args[0]!, '--keep-time']);
    expect(summary).toMatchObject({ rows: 6, sent: 3, deadLettered: 3 });
    expect(sink.quoteEvents.map((q) => q.ts)).toEqual([1704067200000, 1704067260000, 1704067380000]);
  });
});
