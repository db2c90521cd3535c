import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import type { Point } from '../../../../src/core/points.js';
import { DAY_MS, Retention } from '../../../../src/core/retention.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { throughJson } from '../../../support/state.js';
import { LATENESS, OPTS, sale, T0, W } from './sales-support.js';

// Hourly windows beside the minute ones: same dimensions, cube and distinct-order counting,
// written to longterm when they close or on flush; and which bucket keeps which point.
const HOUR = 3_600_000;
const RETAIN = { ...OPTS, retention: Retention.defaults(HOUR) };
const at = (s: ReturnType<typeof sale>, timestamp: number): InRecord => ({ value: Buffer.from(JSON.stringify(s)), offset: '0', timestamp });
function run(h: SalesHandler, records: InRecord[], flush = 0): Output {
  const out = emptyOutput();
  for (const r of records) h.handle(r, out);
  h.endBatch(out, flush);
  return out;
}
const live = (s: ReturnType<typeof sale>) => at(s, s.ts);
const hourly = (out: Output, dim = 'total'): Point[] => out.points.filter((p) => p.tags.window === '1h' && p.tags.dim === dim);

describe('SalesHandler hourly windows', () => {
  it('an hour is written when the watermark passes its end, in longterm, with the minute windows summed', () => {
    const h = new SalesHandler(OPTS);
    const early = run(h, [live(sale('o1', T0 + 1_000, { unitPrice: 10 })), live(sale('o2', T0 + 30 * W, { unitPrice: 20, quantity: 2 }))]);
    expect(hourly(early)).toEqual([]); // open, not flushed
    const out = run(h, [live(sale('o3', T0 + HOUR + LATENESS, { unitPrice: 5 }))]);
    expect(hourly(out)).toEqual([{ measurement: 'sales', tags: { dim: 'total', key: 'all', partition: '3', window: '1h' }, fields: { revenue: 50, orders: 2, units: 3, high_ticket: 0 }, ts: T0, bucket: 'longterm' }]);
    const cube = out.points.filter((p) => p.measurement === 'sales_cube' && p.tags.window === '1h');
    expect(cube.map((p) => [p.tags.category, p.fields.orders, p.bucket])).toEqual([['Books', 2, 'longterm']]);
  });

  it('a share of a flush writes that share of the changed hourly aggregates; a closing hour writes all of its own', () => {
    const h = new SalesHandler(OPTS);
    const cats = ['Books', 'Games', 'Garden', 'Toys'];
    run(h, cats.map((category, i) => live(sale(`o${i}`, T0 + 1_000 + i, { category }))));
    const open = (share: number): Point[] => run(h, [], share).points.filter((p) => p.tags.window === '1h');
    const pending = open(1).length; // every changed aggregate of the open hour
    expect(pending).toBeGreaterThan(4);
    run(h, cats.map((category, i) => live(sale(`p${i}`, T0 + 2_000 + i, { category }))));
    const quarters = [0.25, 0.25, 0.25, 0.25].map((q) => open(q).length);
    expect(quarters.reduce((a, b) => a + b)).toBe(pending);
    expect(Math.max(...quarters) - Math.min(...quarters)).toBeLessThanOrEqual(1);
    run(h, [live(sale('q', T0 + 5_000, { category: 'Toys' }))]);
    expect(open(0.01)).toEqual([]); // not its turn yet
    const closed = run(h, [live(sale('late', T0 + HOUR + LATENESS))], 0);
    expect(hourly(closed).map((p) => [p.ts, p.fields.orders])).toEqual([[T0, 9]]);
  });

  it('flush writes open hours, each aggregate only when it changed since', () => {
    const h = new SalesHandler(OPTS);
    expect(hourly(run(h, [live(sale('o1', T0 + 1_000))], 1)).map((p) => p.fields.orders)).toEqual([1]);
    expect(hourly(run(h, [], 1))).toEqual([]);
    expect(hourly(run(h, [live(sale('o2', T0 + 20 * W))], 1)).map((p) => p.fields.orders)).toEqual([2]);
  });

  it('a multi-line order counts once per hourly aggregate, also when its lines fall in different minutes', () => {
    const h = new SalesHandler(OPTS);
    const out = run(h, [live(sale('o1', T0 + 1_000, { lineId: 'a' })), live(sale('o1', T0 + W + 1_000, { lineId: 'b', category: 'Games' }))], 1);
    expect(hourly(out).map((p) => [p.fields.orders, p.fields.units])).toEqual([[1, 2]]);
    const categories = hourly(out, 'category').map((p) => [p.tags.key, p.fields.orders]);
    expect(categories).toEqual([['Books', 1], ['Games', 1]]);
    const cubeOrders = out.points.filter((p) => p.measurement === 'sales_cube' && p.tags.window === '1h').reduce((n, p) => n + Number(p.fields.orders), 0);
    expect(cubeOrders).toBe(1);
  });

  it('lateness is decided by the minute window: a sale for a closed minute of a still open hour is late, counted nowhere', () => {
    const h = new SalesHandler(OPTS);
    run(h, [live(sale('o1', T0 + 10 * W + LATENESS))]);
    const out = run(h, [live(sale('o2', T0 + 1_000))], 1);
    expect(out.rejected.map((r) => r.reason)).toEqual(['late']);
    expect(hourly(out).map((p) => p.fields.orders)).toEqual([1]); // o1 only
  });
});

