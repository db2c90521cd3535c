import { describe, expect, it } from 'vitest';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, OPTS, sale, T0 } from './sales-support.js';

const agg = (revenue: number, orders: number, units: number) => ({ revenue, orders, units, highTicket: 0 });
const DIMS = (a: ReturnType<typeof agg>) => [
  ['category\u0000Books', { dim: 'category', key: 'Books', agg: a }],
  ['city\u0000Paris', { dim: 'city', key: 'Paris', agg: a }],
  ['country\u0000FR', { dim: 'country', key: 'FR', agg: a }],
  ['payment\u0000card', { dim: 'payment', key: 'card', agg: a }],
  ['total\u0000all', { dim: 'total', key: 'all', agg: a }],
];

describe('SalesHandler window entity (w:<start>)', () => {
  it('whole orders (no lineId): aggregates and order ids only, no (aggregate, order) pairs', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000), sale('o2', T0 + 2_000, { unitPrice: 10 })]);
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({ aggs: DIMS(agg(50, 2, 2)), orders: ['o1', 'o2'] });
  });

  it('order lines: line keys, and one counted pair per aggregate and order', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { lineId: 'a' }), sale('o1', T0 + 2_000, { lineId: 'b', unitPrice: 10 })]);
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({
      aggs: DIMS(agg(50, 1, 2)),
      orders: ['o1\u0000a', 'o1\u0000b'],
      counted: ['category\u0000Books\u0000o1', 'city\u0000Paris\u0000o1', 'country\u0000FR\u0000o1', 'payment\u0000card\u0000o1', 'total\u0000all\u0000o1'],
    });
  });

  it('an order counts for its customer at its first line, not at a later one', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale('o1', T0 + 1_000, { lineId: 'a', unitPrice: 10 }), sale('o1', T0 + 2_000, { lineId: 'b', unitPrice: 30 })]);
    const customers = out.points.filter((p) => p.measurement === 'customers').map((p) => p.fields);
    expect(customers).toEqual([
      { total_spent: 10, orders: 1, avg_basket: 10, loyal: 0 },
      { total_spent: 40, orders: 1, avg_basket: 40, loyal: 0 },
    ]);
  });
});
