import { describe, expect, it } from 'vitest';
import type { DayBar, Figures, SymbolFigures } from '../../../../src/core/report/figures.js';
import { renderMarkdown } from '../../../../src/core/report/markdown.js';

const d = (day: string, close: number, ticks: number, ret: number | null, sma5: number | null = null): DayBar => ({ day, open: close - 1, high: close + 2, low: close - 3, close, volume: 100, ticks, sma5, sma20: null, ret });

// A small hand-made input: two categories, one high-ticket order, two symbols (AAA has more ticks, so it is listed first).
const f: Figures = {
  from: '2026-11-01', to: '2026-11-03', baseCurrency: 'EUR',
  sales: {
    orders: 1234, revenue: 98765.4, units: 2000, customers: 3, avgBasket: 80.5, first: '2026-11-01 08:00:00', last: '2026-11-02 21:30:00',
    byCategory: [{ name: 'toys', revenue: 60000, orders: 1000 }, { name: 'books', revenue: 38765.4, orders: 234 }],
    byCity: [{ name: 'Paris', revenue: 98765.4, orders: 1234 }],
    byCountry: [{ name: 'FR', revenue: 98765.4, orders: 1234 }],
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: hour === 7 ? 1200 : hour === 20 ? 34 : 0, revenue: 0 })), peakHour: 7,
    topCustomers: [{ name: 'c|1', revenue: 5000.5, orders: 2 }],
    topProducts: [{ name: 'Lego', category: 'toys', revenue: 4000, orders: 40, units: 1500 }],
    highTicket: { threshold: 1000, orders: 5, revenue: 9000, orderShare: 5 / 1234, revenueShare: 0.0911, largest: [{ orderId: 'o9', customerId: 'c1', amount: 2500.25, ts: '2026-11-02 10:00:00' }] },
    payments: [{ name: 'card', revenue: 90000, orders: 1000, share: 0.81037 }],
  },
  market: [
    { symbol: 'BBB', days: [{ day: '2026-11-01', open: 0, high: 1, low: -2, close: 0.5, volume: 1, ticks: 5, sma5: null, sma20: null, ret: null }, { day: '2026-11-02', open: 0.5, high: 0.5, low: 0.00001, close: 0.00001234, volume: 1, ticks: 5, sma5: null, sma20: 0.123456, ret: -0.25 }], stats: { days: 2, meanReturn: -0.25, stdReturn: null, minReturn: -0.25, maxReturn: -0.25, totalReturn: -0.5 } },
    { symbol: 'AAA', days: [d('2026-11-01', 100, 10, null), d('2026-11-02', 110.5, 20, 0.105, 105.25)], stats: { days: 2, meanReturn: 0.105, stdReturn: null, minReturn: 0.105, maxReturn: 0.105, totalReturn: 0.105 } },
  ],
  quality: { received: [{ topic: 'sales', events: 1500, duplicates: 12 }], kept: [{ topic: 'sales', events: 1488, late: 3 }], deadLetters: [] },
};

const charts = { category: 'category.png', city: 'city.png', hours: 'hours.png', payments: 'payments.png', symbols: { AAA: 'price-AAA.png', BBB: 'price-BBB.png' } };