describe('SalesHandler routing by age', () => {
  const NOW = Date.UTC(2026, 11, 7, 0, 5);
  it('an order older than the raw retention but within longterm counts only in the hourly windows', () => {
    const old = Date.UTC(2026, 5, 1, 14, 30);
    const out = run(new SalesHandler(RETAIN), [at(sale('o1', old, { unitPrice: 2000 }), NOW)], 1);
    expect(out.points.length).toBeGreaterThan(0);
    expect(out.points.every((p) => p.bucket === 'longterm' && p.tags.window === '1h')).toBe(true);
    expect([out.tooOld, out.rejected]).toEqual([0, []]);
    expect(out.rawSkipped).toBe(2); // its customers and high-ticket points
  });

  it('older than every retention: counted too_old, no point, never dead-lettered', () => {
    const ancient = NOW - 400 * DAY_MS;
    const h = new SalesHandler(RETAIN);
    const out = run(h, [at(sale('o1', ancient), NOW), at(sale('o2', ancient + 1_000), NOW)], 1);
    const closed = run(h, [at(sale('o3', ancient + 2 * HOUR), NOW)], 1);
    expect([out.points, out.rejected, out.tooOld, out.processed]).toEqual([[], [], 2, 2]);
    expect(closed.points).toEqual([]);
    expect(closed.rawSkipped).toBe(1 + 8); // o3's customers point, then the 8 aggregates of the closed minute
  });

  it('a window is decided with the timestamp of the record that opened it: a later record does not flip it', () => {
    const start = NOW - 365 * DAY_MS + 2 * HOUR; // kept at NOW, not 2 hours later
    const h = new SalesHandler(RETAIN);
    run(h, [at(sale('o1', start + 1_000), NOW)]);
    const out = run(h, [at(sale('o2', start + 2_000), NOW + 2 * HOUR)], 1);
    expect(hourly(out).map((p) => p.fields.orders)).toEqual([2]);
    expect(out.tooOld).toBe(0);
  });
});

describe('SalesHandler checkpoint of the hourly windows', () => {
  it('restored from a checkpoint, it ends with the same stored points as the uninterrupted handler', () => {
    const sales = Array.from({ length: 60 }, (_, i) => sale(`o${i >> 1}`, T0 + i * 4 * W + (i % 2), { lineId: String(i % 2), category: i % 3 ? 'Books' : 'Games' }));
    const stored = (outs: Output[]) => {
      const m = new Map<string, Point>();
      for (const o of outs) for (const p of o.points) m.set(`${p.measurement}|${JSON.stringify(p.tags)}|${p.ts}`, p);
      return m;
    };
    for (const split of [1, 16, 31, 59, 60]) {
      const a = new SalesHandler(OPTS);
      const whole = sales.map((s) => run(a, [live(s)]));
      whole.push(run(a, [], 1));
      const b = new SalesHandler(OPTS);
      const before = sales.slice(0, split).map((s) => run(b, [live(s)]));
      const c = new SalesHandler(OPTS);
      c.restore(throughJson(b.takeDirty()));
      const after = sales.slice(split).map((s) => run(c, [live(s)]));
      after.push(run(c, [], 1));
      expect(stored([...before, ...after]), `restore at ${split}`).toEqual(stored(whole));
    }
  });
});
