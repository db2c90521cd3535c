import { describe, expect, it } from 'vitest';
import type { Output } from '../../../../src/core/handler.js';
import type { Point } from '../../../../src/core/points.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { throughJson } from '../../../support/state.js';
import { batch, OPTS, sale, T0, W } from './sales-support.js';

const cube = (out: Output): Point[] => out.points.filter((p) => p.measurement === 'sales_cube');
const cell = (out: Output, city: string, category: string): Point | undefined => cube(out).find((p) => p.tags.city === city && p.tags.category === category);
const dimKeys = (out: Output, dim: string): string[] =>
  out.points.filter((p) => p.measurement === 'sales' && p.tags.dim === dim).map((p) => p.tags.key ?? '').sort();

describe('SalesHandler: sales_cube (crossed filters)', () => {
  it('one point per (category, city, country, segment, payment) cell and window, hand-checked sums', () => {
    const h = new SalesHandler(OPTS); // EUR = 1.25 USD, GBP = 1.5 USD
    const out = batch(h, [
      sale('o1', T0 + 1_000, { city: 'Paris', category: 'Books', unitPrice: 40, quantity: 2 }), // 80
      sale('o2', T0 + 2_000, { city: 'Paris', category: 'Books', unitPrice: 10, currency: 'EUR' }), // 12.5
      sale('o3', T0 + 3_000, { city: 'Paris', category: 'Toys', unitPrice: 1000 }), // 1000, high-ticket
      sale('o4', T0 + 4_000, { city: 'London', country: 'GB', category: 'Books', segment: 'business', paymentMethod: 'bank_transfer', unitPrice: 20, currency: 'GBP' }), // 30
      sale('o5', T0 + W, { city: 'Paris', category: 'Books', unitPrice: 5 }), // next window
    ]);
    expect(cube(out)).toHaveLength(4);
    expect(cell(out, 'Paris', 'Books')).toEqual({
      measurement: 'sales_cube',
      tags: { category: 'Books', city: 'Paris', country: 'FR', segment: 'consumer', payment_method: 'card', partition: '3', window: '60s' },
      fields: { revenue: 92.5, orders: 2, units: 3, high_ticket: 0 },
      ts: T0,
    });
    expect(cell(out, 'Paris', 'Toys')?.fields).toEqual({ revenue: 1000, orders: 1, units: 1, high_ticket: 1 });
    expect(cell(out, 'London', 'Books')?.tags).toMatchObject({ country: 'GB', segment: 'business', payment_method: 'bank_transfer' });
    expect(cell(out, 'London', 'Books')?.fields).toEqual({ revenue: 30, orders: 1, units: 1, high_ticket: 0 });
    expect(cube(out).filter((p) => p.ts === T0 + W).map((p) => p.fields.revenue)).toEqual([5]);
    // The cube adds up to the total of each window.
    const total = out.points.find((p) => p.tags.dim === 'total' && p.ts === T0)?.fields.revenue;
    expect(cube(out).filter((p) => p.ts === T0).reduce((s, p) => s + Number(p.fields.revenue), 0)).toBe(total);
  });

  it('counts an order once in the whole cube, in the cell of its first line (no double count across cells)', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      sale('o1', T0 + 1_000, { lineId: '1', category: 'Books', unitPrice: 10 }),
      sale('o1', T0 + 1_000, { lineId: '2', category: 'Books', unitPrice: 15 }),
      sale('o1', T0 + 1_000, { lineId: '3', category: 'Toys', unitPrice: 7 }),
      sale('o2', T0 + 2_000, { lineId: '1', category: 'Toys', unitPrice: 4 }),
      sale('o2', T0 + 2_000, { lineId: '2', category: 'Books', unitPrice: 6 }),
    ]);
    expect(cell(out, 'Paris', 'Books')?.fields).toEqual({ revenue: 31, orders: 1, units: 3, high_ticket: 0 });
    expect(cell(out, 'Paris', 'Toys')?.fields).toEqual({ revenue: 11, orders: 1, units: 2, high_ticket: 0 });
    // Summed over every cell: the distinct orders of the window, as the `total` dimension has them.
    const total = out.points.find((p) => p.tags.dim === 'total' && p.ts === T0)?.fields.orders;
    expect(total).toBe(2);
    expect(cube(out).filter((p) => p.ts === T0).reduce((s, p) => s + Number(p.fields.orders), 0)).toBe(total);
  });

  it('a further line of an order in a later batch adds revenue to its cell but no order', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { lineId: '1', category: 'Books', unitPrice: 10 })]);
    const out = batch(h, [sale('o1', T0 + 1_000, { lineId: '2', category: 'Toys', unitPrice: 7 })]);
    expect(cell(out, 'Paris', 'Toys')?.fields).toEqual({ revenue: 7, orders: 0, units: 1, high_ticket: 0 });
  });

  it('a later batch rewrites only the touched cell, with the running window total (replays overwrite)', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { unitPrice: 10 }), sale('o2', T0 + 2_000, { category: 'Toys', unitPrice: 3 })]);
    const out = batch(h, [sale('o3', T0 + 3_000, { unitPrice: 4 })]);
    expect(cube(out).map((p) => [p.tags.category, p.fields.revenue, p.fields.orders])).toEqual([['Books', 14, 2]]);
  });

  it('survives a checkpoint: the restored handler emits the same cells as the original', () => {
    const a = new SalesHandler(OPTS);
    batch(a, [sale('o1', T0 + 1_000, { unitPrice: 10 })]);
    const b = new SalesHandler(OPTS);
    b.restore(throughJson(a.takeDirty()));
    const next = [sale('o2', T0 + 2_000, { unitPrice: 5 })];
    expect(cube(batch(b, next))).toEqual(cube(batch(a, next)));
    expect(cube(batch(b, next))).toEqual([]); // and the repeat is a duplicate in both
  });
});