// Hand-checked: thousands separators, 2-decimal money, shares 5/1234 = 0.41 % and 0.81037 = 81.04 %, peak hour 07 with 1,200
// orders, symbols by ticks (AAA 30, BBB 10), prices below 1 with 4 significant digits, "–" for a missing figure, "|" escaped.
const expected = `# Tickflow report: 2026-11-01 to 2026-11-03

All times UTC. Amounts in EUR (clean layer: deduplicated, converted at the archiver's rates).

## Sales

| Orders | Revenue (EUR) | Units | Customers | Average basket (EUR) | First order | Last order |
|---|---|---|---|---|---|---|
| 1,234 | 98,765.40 | 2,000 | 3 | 80.50 | 2026-11-01 08:00:00 | 2026-11-02 21:30:00 |

### Revenue by category

![Revenue by category](category.png)

| Category | Revenue (EUR) | Orders |
|---|---|---|
| toys | 60,000.00 | 1,000 |
| books | 38,765.40 | 234 |

### Revenue by city

![Revenue by city](city.png)

| City | Revenue (EUR) | Orders |
|---|---|---|
| Paris | 98,765.40 | 1,234 |

### Revenue by country

| Country | Revenue (EUR) | Orders |
|---|---|---|
| FR | 98,765.40 | 1,234 |

### Orders by hour of day

![Orders by hour](hours.png)

Peak hour: **07:00–07:59 UTC** (1,200 orders).

### Top customers

| Customer | Revenue (EUR) | Orders |
|---|---|---|
| c\\|1 | 5,000.50 | 2 |

### Top products

| Product | Category | Revenue (EUR) | Orders | Units |
|---|---|---|---|---|
| Lego | toys | 4,000.00 | 40 | 1,500 |

### High-ticket orders (≥ 1,000.00 EUR)

5 orders (0.41% of orders), 9,000.00 EUR (9.11% of revenue).

| Order | Customer | Amount (EUR) | Time |
|---|---|---|---|
| o9 | c1 | 2,500.25 | 2026-11-02 10:00:00 |

### Payment methods

![Payment methods](payments.png)

| Method | Orders | Share of orders | Revenue (EUR) |
|---|---|---|---|
| card | 1,000 | 81.04% | 90,000.00 |

## Market

2 symbols. Daily returns are close to close.

| Symbol | Days | Ticks | Last close | Mean daily return | Std dev | Worst day | Best day | Total return |
|---|---|---|---|---|---|---|---|---|
| AAA | 2 | 30 | 110.50 | 10.50% | – | 10.50% | 10.50% | 10.50% |
| BBB | 2 | 10 | 0.00001234 | -25.00% | – | -25.00% | -25.00% | -50.00% |

### BBB

![BBB daily OHLC](price-BBB.png)

| Day | Open | High | Low | Close | SMA 5 | SMA 20 | Return | Ticks |
|---|---|---|---|---|---|---|---|---|
| 2026-11-01 | 0.00 | 1.00 | -2.00 | 0.5000 | – | – | – | 5 |
| 2026-11-02 | 0.5000 | 0.5000 | 0.00001000 | 0.00001234 | – | 0.1235 | -25.00% | 5 |


### AAA

![AAA daily OHLC](price-AAA.png)

| Day | Open | High | Low | Close | SMA 5 | SMA 20 | Return | Ticks |
|---|---|---|---|---|---|---|---|---|
| 2026-11-01 | 99.00 | 102.00 | 97.00 | 100.00 | – | – | – | 10 |
| 2026-11-02 | 109.50 | 112.50 | 107.50 | 110.50 | 105.25 | – | 10.50% | 20 |


## Data quality

Received (raw layer, by date received); duplicates are repeated deliveries of one event:

| Topic | Events | Duplicates |
|---|---|---|
| sales | 1,500 | 12 |

Kept (clean layer, by event date); late = more than the allowed lateness behind the newest event:

| Topic | Events | Late |
|---|---|---|
| sales | 1,488 | 3 |

Dead letters by reason (by date dead-lettered):

None.
`;

