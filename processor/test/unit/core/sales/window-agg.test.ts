import { describe, expect, it } from 'vitest';
import { addTo, cubeTags, DIMENSIONS, dimensionKeys, emptyAgg, OVERFLOW_CUBE_KEY, type SaleFacts } from '../../../../src/core/sales/window-agg.js';

const facts = (over: Partial<SaleFacts> = {}): SaleFacts => ({
  category: 'Electronics', city: 'Paris', country: 'FR', segment: 'business', product: 'Laptop', paymentMethod: 'card', units: 2, revenue: 50, highTicket: false, ...over,
});

describe('window aggregates', () => {
  it('a sale counts once in each dimension, with key "all" for the total and its cube cell', () => {
    expect(dimensionKeys(facts())).toEqual([
      ['category', 'Electronics'],
      ['city', 'Paris'],
      ['country', 'FR'],
      ['payment', 'card'],
      ['segment', 'business'],
      ['product', 'Laptop'],
      ['total', 'all'],
      ['cube', '["Electronics","Paris","FR","business","card"]'],
    ]);
    expect(dimensionKeys(facts()).map(([d]) => d)).toEqual([...DIMENSIONS]);
  });

  it('a cube key turns back into the sales_cube tags, values with quotes and commas intact', () => {
    const key = dimensionKeys(facts({ city: 'Rio "de", Janeiro' })).find(([d]) => d === 'cube')?.[1] ?? '';
    expect(cubeTags(key)).toEqual({ category: 'Electronics', city: 'Rio "de", Janeiro', country: 'FR', segment: 'business', payment_method: 'card' });
    expect(cubeTags(OVERFLOW_CUBE_KEY)).toEqual({ category: '(other)', city: '(other)', country: '(other)', segment: '(other)', payment_method: '(other)' });
  });

  it('adds revenue, orders, units and high-ticket orders', () => {
    const agg = emptyAgg();
    expect(agg).toEqual({ revenue: 0, orders: 0, units: 0, highTicket: 0 });
    addTo(agg, facts());
    addTo(agg, facts({ units: 1, revenue: 1500.25, highTicket: true }));
    addTo(agg, facts({ units: 3, revenue: 0.75 }));
    expect(agg).toEqual({ revenue: 1551, orders: 3, units: 6, highTicket: 1 });
  });

  it('emptyAgg returns a fresh object each time', () => {
    const a = emptyAgg();
    addTo(a, facts());
    expect(emptyAgg()).toEqual({ revenue: 0, orders: 0, units: 0, highTicket: 0 });
  });
});
