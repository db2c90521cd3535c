import { describe, expect, it } from 'vitest';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, OPTS, sale, T0 } from './sales-support.js';

const agg = (revenue: number, orders: number, units: number) => ({ revenue, orders, units, highTicket: 0 });
// The sale() fixture's dimension values; the cube key is [category, city, country, segment, payment].
const ONE_DIM = ['category\u0000Books', 'city\u0000Paris', 'country\u0000FR', 'payment\u0000card', 'segment\u0000consumer', 'product\u0000Atlas', 'total\u0000all'];
const CUBE_KEY = JSON.stringify(['Books', 'Paris', 'FR', 'consumer', 'card']);
const DIMS = (a: ReturnType<typeof agg>) => [
  ...ONE_DIM.map((id) => {
    const [dim, key] = id.split('\u0000');
    return [id, { dim, key, agg: a }];
  }),
  [`cube\u0000${CUBE_KEY}`, { dim: 'cube', key: CUBE_KEY, agg: a }],
];

describe('SalesHandler window entity (w:<start>)', () => {
  it('whole orders (no lineId): aggregates and order ids only, no (aggregate, order) pairs', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000), sale('o2', T0 + 2_000, { unitPrice: 10 })]);
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({ aggs: DIMS(agg(50, 2, 2)), orders: ['o1', 'o2'] });
  });

  it('order lines: line keys, and one counted pair per one-dimensional aggregate and order (the cube counts an order at its first line)', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { lineId: 'a' }), sale('o1', T0 + 2_000, { lineId: 'b', unitPrice: 10 })]);
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({
      aggs: DIMS(agg(50, 1, 2)),
      orders: ['o1\u0000a', 'o1\u0000b'],
      counted: ONE_DIM.map((id) => `${id}\u0000o1`),
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