describe('SalesHandler: segment and product dimensions, bounded keys', () => {
  it('writes dim=segment and dim=product (top products come from dim=product)', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      sale('o1', T0 + 1_000, { product: 'Atlas', unitPrice: 10, quantity: 3 }),
      sale('o2', T0 + 2_000, { product: 'Globe', segment: 'business', unitPrice: 50 }),
      sale('o3', T0 + 3_000, { product: 'Atlas', unitPrice: 10 }),
    ]);
    const point = (dim: string, key: string) => out.points.find((p) => p.tags.dim === dim && p.tags.key === key)?.fields;
    expect(point('product', 'Atlas')).toEqual({ revenue: 40, orders: 2, units: 4, high_ticket: 0 });
    expect(point('product', 'Globe')).toEqual({ revenue: 50, orders: 1, units: 1, high_ticket: 0 });
    expect(point('segment', 'consumer')).toEqual({ revenue: 40, orders: 2, units: 4, high_ticket: 0 });
    expect(point('segment', 'business')).toEqual({ revenue: 50, orders: 1, units: 1, high_ticket: 0 });
  });

  it('caps distinct keys per dimension and window: further keys add up in (other), totals stay exact', () => {
    const h = new SalesHandler({ ...OPTS, maxKeysPerWindow: 2 });
    const out = batch(h, [
      sale('o1', T0 + 1_000, { product: 'A', city: 'C1', unitPrice: 1 }),
      sale('o2', T0 + 2_000, { product: 'B', city: 'C2', unitPrice: 2 }),
      sale('o3', T0 + 3_000, { product: 'C', city: 'C3', unitPrice: 4 }),
      sale('o4', T0 + 4_000, { product: 'D', city: 'C4', unitPrice: 8 }),
      sale('o5', T0 + 5_000, { product: 'A', city: 'C1', unitPrice: 16 }), // a known key still counts as itself
      sale('o6', T0 + W, { product: 'E', city: 'C5', unitPrice: 32 }), // a new window has its own budget
    ]);
    expect(dimKeys(out, 'product')).toEqual(['(other)', 'A', 'B', 'E']);
    const other = out.points.find((p) => p.tags.dim === 'product' && p.tags.key === '(other)')?.fields;
    expect(other).toEqual({ revenue: 12, orders: 2, units: 2, high_ticket: 0 });
    expect(out.points.find((p) => p.tags.dim === 'product' && p.tags.key === 'A')?.fields.revenue).toBe(17);
    const cells = cube(out).filter((p) => p.ts === T0);
    expect(cells.map((p) => p.tags.city).sort()).toEqual(['(other)', 'C1', 'C2']);
    expect(cells.find((p) => p.tags.city === '(other)')?.tags).toMatchObject({ category: '(other)', segment: '(other)', payment_method: '(other)' });
    expect(cells.reduce((s, p) => s + Number(p.fields.revenue), 0)).toBe(31);
    // Restored state keeps the count: a fifth key still goes to (other).
    const r = new SalesHandler({ ...OPTS, maxKeysPerWindow: 2 });
    r.restore(throughJson(h.takeDirty()));
    const more = batch(r, [sale('o7', T0 + 6_000, { product: 'F', unitPrice: 64 })]);
    expect(dimKeys(more, 'product')).toEqual(['(other)']);
    expect(more.points.find((p) => p.tags.dim === 'product')?.fields.revenue).toBe(76);
  });
});

describe('SalesHandler: high_ticket_order points', () => {
  it('one point per high-ticket line, amount in base currency, at the order time plus a stable ns offset', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      sale('o1', T0 + 1_000, { unitPrice: 999.99 }), // below 1000 USD
      sale('o2', T0 + 1_000, { unitPrice: 500, quantity: 2, currency: 'EUR', customerId: 'c-9', product: 'Sofa', category: 'Home', city: 'Lyon' }), // 1250
      sale('o3', T0 + 1_000, { unitPrice: 1000, lineId: '7' }),
    ]);
    const points = out.points.filter((p) => p.measurement === 'high_ticket_order');
    expect(points).toHaveLength(2);
    expect(points[0]).toEqual({
      measurement: 'high_ticket_order',
      tags: { partition: '3' },
      fields: { order_id: 'o2', customer_id: 'c-9', product: 'Sofa', category: 'Home', city: 'Lyon', country: 'FR', segment: 'consumer', payment_method: 'card', amount: 1250, quantity: 2 },
      ts: T0 + 1_000,
      nsOffset: points[0]?.nsOffset,
    });
    expect(points[1]?.fields.order_id).toBe('o3');
    // Same millisecond, same series: the offsets keep both points.
    expect(points[0]?.nsOffset).not.toBe(points[1]?.nsOffset);
    // A replay of the same lines lands on the same points.
    const again = batch(new SalesHandler(OPTS), [sale('o3', T0 + 1_000, { unitPrice: 1000, lineId: '7' })]);
    expect(again.points.filter((p) => p.measurement === 'high_ticket_order')).toEqual([points[1]]);
  });

  it('a duplicate line writes no second point', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale('o1', T0, { unitPrice: 2000 }), sale('o1', T0, { unitPrice: 2000 })]);
    expect(out.points.filter((p) => p.measurement === 'high_ticket_order')).toHaveLength(1);
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate']);
  });
});
