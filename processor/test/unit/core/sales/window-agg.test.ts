import { describe, expect, it } from 'vitest';
import { addTo, DIMENSIONS, dimensionKeys, emptyAgg, type SaleFacts } from '../../../../src/core/sales/window-agg.js';

const facts = (over: Partial<SaleFacts> = {}): SaleFacts => ({
  category: 'Electronics', city: 'Paris', country: 'FR', paymentMethod: 'card', units: 2, revenue: 50, highTicket: false, ...over,
});

describe('window aggregates', () => {
  it('a sale counts once in each dimension, with key "all" for the total', () => {
    expect(dimensionKeys(facts())).toEqual([
      ['category', 'Electronics'],
      ['city', 'Paris'],
      ['country', 'FR'],
      ['payment', 'card'],
      ['total', 'all'],
    ]);
    expect(dimensionKeys(facts()).map(([d]) => d)).toEqual([...DIMENSIONS]);
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
