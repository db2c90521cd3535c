import { describe, expect, it } from 'vitest';
import type { EntityStates } from '../../../../src/core/handler.js';
import { SalesHandler } from '../../../../src/core/sales/sales-handler.js';
import { OVERFLOW_CUBE_KEY } from '../../../../src/core/sales/window-agg.js';
import { batch, OPTS, sale, T0 } from './sales-support.js';

const throughJson = (m: EntityStates): EntityStates => new Map(JSON.parse(JSON.stringify([...m])) as [string, unknown][]);

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
