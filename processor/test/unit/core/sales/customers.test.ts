import { describe, expect, it } from 'vitest';
import { addOrder, customerFields } from '../../../../src/core/sales/customers.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, OPTS, sale, T0 } from './sales-support.js';

describe('customer totals', () => {
  it('addOrder starts at one order and adds revenue and one order each time, without mutating', () => {
    const first = addOrder(undefined, 40);
    expect(first).toEqual({ spent: 40, orders: 1 });
    expect(addOrder(first, 60)).toEqual({ spent: 100, orders: 2 });
    expect(first).toEqual({ spent: 40, orders: 1 });
  });

  it('fields: total spent, orders, average basket, loyal from loyalAfter orders on', () => {
    expect(customerFields({ spent: 100, orders: 4 }, 5)).toEqual({ total_spent: 100, orders: 4, avg_basket: 25, loyal: 0 });
    expect(customerFields({ spent: 100, orders: 5 }, 5)).toEqual({ total_spent: 100, orders: 5, avg_basket: 20, loyal: 1 });
    expect(customerFields({ spent: 100, orders: 6 }, 5)).toEqual({ total_spent: 100, orders: 6, avg_basket: 100 / 6, loyal: 1 });
  });
});

describe('SalesHandler customers points (hand-checked)', () => {
  // Loyal from 3 orders; EUR at 1.25 USD.
  const customers = (sales: ReturnType<typeof sale>[]) =>
    batch(new SalesHandler(OPTS), sales).points.filter((p) => p.measurement === 'customers');

  it('one point per accepted order, at the order time, with running totals in base currency', () => {
    const points = customers([
      sale('o1', T0 + 1_000, { unitPrice: 40 }), // c-1: 40
      sale('o2', T0 + 2_000, { quantity: 2, unitPrice: 50, currency: 'EUR' }), // c-1: + 125
      sale('o3', T0 + 3_000, { customerId: 'c-2', unitPrice: 10 }), // c-2: 10
      sale('o4', T0 + 4_000, { unitPrice: 35 }), // c-1: + 35, third order: loyal
    ]);
    const tags = (customer_id: string) => ({ customer_id, partition: '3' });
    expect(points).toEqual([
      { measurement: 'customers', tags: tags('c-1'), fields: { total_spent: 40, orders: 1, avg_basket: 40, loyal: 0 }, ts: T0 + 1_000 },
      { measurement: 'customers', tags: tags('c-1'), fields: { total_spent: 165, orders: 2, avg_basket: 82.5, loyal: 0 }, ts: T0 + 2_000 },
      { measurement: 'customers', tags: tags('c-2'), fields: { total_spent: 10, orders: 1, avg_basket: 10, loyal: 0 }, ts: T0 + 3_000 },
      { measurement: 'customers', tags: tags('c-1'), fields: { total_spent: 200, orders: 3, avg_basket: 200 / 3, loyal: 1 }, ts: T0 + 4_000 },
    ]);
  });

  it('rejected orders (duplicate, unknown currency, late) do not count for the customer', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      sale('o1', T0 + 1_000, { unitPrice: 40 }),
      sale('o1', T0 + 1_500, { unitPrice: 40 }), // duplicate
      sale('o2', T0 + 2_000, { unitPrice: 40, currency: 'JPY' }), // unknown currency
      sale('o3', T0 + 200_000, { unitPrice: 5 }), // watermark T0 + 170 s: T0's window closed
      sale('o4', T0 + 3_000, { unitPrice: 99 }), // late
    ]);
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate', 'unknown_currency', 'late']);
    const last = out.points.filter((p) => p.measurement === 'customers').at(-1);
    expect(last?.fields).toEqual({ total_spent: 45, orders: 2, avg_basket: 22.5, loyal: 0 });
    expect(h.gauges().trackedCustomers).toBe(1);
  });

  it('totals carry over batches and through a checkpoint restore', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { unitPrice: 30 })]);
    const restored = new SalesHandler(OPTS);
    restored.restore(h.takeDirty());
    const out = batch(restored, [sale('o2', T0 + 2_000, { unitPrice: 20, customerId: 'c-1' })]);
    const c = out.points.find((p) => p.measurement === 'customers');
    expect(c?.fields).toEqual({ total_spent: 50, orders: 2, avg_basket: 25, loyal: 0 });
  });
});
