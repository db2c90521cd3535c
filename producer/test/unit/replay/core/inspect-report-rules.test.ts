import { describe, expect, it } from 'vitest';
import { propose, renderReport, type InspectFacts } from '../../../../src/replay/core/inspect-report.js';

type Column = InspectFacts['columns'][number];
const column = (name: string, over: Partial<Column> = {}): Column => ({ name, empty: 0, nonEmpty: 8, distinct: 8, top: [], ...over });

/** A semicolon file with decimal commas, order lines, a currency column with gaps, unsorted dates. */
const sales = (): InspectFacts => ({
  file: 'my orders.csv', delimiter: ';', decimal: ',', decimalVotes: { '.': 1, ',': 7 }, rows: 8,
  unreadable: [{ line: 5, error: 'Invalid Closing Quote' }, { line: 9, error: 'x' }],
  columns: [
    column('Order', { distinct: 5 }), column('Line', { distinct: 3 }), column("Client's ID", { empty: 1, nonEmpty: 7, distinct: 4 }),
    column('Date'), column('Qty', { distinct: 3 }), column('Total'), column('Unit Price'),
    column('Devise', { empty: 2, nonEmpty: 6, distinct: 2, top: [['USD', 2], ['CHF', 4]] }),
  ],
  roles: { orderId: 'Order', lineId: 'Line', customerId: "Client's ID", ts: 'Date', quantity: 'Qty', amount: 'Total', unitPrice: 'Unit Price', currency: 'Devise' },
  date: { column: 'Date', verdict: { format: 'D/M/YYYY' }, first: Date.UTC(2026, 0, 2, 3, 4, 5), last: Date.UTC(2026, 1, 3, 4, 5, 6, 700), sorted: false, bad: 2 },
});

const DEFAULTS_NOTES = ['category', 'product', 'city', 'country', 'payment method', 'segment'].map((c) => `no ${c} column: the documented default is used`);

