import { FxTable, type SaleEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import type { Point } from '../../../../src/core/points.js';
import { SalesHandler, type SalesHandlerOptions } from '../../../../src/core/sales/sales-handler.js';
import { lcg } from '../../../support/numeric.js';

// Event-time windows, through handle()/endBatch(): which window a sale counts in, lateness,
// conversion and rejections, and that the points do not depend on batch boundaries.
const W = 60_000;
const LATENESS = 30_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0); // a window start
const OPTS: SalesHandlerOptions = {
  partition: 3,
  windowMs: W,
  allowedLatenessMs: LATENESS,
  highTicketThreshold: 1000,
  fx: new FxTable('USD', { EUR: 1.087, GBP: 1.27, MAD: 0.1 }),
  maxFutureMs: 300_000,
  loyalAfterOrders: 5,
  maxKeysPerWindow: 1000,
};

let seq = 0;
function sale(over: Partial<SaleEvent> = {}): SaleEvent {
  const quantity = over.quantity ?? 1;
  const unitPrice = over.unitPrice ?? 40;
  return {
    v: 1, orderId: `o-${++seq}`, customerId: 'c-1', segment: 'consumer', ts: T0, category: 'Books', product: 'Atlas',
    currency: 'USD', city: 'Paris', country: 'FR', paymentMethod: 'card', ...over, quantity, unitPrice, amount: quantity * unitPrice,
  };
}
let offset = 0;
const rec = (s: SaleEvent | string): InRecord => ({
  value: Buffer.from(typeof s === 'string' ? s : JSON.stringify(s)),
  offset: String(offset++),
  timestamp: typeof s === 'string' ? T0 : s.ts, // produced when it happened
});

/** Handles records as one batch; returns what it produced. */
function batch(h: SalesHandler, sales: (SaleEvent | string)[]): Output {
  const out = emptyOutput();
  for (const s of sales) h.handle(rec(s), out);
  h.endBatch(out);
  return out;
}
/** The minute-window `sales` points (customers points and hourly windows are tested elsewhere). */
const salesPoints = (out: Output): Point[] => out.points.filter((p) => p.measurement === 'sales' && p.tags.window === '60s');
const find = (out: Output, dim: string, key: string, ts?: number): Point[] =>
  salesPoints(out).filter((p) => p.tags.dim === dim && p.tags.key === key && (ts === undefined || p.ts === ts));
const reasons = (out: Output) => out.rejected.map((r) => r.reason);