describe('renderMarkdown', () => {
  it('writes every section, row and figure of the report', () => {
    expect(renderMarkdown(f, charts)).toBe(expected);
  });

  it('says so when there are no sales, no quotes and no dead letters', () => {
    const md = renderMarkdown({ ...f, sales: null, market: [], quality: { received: [], kept: [], deadLetters: [] } }, { symbols: {} });
    expect(md).toBe([
      '# Tickflow report: 2026-11-01 to 2026-11-03', '', "All times UTC. Amounts in EUR (clean layer: deduplicated, converted at the archiver's rates).", '',
      '## Sales', '', 'No sales in this range.', '', '## Market', '', 'No quotes in this range.', '',
      '## Data quality', '', 'Received (raw layer, by date received); duplicates are repeated deliveries of one event:', '',
      '| Topic | Events | Duplicates |', '|---|---|---|', '',
      'Kept (clean layer, by event date); late = more than the allowed lateness behind the newest event:', '',
      '| Topic | Events | Late |', '|---|---|---|', '', 'Dead letters by reason (by date dead-lettered):', '', 'None.', '',
    ].join('\n'));
  });

  it('lists dead letters by reason, leaves out charts not given, and counts 0 orders for a peak hour without data', () => {
    const sales = { ...f.sales!, byHour: [], peakHour: 23 };
    const md = renderMarkdown({ ...f, sales, quality: { ...f.quality, deadLetters: [{ topic: 'sales.dlq', reason: 'not_json', count: 1234 }, { topic: 'sales.dlq', reason: 'a|b', count: 1 }] } }, { symbols: {} });
    expect(md).toContain('Peak hour: **23:00–23:59 UTC** (0 orders).');
    expect(md).toContain('Dead letters by reason (by date dead-lettered):\n\n| Topic | Reason | Count |\n|---|---|---|\n| sales.dlq | not_json | 1,234 |\n| sales.dlq | a\\|b | 1 |\n');
    expect(md).not.toContain('![');
    expect(md).not.toContain('### AAA');
    expect(md).toContain('### Revenue by category\n\n| Category |');
    expect(md).toContain('### Orders by hour of day\n\nPeak hour');
    expect(md).toContain('### Payment methods\n\n| Method |');
  });

  it('summarises the 50 symbols with the most ticks and the last 30 days of a detailed symbol', () => {
    const sym = (i: number, days: number): SymbolFigures => ({
      symbol: `S${i}`, days: Array.from({ length: days }, (_, k) => d(`day${k + 1}`, 10 + k, i + 1, null)),
      stats: { days, meanReturn: null, stdReturn: null, minReturn: null, maxReturn: null, totalReturn: null },
    });
    const market = [...Array.from({ length: 50 }, (_, i) => sym(i, 1)), sym(50, 31)];
    const md = renderMarkdown({ ...f, market }, { symbols: { S50: 's50.png', S49: 's49.png' } });
    expect(md).toContain('51 symbols (the 50 with the most ticks below; all in report.json). Daily returns are close to close.');
    const summary = md.split('## Market')[1]!.split('\n### ')[0]!.split('\n').filter((l) => /^\| S\d/.test(l));
    expect(summary).toHaveLength(50);
    expect(summary[0]).toBe('| S50 | 31 | 1,581 | 40.00 | – | – | – | – | – |'); // 31 days x 51 ticks; last close 10 + 30
    expect(summary[1]).toBe('| S49 | 1 | 50 | 10.00 | – | – | – | – | – |');
    expect(summary.at(-1)).toBe('| S1 | 1 | 2 | 10.00 | – | – | – | – | – |'); // S0 (1 tick) is left out
    const detail = md.split('### S50\n')[1]!.split('## Data quality')[0]!;
    expect(detail.split('\n').filter((l) => l.startsWith('| day'))).toHaveLength(30);
    expect(detail).toContain('| day2 | 10.00 | 13.00 | 8.00 | 11.00 | – | – | – | 51 |');
    expect(detail).not.toContain('| day1 |');
    expect(detail).toContain('\n(last 30 of 31 days; all in report.json)\n');
    expect(md.split('### S49\n')[1]!.split('### S50')[0]).not.toContain('(last 30');
    expect(renderMarkdown({ ...f, market: market.slice(0, 50) }, { symbols: {} })).toContain('50 symbols. Daily returns');
    const thirty = renderMarkdown({ ...f, market: [sym(7, 30)] }, { symbols: { S7: 's7.png' } });
    expect(thirty.split('\n').filter((l) => l.startsWith('| day'))).toHaveLength(30);
    expect(thirty).not.toContain('(last 30');
  });

  it('shows a dash for the last close of a symbol without days', () => {
    const none: SymbolFigures = { symbol: 'ZZZ', days: [], stats: { days: 0, meanReturn: null, stdReturn: null, minReturn: null, maxReturn: null, totalReturn: null } };
    expect(renderMarkdown({ ...f, market: [none] }, { symbols: {} })).toContain('| ZZZ | 0 | 0 | – | – | – | – | – | – |');
  });
});
