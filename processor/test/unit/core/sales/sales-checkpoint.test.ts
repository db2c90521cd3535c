import { describe, expect, it } from 'vitest';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, LATENESS, OPTS, rec, sale, T0, W } from './sales-support.js';
import { emptyOutput } from '../../../../src/core/handler.js';

describe('SalesHandler checkpoint state', () => {
  it('takeDirty: the windows entry and one c:<customer> entry per touched customer (keys stored in checkpoints)', () => {
    const h = new SalesHandler(OPTS);
    expect(h.takeDirty()).toEqual(new Map()); // nothing handled: nothing to write
    batch(h, [sale('o1', T0 + 1_000, { unitPrice: 40 }), sale('o2', T0 + 2_000, { customerId: 'c-2', unitPrice: 10 })]);
    const states = h.takeDirty();
    expect([...states.keys()]).toEqual(['windows', 'c:c-1', 'c:c-2']);
    expect(states.get('c:c-1')).toEqual({ spent: 40, orders: 1 });
    const windows = states.get('windows') as { maxTs: number; windows: [number, { orders: string[]; aggs: unknown[] }][] };
    expect(windows.maxTs).toBe(T0 + 2_000);
    expect(windows.windows.map(([start, w]) => [start, w.orders, w.aggs.length])).toEqual([[T0, ['o1', 'o2'], 5]]);
    expect(h.takeDirty()).toEqual(new Map()); // taken once
  });

  it('closing a window at batch end marks the windows entry dirty', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('o1', T0 + 1_000)]);
    h.takeDirty();
    const out = emptyOutput();
    h.handle(rec(sale('o2', T0 + W + LATENESS, { customerId: 'c-2' })), out);
    h.takeDirty(); // taken mid-batch: window T0 still held
    h.endBatch(out); // watermark = T0 + W: window T0 closes now
    const states = h.takeDirty();
    expect([...states.keys()]).toEqual(['windows']);
    expect((states.get('windows') as { windows: [number][] }).windows.map(([s]) => s)).toEqual([T0 + W]);
  });

  it('restore skips tombstones and unknown keys', () => {
    const h = new SalesHandler(OPTS);
    h.restore(new Map<string, unknown>([['c:gone', null], ['windows', null], ['other', { spent: 1, orders: 1 }]]));
    expect(h.trackedCustomers).toBe(0);
    expect(h.openWindows).toBe(0);
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
