import { describe, expect, it } from 'vitest';
import { barChart, candleChart, compact, niceStep } from '../../../../src/core/report/charts.js';
import type { DayBar, Figures } from '../../../../src/core/report/figures.js';
import { renderMarkdown } from '../../../../src/core/report/markdown.js';
import { symbolStats } from '../../../../src/core/report/market-stats.js';

const bar = (day: string, close: number, ret: number | null): DayBar => ({ day, open: close - 1, high: close + 1, low: close - 2, close, volume: 10, ticks: 3, sma5: null, sma20: null, ret });

describe('report rendering', () => {
  it('computes daily return statistics (sample std dev, total from first to last close)', () => {
    const s = symbolStats('AAA', [bar('2026-11-01', 100, null), bar('2026-11-02', 110, 0.1), bar('2026-11-03', 99, -0.1)]);
    expect(s.stats).toMatchObject({ days: 3, meanReturn: 0, minReturn: -0.1, maxReturn: 0.1, totalReturn: 99 / 100 - 1 });
    expect(s.stats.stdReturn).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(symbolStats('B', [bar('2026-11-01', 5, null)]).stats).toMatchObject({ meanReturn: null, stdReturn: null, totalReturn: null });
  });

  it('renders every section with the figures and links the charts', () => {
    const f: Figures = {
      from: '2026-11-01', to: '2026-11-02', baseCurrency: 'USD',
      sales: {
        orders: 2, revenue: 1500, units: 3, customers: 2, avgBasket: 750, first: 'a', last: 'b',
        byCategory: [{ name: 'toys', revenue: 1500, orders: 2 }], byCity: [], byCountry: [],
        byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: hour === 9 ? 2 : 0, revenue: 0 })), peakHour: 9,
        topCustomers: [{ name: 'c|1', revenue: 1000, orders: 1 }], topProducts: [],
        highTicket: { threshold: 1000, orders: 1, revenue: 1000, orderShare: 0.5, revenueShare: 2 / 3, largest: [{ orderId: 'o1', customerId: 'c1', amount: 1000, ts: 't' }] },
        payments: [{ name: 'card', revenue: 1500, orders: 2, share: 1 }],
      },
      market: [symbolStats('AAA', [bar('2026-11-01', 100, null)])],
      quality: { received: [{ topic: 's', events: 3, duplicates: 1 }], kept: [{ topic: 's', events: 2, late: 0 }], deadLetters: [{ topic: 's.dlq', reason: 'not_json', count: 4 }] },
    };
    const md = renderMarkdown(f, { category: 'category.png', hours: 'hours.png', symbols: { AAA: 'price-AAA.png' } });
    for (const text of ['| 2 | 1,500.00 | 3 | 2 | 750.00 |', '![Revenue by category](category.png)', 'Peak hour: **09:00–09:59 UTC** (2 orders)', 'c\\|1', '1 orders (50.00% of orders), 1,000.00 USD (66.67% of revenue)', '![AAA daily OHLC](price-AAA.png)', '| s.dlq | not_json | 4 |', '| s | 3 | 1 |']) {
      expect(md).toContain(text);
    }
    expect(renderMarkdown({ ...f, sales: null, market: [] }, { symbols: {} })).toContain('No sales in this range.');
  });

  it('draws one bar per value and one candle per day', () => {
    const svg = barChart('t', ['a', 'b', 'c'], [1, 2, 3], { yLabel: 'x', highlight: 2 });
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg).toContain('#d9534f');
    const candles = candleChart('c', [bar('2026-11-01', 100, null), { ...bar('2026-11-02', 98, -0.02), open: 101 }]);
    expect(candles.match(/fill="#2e8b57"/g)).toHaveLength(1);
    expect(candles.match(/fill="#c0392b"/g)).toHaveLength(1);
    expect(candles).toContain('stroke="#2e8b57"');
    expect([niceStep(20.9), niceStep(126_400), niceStep(0.7)]).toEqual([10, 50_000, 0.2]);
    expect([1_500_000, 500_000, 12_345, 250, 18, 12.5, 0.2, 0.00001234, 0].map(compact)).toEqual(['1.5M', '500k', '12.3k', '250', '18', '12.50', '0.2', '0.0000123', '0']);
  });
});
