import { FxTable, type SaleEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import { SalesHandler, type SalesHandlerOptions } from '../../../../src/core/sales/sales-handler.js';

// Orders of several lines (issue 12): lines share orderId, told apart by lineId.
const W = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);
const OPTS: SalesHandlerOptions = {
  partition: 0, windowMs: W, allowedLatenessMs: 30_000, highTicketThreshold: 1000,
  fx: new FxTable('EUR', { USD: 0.5 }), maxFutureMs: 300_000, loyalAfterOrders: 5, maxKeysPerWindow: 1000,
};

function line(orderId: string, lineId: string | undefined, over: Partial<SaleEvent> = {}): SaleEvent {
  const quantity = over.quantity ?? 1;
  const unitPrice = over.unitPrice ?? 10;
  return {
    v: 1, orderId, ...(lineId === undefined ? {} : { lineId }), customerId: 'c-1', segment: 'consumer', ts: T0 + 1_000, category: 'Books',
    product: 'Atlas', currency: 'EUR', city: 'Paris', country: 'FR', paymentMethod: 'card', ...over, quantity, unitPrice, amount: quantity * unitPrice,
  };
}
let offset = 0;
const rec = (s: SaleEvent): InRecord => ({ value: Buffer.from(JSON.stringify(s)), offset: String(offset++), timestamp: s.ts });
function batch(h: SalesHandler, sales: SaleEvent[]): Output {
  const out = emptyOutput();
  for (const s of sales) h.handle(rec(s), out);
  h.endBatch(out);
  return out;
}
const fieldsOf = (out: Output, dim: string, key: string) =>
  out.points.filter((p) => p.measurement === 'sales' && p.tags.dim === dim && p.tags.key === key).at(-1)?.fields;

describe('SalesHandler with order lines', () => {
  it('counts every line of a multi-line order, the order once per aggregate, and a re-sent line as duplicate', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      line('A', '1', { quantity: 2, unitPrice: 5 }),
      line('A', '2', { unitPrice: 30 }),
      line('A', '3', { category: 'Toys', unitPrice: 7 }),
      line('A', '2', { unitPrice: 30 }), // re-sent line
      line('B', '4', { category: 'Toys', unitPrice: 3, currency: 'USD' }),
    ]);
    expect(out.rejected.map((r) => [r.reason, r.error])).toEqual([['duplicate', 'order A line 2 already counted']]);
    expect(fieldsOf(out, 'total', 'all')).toEqual({ revenue: 10 + 30 + 7 + 1.5, orders: 2, units: 5, high_ticket: 0 });
    expect(fieldsOf(out, 'category', 'Books')).toEqual({ revenue: 40, orders: 1, units: 3, high_ticket: 0 });
    expect(fieldsOf(out, 'category', 'Toys')).toEqual({ revenue: 8.5, orders: 2, units: 2, high_ticket: 0 });
    // The customer's basket is per order: 2 orders, not 4 lines.
    const customer = out.points.filter((p) => p.measurement === 'customers').at(-1)?.fields;
    expect(customer).toEqual({ total_spent: 48.5, orders: 2, avg_basket: 24.25, loyal: 0 });
  });

  it('keeps the old rule without lineId: a repeated order id is a duplicate', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [line('A', undefined), line('A', undefined, { product: 'Other' })]);
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate']);
  });

  it('restored from a checkpoint mid-order, it still counts the order once and catches re-sent lines', () => {
    const a = new SalesHandler(OPTS);
    batch(a, [line('A', '1')]);
    const b = new SalesHandler(OPTS);
    b.restore(new Map([...a.takeDirty()].map(([k, v]) => [k, JSON.parse(JSON.stringify(v)) as unknown])));
    const out = batch(b, [line('A', '2'), line('A', '1')]);
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate']);
    expect(fieldsOf(out, 'total', 'all')).toMatchObject({ revenue: 20, orders: 1, units: 2 });
    expect(out.points.filter((p) => p.measurement === 'customers').at(-1)?.fields).toMatchObject({ orders: 1, total_spent: 20 });
  });
});
