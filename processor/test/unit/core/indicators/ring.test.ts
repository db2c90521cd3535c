import { describe, expect, it } from 'vitest';
import { Ring } from '../../../../src/core/indicators/ring.js';
import { expectRestoreIsExact } from '../../../support/state.js';

describe('Ring', () => {
  it('evicts nothing until full, then the oldest value, in push order', () => {
    const r = new Ring(3);
    expect([r.push(1), r.push(2), r.push(3)]).toEqual([undefined, undefined, undefined]);
    expect(r.full).toBe(true);
    expect([r.push(4), r.push(5), r.push(6), r.push(7)]).toEqual([1, 2, 3, 4]);
    expect(r.count).toBe(7);
    expect(Array.from(r.buf).sort()).toEqual([5, 6, 7]);
  });

  it('a ring of one evicts the previous value each time', () => {
    const r = new Ring(1);
    expect(r.push(1)).toBeUndefined();
    expect(r.push(2)).toBe(1);
    expect(r.push(3)).toBe(2);
  });

  it('restores from JSON state and evicts exactly as the original', () => {
    const inputs = Array.from({ length: 20 }, (_, i) => i * 1.1 - 3.7);
    for (const split of [0, 2, 5, 13]) {
      expectRestoreIsExact(() => new Ring(5), Ring.restore, (r, x: number) => r.push(x), inputs, split);
    }
  });
});
