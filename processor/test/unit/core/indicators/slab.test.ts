import { describe, expect, it } from 'vitest';
import { Ring } from '../../../../src/core/indicators/ring.js';
import { Float64Slab } from '../../../../src/core/indicators/slab.js';

describe('Float64Slab: rings side by side in shared chunks', () => {
  it('hands out zeroed, adjacent, non-overlapping runs of one chunk', () => {
    const slab = new Float64Slab();
    const a = slab.take(20);
    const b = slab.take(50);
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 20 * 8);
    expect([...a, ...b].every((x) => x === 0)).toBe(true);
    a.fill(1);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it('starts a new chunk when one is full, and a larger one for a run that fits no chunk', () => {
    const slab = new Float64Slab();
    const first = slab.take(4000);
    const next = slab.take(200); // 4,200 > the first chunk's 4,096 doubles
    expect(next.buffer).not.toBe(first.buffer);
    const huge = slab.take(1_000_000);
    expect(huge.length).toBe(1_000_000);
    expect(huge.buffer).not.toBe(next.buffer);
  });

  it('rings taken from it behave as rings of their own', () => {
    const slab = new Float64Slab();
    const [r1, r2] = [new Ring(3, slab), new Ring(3, slab)];
    for (const x of [1, 2, 3, 4]) r1.push(x);
    expect(r2.push(9)).toBeUndefined();
    expect([...r1.buf].sort()).toEqual([2, 3, 4]);
    expect([...r2.buf]).toEqual([9, 0, 0]);
  });
});
