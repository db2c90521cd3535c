import { describe, expect, it } from 'vitest';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, LATENESS, OPTS, rec, sale, T0, W } from './sales-support.js';
import { emptyOutput } from '../../../../src/core/handler.js';

describe('SalesHandler checkpoint state', () => {
  it('takeDirty: meta (max event time), one w:<start> per touched window, one c:<customer> per touched customer', () => {
    const h = new SalesHandler(OPTS);
    expect(h.takeDirty()).toEqual(new Map()); // nothing handled: nothing to write
    batch(h, [sale('o1', T0 + 1_000, { unitPrice: 40 }), sale('o2', T0 + 2_000, { customerId: 'c-2', unitPrice: 10 })]);
    const states = h.takeDirty();
    expect([...states.keys()]).toEqual(['meta', `w:${T0}`, 'c:c-1', 'c:c-2']);
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

describe('SalesHandler rejections', () => {
  it('names the closed window and the watermark in a late rejection', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + W + LATENESS)]);
    const out = batch(h, [sale('o2', T0 + 5)]);
    expect(out.rejected[0]?.error).toBe('window 2026-01-05T09:00:00.000Z closed (watermark 2026-01-05T09:01:00.000Z)');
  });

  it('dead-letters an order more than maxFutureMs after its record timestamp', () => {
    const h = new SalesHandler(OPTS);
    const s = sale('o1', T0 + 300_001);
    const out = emptyOutput();
    h.handle({ ...rec(s), timestamp: T0 }, out);
    h.handle({ ...rec(sale('o2', T0 + 300_000)), timestamp: T0 }, out);
    expect(out.rejected.map((r) => r.reason)).toEqual(['future_timestamp']);
    expect(out.processed).toBe(1);
  });
});