describe('inspect proposal rules', () => {
  it('sales with amounts: unit price left out (derived from total / quantity), order lines deduplicated, the most common currency fills gaps', () => {
    const p = propose(sales());
    expect(p).toEqual({
      command: 'sales-replay',
      args: [['--file', 'my orders.csv', '--delimiter', ';', '--decimal', ',', '--date-format', 'D/M/YYYY', '--order-id-column', 'Order', '--line-id-column', 'Line', '--customer-id-column', "Client's ID", '--time-column', 'Date', '--quantity-column', 'Qty', '--amount-column', 'Total', '--currency-column', 'Devise', '--currency', 'CHF']],
      notes: [
        'prices: line totals in column "Total", unit price = total / "Qty"',
        'several lines per order: deduplicated by ("Order", "Line"), orders counted once',
        '2 rows have no currency: they get --currency CHF (the most common); change it if wrong',
        ...DEFAULTS_NOTES,
      ],
    });
  });

  it('sales priced by unit price: every recognised column mapped, no price note; a full currency column needs no fallback', () => {
    const f = sales();
    delete f.roles.amount;
    delete f.roles.lineId;
    Object.assign(f.roles, { category: 'Cat', product: 'Prod', city: 'City', country: 'Country', paymentMethod: 'Pay', segment: 'Seg' });
    f.columns = f.columns.filter((c) => c.name !== 'Line').map((c) => (c.name === 'Devise' ? { ...c, empty: 0 } : c));
    f.columns[0] = column('Order', { distinct: 'many' }); // too many to count: no repeat note
    const p = propose(f);
    expect(p.args[0]?.slice(8)).toEqual(['--order-id-column', 'Order', '--customer-id-column', "Client's ID", '--time-column', 'Date', '--category-column', 'Cat', '--product-column', 'Prod', '--quantity-column', 'Qty', '--unit-price-column', 'Unit Price', '--currency-column', 'Devise', '--city-column', 'City', '--country-column', 'Country', '--payment-method-column', 'Pay', '--segment-column', 'Seg']);
    expect(p.notes).toEqual([]);
  });

  it('amounts without a quantity column; repeated order ids without a line id; a currency column with no values: --currency is left to the user', () => {
    const f = sales();
    delete f.roles.quantity;
    delete f.roles.lineId;
    delete f.roles.customerId;
    f.columns = f.columns.map((c) => (c.name === 'Devise' ? { ...c, empty: 8, nonEmpty: 0, top: [] } : c));
    const p = propose(f);
    expect(p.args[0]).not.toContain('--currency');
    expect(p.missing).toEqual(['--currency']);
    expect(p.args[0]).not.toContain('--unit-price-column');
    expect(p.notes.slice(0, 3)).toEqual([
      'prices: line totals in column "Total"',
      'order ids repeat (several lines per order) but no line id column was recognised: add --line-id-column, or repeated lines are dead-lettered as duplicates',
      'NO CURRENCY: no currency column and no currency sign on the amounts: add --currency and the ISO code (e.g. --currency EUR) to the command below',
    ]);
    expect(p.notes.slice(3)).toEqual(['no customer id column: the documented default is used', 'category', 'product', 'quantity', 'city', 'country', 'payment method', 'segment'].map((c, i) => (i === 0 ? c : `no ${c} column: the documented default is used`)));
  });

  it('repeats are read from the order id column, wherever it is; an order id column without facts gives no note', () => {
    const f = sales();
    delete f.roles.lineId;
    f.columns = [column('Note', { distinct: 1 }), ...f.columns.slice(1), column('Order', { distinct: 8 })];
    expect(propose(f).notes.join('\n')).not.toContain('repeat');
    f.columns = f.columns.filter((c) => c.name !== 'Order');
    expect(propose(f).notes.join('\n')).not.toContain('repeat');
  });

  it('order ids all distinct: no repeat note, with or without a line id column', () => {
    for (const lineId of ['Line', undefined]) {
      const f = sales();
      f.columns[0] = column('Order', { distinct: 8, nonEmpty: 8 });
      if (lineId === undefined) delete f.roles.lineId;
      expect(propose(f).notes.join('\n')).not.toMatch(/repeat|several lines/);
    }
  });

  it('a sales file needs an order id and an amount or unit price; otherwise a price column makes it a price file', () => {
    const both = sales();
    both.roles.price = 'Total';
    expect(propose(both).command).toBe('sales-replay');
    const noAmount: InspectFacts = { ...sales(), roles: { orderId: 'Order', ts: 'Date', price: 'Close' } };
    expect(propose(noAmount).command).toBe('replay');
    const unitOnly: InspectFacts = { ...sales(), roles: { orderId: 'Order', ts: 'Date', unitPrice: 'Unit Price' } };
    expect(propose(unitOnly).command).toBe('sales-replay');
    const noOrder: InspectFacts = { ...sales(), roles: { ts: 'Date', amount: 'Total' } };
    expect(propose(noOrder)).toEqual({
      command: undefined,
      args: [],
      notes: [
        'neither an order id with an amount/unit price, nor a price column: not a sales or price file this tool recognises',
        'column "Order": looks like orderId', 'column "Line": name not recognised as any role', 'column "Client\'s ID": name not recognised as any role', 'column "Qty": looks like quantity, but only 0% of its values are numbers',
        'column "Unit Price": looks like unitPrice, but only 0% of its values are numbers', 'column "Devise": looks like currency',
      ],
    });
  });

  it('no time column: nothing to propose', () => {
    const p = propose({ ...sales(), roles: { orderId: 'Order', amount: 'Total' } });
    expect(p).toMatchObject({ command: undefined, args: [] });
    expect(p.notes.slice(0, 4)).toEqual(['no date/time column found: name it with --time-column', 'column "Line": name not recognised as any role', 'column "Client\'s ID": name not recognised as any role', 'column "Date": looks like ts, but only 0% of its values are dates in one format']);
  });

  it('a time column that is not dates: nothing to propose; no verdict: --date-format auto', () => {
    const f = sales();
    f.date = { column: 'Date', verdict: { notDates: true }, bad: 3 };
    expect(propose(f)).toEqual({ command: undefined, args: [], notes: ['column "Date" mixes date formats or holds non-dates'] });
    delete f.date;
    expect(propose(f).args[0]?.slice(6, 8)).toEqual(['--date-format', 'auto']);
  });

  it('price files: symbol from a column, from the price column prefix, or a placeholder; volume when found', () => {
    const quotes = (roles: InspectFacts['roles']): InspectFacts => ({ ...sales(), delimiter: '\t', decimal: '.', decimalVotes: { '.': 0, ',': 0 }, roles, date: { column: 'Date', verdict: { format: 'iso' }, bad: 0 } });
    expect(propose(quotes({ ts: 'Date', price: 'Close', symbol: 'Ticker', volume: 'Volume' }))).toEqual({
      command: 'replay',
      args: [['--file', 'my orders.csv', '--delimiter', 'tab', '--decimal', '.', '--date-format', 'iso', '--time-column', 'Date', '--price-column', 'Close', '--symbol-column', 'Ticker', '--volume-column', 'Volume']],
      notes: ['no decimals seen: --decimal . assumed'],
    });
    const prefixed = propose(quotes({ ts: 'Date', price: 'BRK-B.Close' }));
    expect(prefixed.args[0]?.slice(-2)).toEqual(['--symbol', 'BRK-B']);
    expect(prefixed.notes[0]).toBe('symbol BRK-B taken from the price column\'s name "BRK-B.Close"');
    // Only one dot, a symbol's characters before it.
    for (const price of ['quote.last.close', 'Adj Close', 'x y.Close', '.Close']) {
      const p = propose(quotes({ ts: 'Date', price }));
      expect(p.args[0]?.slice(-2), price).toEqual(['--symbol', 'SYMBOL']);
      expect(p.notes[0]).toBe('NO SYMBOL COLUMN: replace SYMBOL with the instrument of this file');
    }
    expect(propose(quotes({ ts: 'Date', price: '^GSPC.Close' })).args[0]?.slice(-2)).toEqual(['--symbol', '^GSPC']);
  });

  it('decimal votes: the assumption note only when neither mark was seen', () => {
    for (const votes of [{ '.': 1, ',': 0 }, { '.': 0, ',': 1 }]) {
      expect(propose({ ...sales(), decimalVotes: votes }).notes.join('\n'), JSON.stringify(votes)).not.toContain('no decimals seen');
    }
    expect(propose({ ...sales(), decimalVotes: { '.': 0, ',': 0 } }).notes.at(-1)).toBe('no decimals seen: --decimal . assumed');
  });

  it('JSONL: --format jsonl instead of delimiter and decimal, and no decimal note', () => {
    const p = propose({ ...sales(), format: 'jsonl', decimalVotes: { '.': 0, ',': 0 } });
    expect(p.args[0]?.slice(0, 6)).toEqual(['--file', 'my orders.csv', '--format', 'jsonl', '--date-format', 'D/M/YYYY']);
    expect(p.notes.join('\n')).not.toContain('no decimals seen');
  });
});

