import { describe, expect, it } from 'vitest';
import { emptyOutput } from '../../../../src/core/handler.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { OVERFLOW_CUBE_KEY } from '../../../../src/core/sales/window-agg.js';
import { throughJson } from '../../../support/state.js';
import { batch, LATENESS, OPTS, rec, sale, T0, W } from './sales-support.js';

// What a checkpoint holds (meta, one entity per window, one per customer), and that a restored
// handler continues exactly as the original.
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

describe('SalesHandler checkpoint state', () => {
  it('takeDirty: meta (max event time), one w:<start> per touched minute window, one h:<start> per touched hour, one c:<customer> per touched customer', () => {
    const h = new SalesHandler(OPTS);
    expect(h.takeDirty()).toEqual(new Map()); // nothing handled: nothing to write
    batch(h, [sale('o1', T0 + 1_000, { unitPrice: 40 }), sale('o2', T0 + 2_000, { customerId: 'c-2', unitPrice: 10 })]);
    const states = h.takeDirty();
    expect([...states.keys()]).toEqual(['meta', `w:${T0}`, `h:${T0}`, 'c:c-1', 'c:c-2']);
    expect(states.get('meta')).toEqual({ maxTs: T0 + 2_000 });
    expect(states.get('c:c-1')).toEqual({ spent: 40, orders: 1 });
    const w = states.get(`w:${T0}`) as { orders: string[]; aggs: unknown[] };
    expect([w.orders, w.aggs.length]).toEqual([['o1', 'o2'], 8]); // 7 sales dims + 1 cube cell
    expect(h.takeDirty()).toEqual(new Map()); // taken once
  });

  it('a window closed at batch end is written as a tombstone', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000)]);
    h.takeDirty();
    const out = emptyOutput();
    h.handle(rec(sale('o2', T0 + W + LATENESS, { customerId: 'c-2' })), out);
    h.takeDirty(); // taken mid-batch: window T0 still held
    h.endBatch(out); // watermark = T0 + W: window T0 closes now
    const states = h.takeDirty();
    expect(states.get(`w:${T0}`)).toBeNull();
    expect(states.has('meta')).toBe(true);
    expect(h.gauges().openWindows).toBe(1);
  });

  it('restore skips tombstones and unknown keys', () => {
    const h = new SalesHandler(OPTS);
    h.restore(new Map<string, unknown>([['c:gone', null], ['meta', null], [`w:${T0}`, null], ['other', { spent: 1, orders: 1 }]]));
    expect(h.gauges().trackedCustomers).toBe(0);
    expect(h.gauges().openWindows).toBe(0);
  });
});

describe('SalesHandler checkpoints are incremental', () => {
  it('one entity per changed window, a tombstone when it closes, customers apart', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1000), sale('o2', T0 + W + 1000, { customerId: 'c-2' })]);
    expect([...h.takeDirty().keys()].sort()).toEqual(['c:c-1', 'c:c-2', `h:${T0}`, 'meta', `w:${T0}`, `w:${T0 + W}`]);
    batch(h, [sale('o3', T0 + W + 2000)]);
    expect([...h.takeDirty().keys()].sort()).toEqual(['c:c-1', `h:${T0}`, 'meta', `w:${T0 + W}`]);
    batch(h, [sale('o4', T0 + 3 * W + LATENESS)]); // watermark passes both windows
    const states = h.takeDirty();
    expect(states.get(`w:${T0}`)).toBeNull();
    expect(states.get(`w:${T0 + W}`)).toBeNull();
  });

  it('restore from the incremental entities gives the same points as the handler they came from', () => {
    const first = [sale('o1', T0 + 1000), sale('o2', T0 + 2000, { category: 'Games' })];
    const next = [sale('o3', T0 + 3000), sale('o4', T0 + W + 10)];
    const a = new SalesHandler(OPTS);
    batch(a, first);
    const b = new SalesHandler(OPTS);
    b.restore(throughJson(a.takeDirty())); // as a checkpoint would bring them back
    expect(batch(b, next).points).toEqual(batch(a, next).points);
  });
});

describe('SalesHandler window entity (w:<start>)', () => {
  it('whole orders (no lineId): aggregates and order ids only, no (aggregate, order) pairs', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000), sale('o2', T0 + 2_000, { unitPrice: 10 })]);
    // openedAt: the Kafka timestamp of the record that opened the window (its retention decision).
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({ aggs: DIMS(agg(50, 2, 2)), orders: ['o1', 'o2'], openedAt: T0 + 1_000 });
  });

  it('order lines: line keys, and one counted pair per one-dimensional aggregate and order (the cube counts an order at its first line)', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000, { lineId: 'a' }), sale('o1', T0 + 2_000, { lineId: 'b', unitPrice: 10 })]);
    expect(h.takeDirty().get(`w:${T0}`)).toEqual({
      aggs: DIMS(agg(50, 1, 2)),
      orders: ['o1\u0000a', 'o1\u0000b'],
      counted: ONE_DIM.map((id) => `${id}\u0000o1`),
      openedAt: T0 + 1_000,
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

describe('SalesHandler: per-window key budget after a restore', () => {
  it('a restored window counts its keys per dimension: under the cap a new key is its own, at the cap it goes to (other)', () => {
    const h = new SalesHandler({ ...OPTS, maxKeysPerWindow: 3 });
    batch(h, [sale('o1', T0 + 1_000, { product: 'A' }), sale('o2', T0 + 2_000, { product: 'B' })]);
    const r = new SalesHandler({ ...OPTS, maxKeysPerWindow: 3 });
    r.restore(throughJson(h.takeDirty()));
    const products = (sales: ReturnType<typeof sale>[]) =>
      batch(r, sales).points.filter((p) => p.tags.dim === 'product').map((p) => p.tags.key);
    expect(products([sale('o3', T0 + 3_000, { product: 'C' })])).toEqual(['C']); // third of 3
    expect(products([sale('o4', T0 + 4_000, { product: 'D' })])).toEqual(['(other)']);
  });

  it('the cube overflow cell is (other) in each of its five places, as written in checkpoints', () => {
    expect(OVERFLOW_CUBE_KEY).toBe('["(other)","(other)","(other)","(other)","(other)"]');
  });
});
