import { describe, expect, it } from 'vitest';
import { propose, renderReport, type InspectFacts } from '../../../../src/replay/core/inspect-report.js';

const facts = (over: Partial<InspectFacts> = {}): InspectFacts => ({
  file: 'orders.csv', delimiter: ',', decimal: '.', decimalVotes: { '.': 10, ',': 0 }, rows: 10, unreadable: [],
  columns: [
    { name: 'Order', empty: 0, nonEmpty: 10, distinct: 10, top: [] },
    { name: 'Date', empty: 0, nonEmpty: 10, distinct: 10, top: [] },
    { name: 'Total', empty: 0, nonEmpty: 10, distinct: 10, top: [] },
    { name: 'Currency', empty: 0, nonEmpty: 10, distinct: 1, top: [['USD', 10]] },
  ],
  roles: { orderId: 'Order', ts: 'Date', amount: 'Total', currency: 'Currency' },
  date: { column: 'Date', verdict: { format: 'M/D/YYYY' }, first: 0, last: 1, sorted: true, bad: 0 },
  ...over,
});

describe('inspect proposal', () => {
  it('proposes sales-replay with the detected dialect and mapping', () => {
    const p = propose(facts());
    expect(p.command).toBe('sales-replay');
    expect(p.args).toEqual([['--file', 'orders.csv', '--delimiter', ',', '--decimal', '.', '--date-format', 'M/D/YYYY', '--order-id-column', 'Order', '--time-column', 'Date', '--amount-column', 'Total', '--currency-column', 'Currency']]);
    expect(renderReport(facts(), p)).toContain("npm run producer -- sales-replay --file orders.csv --delimiter , --decimal . --date-format M/D/YYYY --order-id-column Order");
  });

  it('ambiguous dates: says so and gives one command per reading', () => {
    const p = propose(facts({ date: { column: 'Date', verdict: { ambiguous: 'all dates have day and month <= 12' }, bad: 0 } }));
    expect(p.args.map((a) => a[a.indexOf('--date-format') + 1])).toEqual(['D/M/YYYY', 'M/D/YYYY']);
    expect(p.notes.join('\n')).toContain('AMBIGUOUS DATES');
  });

  it('warns about repeated order ids without a line id; no currency column and no currency sign: --currency left for the user to add', () => {
    const f = facts();
    f.columns[0]!.distinct = 4;
    f.columns.pop();
    delete f.roles.currency;
    const p = propose(f);
    expect(p.notes.join('\n')).toMatch(/order ids repeat.*--line-id-column/);
    expect(p.notes).toContain('NO CURRENCY: no currency column and no currency sign on the amounts: add --currency and the ISO code (e.g. --currency EUR) to the command below');
    expect(p.args[0]).not.toContain('--currency');
    expect(p.missing).toEqual(['--currency']);
    expect(renderReport(f, p)).toContain('replay with (add --currency first):\n  npm run producer -- sales-replay --file orders.csv');
  });

  it('proposes replay for a price file, with a placeholder when there is no symbol column', () => {
    const p = propose(facts({ roles: { ts: 'Date', price: 'Close' } }));
    expect(p.command).toBe('replay');
    expect(p.args[0]).toEqual(expect.arrayContaining(['--price-column', 'Close', '--symbol', 'SYMBOL']));
  });
});
