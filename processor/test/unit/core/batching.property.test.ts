import { FxTable } from '@tickflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type PartitionHandler } from '../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../../src/core/market/quote-handler.js';
import { MetricsHandler } from '../../../src/core/metrics-handler.js';
import { SalesHandler } from '../../../src/core/sales/sales-handler.js';

// Rule (handler.ts): a partition's output depends only on the sequence of its records, never
// on batch boundaries. Checked as a property: any split of the same records into batches gives
// the same final points (last write per measurement, tags and time, as InfluxDB keeps them)
// and the same dead letters, in the same order.
const T0 = Date.UTC(2026, 0, 5, 9, 0);

function run(make: () => PartitionHandler, records: InRecord[], cuts: number[]) {
  const h = make();
  const last = new Map<string, unknown>();
  const rejected: string[] = [];
  const bounds = [...new Set(cuts.map((c) => c % (records.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...bounds, records.length]) {
    const out = emptyOutput();
    for (const r of records.slice(from, to)) h.handle(r, out);
    h.endBatch(out);
    from = Math.max(from, to);
    for (const p of out.points) last.set(JSON.stringify([p.measurement, Object.entries(p.tags).sort(), p.ts]), p.fields);
    rejected.push(...out.rejected.map((r) => `${r.reason}@${r.record.offset}`));
  }
  return { points: [...last].sort(([a], [b]) => (a < b ? -1 : 1)), rejected };
}

const asRecords = (values: { value: unknown; ts: number }[]): InRecord[] =>
  values.map((v, i) => ({ value: Buffer.from(JSON.stringify(v.value)), offset: String(i), timestamp: v.ts }));
const cuts = fc.array(fc.nat(), { maxLength: 10 });

describe('any batching of the same records gives the same points (property)', () => {
  it('quotes: ticks of 3 symbols, out of order and re-sent, both emit modes', () => {
    const tick = fc.record({
      symbol: fc.constantFrom('AAPL', 'MSFT', 'BTC-USD'),
      dt: fc.integer({ min: -20_000, max: 90_000 }),
      price: fc.double({ min: 1, max: 500, noNaN: true }),
      volume: fc.integer({ min: 0, max: 1_000 }),
    });
    fc.assert(
      fc.property(fc.array(tick, { maxLength: 60 }), cuts, fc.constantFrom('tick' as const, 'candle' as const), (ticks, c, emit) => {
        let ts = T0;
        const records = asRecords(ticks.map((t) => {
          ts += t.dt;
          return { value: { v: 1, symbol: t.symbol, ts, price: t.price, volume: t.volume, source: 'sim' }, ts };
        }));
        const make = () => new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit, candleMs: 60_000 });
        expect(run(make, records, c)).toEqual(run(make, records, []));
      }),
      { numRuns: 60 },
    );
  });

  it('sales: orders over several windows, late, re-sent and in unknown currencies', () => {
    const order = fc.record({
      id: fc.integer({ min: 1, max: 6 }), // a small id pool: re-sends happen
      customer: fc.constantFrom('c1', 'c2', 'c3'),
      dt: fc.integer({ min: -45_000, max: 60_000 }), // mostly forward: windows close
      quantity: fc.integer({ min: 1, max: 4 }),
      cents: fc.integer({ min: 1, max: 200_000 }),
      currency: fc.constantFrom('USD', 'EUR', 'JPY'),
      city: fc.constantFrom('Paris', 'Lyon'),
    });
    const fx = new FxTable('USD', { EUR: 1.087 });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 60 }), cuts, (orders, c) => {
        let ts = T0;
        const records = asRecords(orders.map((o) => {
          ts = Math.max(T0, ts + o.dt);
          const unitPrice = o.cents / 100;
          return {
            value: {
              v: 1, orderId: `o${o.id}`, customerId: o.customer, segment: 'consumer', ts, category: 'Books', product: 'Atlas', quantity: o.quantity,
              unitPrice, amount: o.quantity * unitPrice, currency: o.currency, city: o.city, country: 'FR', paymentMethod: 'card',
            },
            ts,
          };
        }));
        const make = () => new SalesHandler({ partition: 0, windowMs: 60_000, allowedLatenessMs: 30_000, highTicketThreshold: 1000, fx, maxFutureMs: 300_000, loyalAfterOrders: 3, maxKeysPerWindow: 1000 });
        expect(run(make, records, c)).toEqual(run(make, records, []));
      }),
      { numRuns: 150 },
    );
  });

  it('producer metrics: stateless, so trivially batch-independent', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ dt: fc.nat(10_000), n: fc.nat(100) }), { maxLength: 20 }), cuts, (events, c) => {
        const records = asRecords(events.map((e, i) => ({ value: { v: 1, service: 'producer', instance: `i${i % 2}`, ts: T0 + e.dt, source: 'sim', counters: { sent: e.n } }, ts: T0 })));
        expect(run(() => new MetricsHandler(60_000), records, c)).toEqual(run(() => new MetricsHandler(60_000), records, []));
      }),
    );
  });
});
