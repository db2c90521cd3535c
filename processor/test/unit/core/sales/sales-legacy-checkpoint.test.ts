import { describe, expect, it } from 'vitest';
import type { EntityStates } from '../../../../src/core/handler.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { batch, LATENESS, OPTS, sale, T0, W } from './sales-support.js';

// Checkpoints written before per-window entities kept every open window in one entity,
// `windows` = { maxTs, windows: [[start, window], ...] }. They still restore, and the next
// checkpoint rewrites them in the per-window form (meta + w:<start>) and deletes `windows`.
const throughJson = (m: EntityStates): EntityStates => new Map(JSON.parse(JSON.stringify([...m])) as [string, unknown][]);

/** A handler with two open windows (T0, T0 + W) and its current-form checkpoint. */
function live() {
  const h = new SalesHandler(OPTS);
  batch(h, [
    sale('o1', T0 + 1_000, { unitPrice: 40 }),
    sale('o2', T0 + 2_000, { customerId: 'c-2', unitPrice: 10, lineId: 'l1' }),
    sale('o3', T0 + W + 500, { unitPrice: 25 }),
  ]);
  return { h, states: throughJson(h.takeDirty()) };
}

/** The same state as an old single-entity checkpoint (windows + customers). */
function legacyOf(states: EntityStates, maxTs: number): EntityStates {
  const windows = [...states].filter(([k]) => k.startsWith('w:')).map(([k, w]) => [Number(k.slice(2)), w]);
  const customers = [...states].filter(([k]) => k.startsWith('c:'));
  return throughJson(new Map<string, unknown>([['windows', { maxTs, windows }], ...customers]));
}

describe('SalesHandler: legacy single-entity checkpoint', () => {
  it('the first checkpoint after restoring rewrites every window as w:<start>, writes meta and deletes the legacy key', () => {
    const { states } = live();
    const h = new SalesHandler(OPTS);
    h.restore(legacyOf(states, T0 + W + 500));
    expect(h.openWindows).toBe(2);
    expect(h.trackedCustomers).toBe(2);
    expect(h.gauges()).toEqual({ openWindows: 2, trackedCustomers: 2 });
    expect(h.watermark).toBe(T0 + W + 500 - LATENESS);
    const migrated = h.takeDirty(); // no record handled in between
    expect([...migrated.keys()].sort()).toEqual(['meta', 'w:' + T0, 'w:' + (T0 + W), 'windows']);
    expect(migrated.get('windows')).toBeNull();
    expect(migrated.get('meta')).toEqual({ maxTs: T0 + W + 500 });
    // Each window exactly as the current form writes it (order lines keep their counted pairs).
    expect(throughJson(migrated).get('w:' + T0)).toEqual(states.get('w:' + T0));
    expect(throughJson(migrated).get('w:' + (T0 + W))).toEqual(states.get('w:' + (T0 + W)));
    expect(h.takeDirty()).toEqual(new Map()); // migrated once
  });

  it('writes meta and deletes the legacy key even when no window is open', () => {
    const h = new SalesHandler(OPTS);
    h.restore(new Map<string, unknown>([['windows', { maxTs: T0 + 5 * W, windows: [] }]]));
    expect(h.openWindows).toBe(0);
    expect(h.takeDirty()).toEqual(new Map<string, unknown>([['windows', null], ['meta', { maxTs: T0 + 5 * W }]]));
    expect(h.takeDirty()).toEqual(new Map());
  });

  it('after the migration, the same records give the same points and rejections as the live handler', () => {
    const { h: reference, states } = live();
    const h = new SalesHandler(OPTS);
    h.restore(legacyOf(states, T0 + W + 500));
    h.takeDirty();
    const next = [
      sale('o1', T0 + 3_000), // duplicate of a restored order
      sale('o2', T0 + 3_500, { customerId: 'c-2', unitPrice: 30, lineId: 'l2' }), // a further line: revenue, not an order
      sale('o4', T0 + 4_000, { unitPrice: 60 }),
      sale('o5', T0 + 2 * W + LATENESS + 1), // closes window T0
    ];
    const out = batch(h, next);
    expect(out).toEqual(batch(reference, next));
    expect(out.rejected.map((r) => r.reason)).toEqual(['duplicate']);
    // Hand-checked: window T0 total = 40 + 10 (restored) + 30 + 60; orders o1, o2, o4.
    const total = out.points.find((p) => p.measurement === 'sales' && p.tags.dim === 'total' && p.ts === T0);
    expect(total?.fields).toEqual({ revenue: 140, orders: 3, units: 4, high_ticket: 0 });
    expect(h.takeDirty()).toEqual(reference.takeDirty());
  });

  it('keeps the later of the meta and legacy max event times, whichever comes first', () => {
    const meta = ['meta', { maxTs: T0 + 10 * W }] as const;
    const old = ['windows', { maxTs: T0 + W, windows: [] }] as const;
    for (const order of [[meta, old], [old, meta]]) {
      const h = new SalesHandler(OPTS);
      h.restore(new Map<string, unknown>(order));
      expect(h.watermark).toBe(T0 + 10 * W - LATENESS);
    }
    const h = new SalesHandler(OPTS);
    h.restore(new Map<string, unknown>([['meta', { maxTs: T0 }], old]));
    expect(h.watermark).toBe(T0 + W - LATENESS);
  });
});