describe('inspect report text', () => {
  it('dialect, unreadable rows, time span, sortedness, roles and empties, notes, the quoted command', () => {
    const f = sales();
    expect(renderReport(f, propose(f))).toBe(`file:       my orders.csv
delimiter:  ";"   decimal mark: "," (votes: , 7 / . 1)
rows:       8 (2 unreadable, first at line 5: Invalid Closing Quote)
time:       column "Date", format D/M/YYYY
span:       2026-01-02T03:04:05Z .. 2026-02-03T04:05:06.700Z (UTC wall times), 2 unparsable
sorted:     NO: rows are not in time order (replay sorts them: --order time, the default)
columns:
  Order                    orderId
  Line                     lineId
  Client's ID              customerId     1 empty
  Date                     ts
  Qty                      quantity
  Total                    amount
  Unit Price               unitPrice
  Devise                   currency       2 empty
note:       prices: line totals in column "Total", unit price = total / "Qty"
note:       several lines per order: deduplicated by ("Order", "Line"), orders counted once
note:       2 rows have no currency: they get --currency CHF (the most common); change it if wrong
${DEFAULTS_NOTES.map((n) => `note:       ${n}`).join('\n')}

replay with:
  npm run producer -- sales-replay --file 'my orders.csv' --delimiter ';' --decimal , --date-format D/M/YYYY --order-id-column Order --line-id-column Line --customer-id-column 'Client'\\''s ID' --time-column Date --quantity-column Qty --amount-column Total --currency-column Devise --currency CHF
`);
  });

  it('JSONL, sorted, no unparsable or unreadable rows, unknown span end, ambiguous dates: one command per reading', () => {
    const f: InspectFacts = {
      file: 'q.jsonl', format: 'jsonl', delimiter: ',', decimal: '.', decimalVotes: { '.': 0, ',': 0 }, rows: 2, unreadable: [],
      columns: [column('t'), column('quote.close'), column('extra', { empty: 0 })],
      roles: { ts: 't', price: 'quote.close' },
      date: { column: 't', verdict: { ambiguous: 'all dates have day and month <= 12' }, first: 0, sorted: true, bad: 0 },
    };
    expect(renderReport(f, propose(f))).toBe(`file:       q.jsonl
format:     JSONL (one object per line; nested fields as dotted paths)
rows:       2
time:       column "t", format AMBIGUOUS (all dates have day and month <= 12)
span:       1970-01-01T00:00:00Z .. ? (UTC wall times)
sorted:     yes, in time order
columns:
  t                        ts
  quote.close              price
  extra                    -
note:       symbol quote taken from the price column's name "quote.close"
note:       AMBIGUOUS DATES in "t": all dates have day and month <= 12; pick the command for your file

replay with:
  npm run producer -- replay --file q.jsonl --format jsonl --date-format D/M/YYYY --time-column t --price-column quote.close --symbol quote

replay with:
  npm run producer -- replay --file q.jsonl --format jsonl --date-format M/D/YYYY --time-column t --price-column quote.close --symbol quote
`);
  });

  it('no time facts at all: no time, span or sorted lines', () => {
    const f: InspectFacts = { ...sales(), unreadable: [] };
    delete f.date;
    expect(renderReport(f, propose(f)).split('\n').slice(2, 4)).toEqual(['rows:       8', 'columns:']);
  });

  it('no span or sortedness when unknown, "not dates", and no command line without a command', () => {
    const f: InspectFacts = { ...sales(), unreadable: [], date: { column: 'Date', verdict: { notDates: true }, bad: 0 } };
    const text = renderReport(f, propose(f));
    expect(text.split('\n').slice(2, 5)).toEqual(['rows:       8', 'time:       column "Date", format not dates', 'columns:']);
    expect(text).not.toContain('replay with:');
    expect(text.trimEnd().split('\n').at(-1)).toBe('note:       column "Date" mixes date formats or holds non-dates');
  });
});
