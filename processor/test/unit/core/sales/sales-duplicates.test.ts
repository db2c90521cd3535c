import { describe, expect, it } from 'vitest';
import { emptyOutput } from '../../../../src/core/handler.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, LATENESS, OPTS, rec, sale, T0, W } from './sales-support.js';

// Rule: an order id (a line key with order lines: sales-order-lines.test.ts) is a duplicate
// while a window that counted it is still open by the watermark (max event time - lateness).
// Once that window closed, the id may count again in a later window; a re-send into the
// closed window itself is late.
const reasons = (out: ReturnType<typeof batch>) => out.rejected.map((r) => r.reason);
const totalOrders = (out: ReturnType<typeof batch>, ts: number) =>
  out.points.find((p) => p.measurement === 'sales' && p.tags.dim === 'total' && p.ts === ts)?.fields.orders;

describe('SalesHandler duplicate detection across windows (hand-checked)', () => {
  it('a re-send with a later event time, in the next window, is a duplicate while the first window is open', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('X', T0 + 1_000)]);
    const out = batch(h, [sale('X', T0 + W + 5_000)]); // watermark T0 + 35 s: window T0 open
    expect(reasons(out)).toEqual(['duplicate']);
    expect(out.rejected[0]?.error).toBe('order X already counted');
    expect(h.gauges().openWindows).toBe(1);
  });

  it('the first window is still open at watermark = its end - 1 ms: duplicate', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('X', T0 + 1_000), sale('Y', T0 + W + LATENESS - 1)]);
    expect(h.watermark).toBe(T0 + W - 1);
    expect(reasons(batch(h, [sale('X', T0 + W + LATENESS - 1)]))).toEqual(['duplicate']);
  });

  it('once the watermark reaches the first window end, the id counts again in the later window', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('X', T0 + 1_000), sale('Y', T0 + W + LATENESS)]);
    expect(h.watermark).toBe(T0 + W);
    const out = batch(h, [sale('X', T0 + W + LATENESS)]);
    expect(out.rejected).toEqual([]);
    expect(totalOrders(out, T0 + W)).toBe(2); // Y and the second X
  });

  it('the same holds inside one batch: closing is decided by the watermark, not by batch ends', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale('X', T0 + 1_000), sale('Y', T0 + W + LATENESS), sale('X', T0 + W + LATENESS + 1)]);
    expect(out.rejected).toEqual([]);
    expect(totalOrders(out, T0 + W)).toBe(2);
  });

  it('a re-send into a closed window is late, not duplicate', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('X', T0 + 1_000), sale('Y', T0 + W + LATENESS)]);
    expect(reasons(batch(h, [sale('X', T0 + 2_000)]))).toEqual(['late']);
  });

  it('the set of counted ids survives a checkpoint restore', () => {
    const h = new SalesHandler(OPTS);
    batch(h, [sale('X', T0 + 1_000)]);
    const restored = new SalesHandler(OPTS);
    restored.restore(h.takeDirty());
    expect(restored.watermark).toBe(T0 + 1_000 - LATENESS);
    expect(reasons(batch(restored, [sale('X', T0 + 2_000)]))).toEqual(['duplicate']);
  });
});

describe('SalesHandler duplicates: counted once, whatever the batching', () => {
  it('rejects a re-sent order id once as duplicate and counts it once, in the same or a later batch', () => {
    const h = new SalesHandler(OPTS);
    const s = sale('ord-42', T0 + 1_000);
    expect(reasons(batch(h, [s, s]))).toEqual(['duplicate']);
    const two = batch(h, [s, sale('o-2', T0 + 2_000)]);
    expect(reasons(two)).toEqual(['duplicate']);
    expect(totalOrders(two, T0)).toBe(2);
  });

  it('decides a re-sent order id the same way whatever the batching', () => {
    const records = [rec(sale('X', T0 + 1)), rec(sale('Y', T0 + W + 30_000)), rec(sale('X', T0 + W + 30_001))];
    const verdicts = (splits: number[][]) => {
      const h = new SalesHandler(OPTS);
      return splits.flatMap((idx) => {
        const out = emptyOutput();
        for (const i of idx) h.handle(records[i]!, out);
        h.endBatch(out);
        return out.rejected.map((r) => r.reason);
      });
    };
    expect(verdicts([[0, 1], [2]])).toEqual(verdicts([[0, 1, 2]]));
  });
});