describe('SalesHandler event-time windows', () => {
  it('emits one point per dimension for the window of the event time, in base currency', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale({ ts: T0 + 12_345, quantity: 2, unitPrice: 50, currency: 'EUR', category: 'Toys', city: 'Lyon', paymentMethod: 'paypal' })]);
    expect(out.processed).toBe(1);
    expect(out.rejected).toEqual([]);
    const fields = { revenue: 100 * 1.087, orders: 1, units: 2, high_ticket: 0 };
    const tags = (dim: string, key: string) => ({ dim, key, partition: '3', window: '60s' });
    expect(salesPoints(out)).toEqual(
      expect.arrayContaining([
        { measurement: 'sales', tags: tags('category', 'Toys'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('city', 'Lyon'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('country', 'FR'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('payment', 'paypal'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('segment', 'consumer'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('product', 'Atlas'), fields, ts: T0 },
        { measurement: 'sales', tags: tags('total', 'all'), fields, ts: T0 },
      ]),
    );
    expect(salesPoints(out)).toHaveLength(7);
  });

  it('assigns windows by event time: [start, start + window)', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale({ ts: T0 - 1 }), sale({ ts: T0 }), sale({ ts: T0 + W - 1 }), sale({ ts: T0 + W })]);
    expect(out.rejected).toEqual([]);
    expect(find(out, 'total', 'all').map((p) => [p.ts, p.fields.orders]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [T0 - W, 1],
      [T0, 2],
      [T0 + W, 1],
    ]);
  });

  it('rejects a sale whose window closed more than the allowed lateness ago as late', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale({ ts: T0 + W + LATENESS - 1 })]); // watermark 1 ms short of T0's window end
    const open = batch(h, [sale({ ts: T0 + 5 })]);
    expect(open.rejected).toEqual([]);
    batch(h, [sale({ ts: T0 + W + LATENESS })]); // watermark = T0's window end: closed
    const late = batch(h, [sale({ ts: T0 + 6 })]);
    expect(reasons(late)).toEqual(['late']);
    expect(late.processed).toBe(0);
    expect(find(late, 'total', 'all', T0)).toEqual([]);
  });

  it('accepts a late sale within the lateness and rewrites its window point with the same tags and time', () => {
    const h = new SalesHandler(OPTS);
    const first = batch(h, [sale({ ts: T0 + 1_000, unitPrice: 10 }), sale({ ts: T0 + W + 20_000, unitPrice: 7 })]);
    const second = batch(h, [sale({ ts: T0 + 59_000, unitPrice: 30 })]); // 21 s after its window ended
    expect(second.rejected).toEqual([]);
    const before = find(first, 'total', 'all', T0);
    const after = find(second, 'total', 'all', T0);
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]!.tags).toEqual(before[0]!.tags);
    expect(after[0]!.measurement).toBe(before[0]!.measurement);
    expect(after[0]!.fields).toEqual({ revenue: 40, orders: 2, units: 2, high_ticket: 0 });
    // Only touched aggregates are re-emitted: the later window did not change.
    expect(salesPoints(second).every((p) => p.ts === T0)).toBe(true);
  });

  it('rejects an unknown currency without counting it', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale({ currency: 'JPY', ts: T0 + 1 })]);
    expect(reasons(out)).toEqual(['unknown_currency']);
    expect(out.rejected[0]!.error).toContain('JPY');
    expect(out.points).toEqual([]);
    expect(out.processed).toBe(0);
  });

  it('counts high-ticket orders against the threshold in base currency', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [
      sale({ ts: T0 + 1, currency: 'EUR', unitPrice: 950 }), // 1032.65 USD: high-ticket
      sale({ ts: T0 + 2, currency: 'MAD', unitPrice: 5000 }), // 500 USD: not, though 5000 >= 1000
      sale({ ts: T0 + 3, currency: 'USD', unitPrice: 1000 }), // exactly the threshold: high-ticket
      sale({ ts: T0 + 4, currency: 'USD', unitPrice: 999.99 }), // just below: not
    ]);
    expect(find(out, 'total', 'all', T0)[0]!.fields).toMatchObject({ orders: 4, high_ticket: 2 });
  });

  it('dead-letters undecodable records with the decode reason', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, ['not json', JSON.stringify({ ...sale(), amount: 1e6 })]);
    expect(reasons(out)).toEqual(['not_json', 'invalid_value']);
    expect(out.processed).toBe(0);
  });

  it('frees closed windows at the end of a batch', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale({ ts: T0 + 1 }), sale({ ts: T0 + W + 1 })]);
    expect(h.gauges().openWindows).toBe(2);
    batch(h, [sale({ ts: T0 + 2 * W + LATENESS })]); // watermark = T0 + 2W: both closed
    expect(h.gauges().openWindows).toBe(1);
  });

  it('final point values do not depend on batch boundaries', () => {
    // 600 orders over ~10 windows, out of order by up to 40 s (some beyond the lateness),
    // with re-sent orders and an unknown currency mixed in. Every measurement is compared.
    const rnd = lcg(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const sales: SaleEvent[] = [];
    for (let i = 0; i < 600; i++) {
      if (i > 0 && rnd() < 0.05) {
        sales.push(pick(sales)); // a re-sent record: identical bytes
        continue;
      }
      sales.push(sale({
        ts: T0 + i * 1_000 - Math.floor(rnd() * 40_000),
        category: pick(['Books', 'Toys', 'Electronics']), city: pick(['Paris', 'Lyon', 'Casablanca']),
        country: pick(['FR', 'MA']), paymentMethod: pick(['card', 'paypal', 'cash']), currency: pick(['USD', 'EUR', 'GBP', 'MAD', 'JPY']),
        quantity: 1 + Math.floor(rnd() * 4), unitPrice: Math.round(rnd() * 90_000) / 100,
      }));
    }
    const finalPoints = (sizes: () => number) => {
      const h = new SalesHandler(OPTS);
      const last = new Map<string, Point>();
      const rejected: string[] = [];
      for (let i = 0; i < sales.length; ) {
        const n = sizes();
        const out = batch(h, sales.slice(i, i + n));
        i += n;
        for (const p of out.points) last.set(JSON.stringify([p.measurement, p.tags, p.ts]), p);
        rejected.push(...out.rejected.map((r) => `${r.reason}:${r.record.value?.toString()}`));
      }
      return { points: [...last.entries()].sort(([a], [b]) => (a < b ? -1 : 1)), rejected };
    };
    const whole = finalPoints(() => sales.length);
    const single = finalPoints(() => 1);
    const sizes = lcg(99);
    const random = finalPoints(() => 1 + Math.floor(sizes() * 50));
    // The scenario must exercise every path it claims to.
    expect(new Set(whole.rejected.map((r) => r.split(':')[0]))).toEqual(new Set(['late', 'duplicate', 'unknown_currency']));
    expect(whole.points.length).toBeGreaterThan(50);
    expect(single).toStrictEqual(whole);
    expect(random).toStrictEqual(whole);
  });
});

describe('SalesHandler rejections name their cause', () => {
  it('a late rejection names the closed window and the watermark', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale({ ts: T0 + W + LATENESS })]);
    const out = batch(h, [sale({ ts: T0 + 5 })]);
    expect(out.rejected[0]?.error).toBe('window 2026-01-05T09:00:00.000Z closed (watermark 2026-01-05T09:01:00.000Z)');
  });

  it('dead-letters an order more than maxFutureMs after its record timestamp', () => {
    const h = new SalesHandler(OPTS);
    const out = emptyOutput();
    h.handle({ ...rec(sale({ ts: T0 + 300_001 })), timestamp: T0 }, out);
    h.handle({ ...rec(sale({ ts: T0 + 300_000 })), timestamp: T0 }, out);
    expect(reasons(out)).toEqual(['future_timestamp']);
    expect(out.processed).toBe(1);
  });
});
