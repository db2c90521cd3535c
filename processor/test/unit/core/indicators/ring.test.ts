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

  it('reads back the newest values by lag, and their squared deviation, across the wrap', () => {
    const r = new Ring(5);
    for (const x of [1, 2, 3, 4, 5, 6, 7]) r.push(x); // holds 3..7, wrapped after 5
    expect([0, 1, 2, 3, 4].map((lag) => r.back(lag))).toEqual([7, 6, 5, 4, 3]);
    expect(r.squaredDeviation(3, 6)).toBe(2); // 5, 6, 7 around 6
    expect(r.squaredDeviation(5, 5)).toBe(10); // 3..7 around 5
    expect(r.squaredDeviation(2, 0)).toBe(36 + 49);
    const fresh = new Ring(4);
    fresh.push(2);
    fresh.push(4);
    expect(fresh.squaredDeviation(2, 3)).toBe(2); // not yet wrapped
  });

  it('adds the squared deviations in the order a ring of that many alone would hold the values (bit-identical sums)', () => {
    const xs = Array.from({ length: 90 }, (_, i) => 1e4 + Math.sin(i) * 1e-3 + i * 0.1);
    const shared = new Ring(51);
    const own = new Ring(20);
    for (const x of xs) {
      shared.push(x);
      own.push(x);
      const n = Math.min(own.count, 20);
      const mean = 1e4 + 0.37;
      let sq = 0; // the former two-pass loop over a ring of its own, in its physical order
      for (let i = 0; i < n; i++) sq += ((own.buf[i] as number) - mean) ** 2;
      expect(shared.squaredDeviation(n, mean), `after ${shared.count}`).toBe(sq);
    }
  });

  it("states its newest values as a smaller ring of their own would hold them (each indicator's former checkpoint)", () => {
    const shared = new Ring(6);
    const own = new Ring(4);
    for (let i = 1; i <= 9; i++) {
      shared.push(i * 1.5);
      own.push(i * 1.5);
      expect(shared.toState(4), `after ${i}`).toStrictEqual(own.toState());
    }
    // ...and a larger ring restored from such a state continues as the shared one.
    const back = Ring.restore(own.toState(), 6);
    for (const x of [20, 21, 22]) {
      back.push(x);
      shared.push(x);
    }
    expect([0, 1, 2, 3].map((l) => back.back(l))).toEqual([0, 1, 2, 3].map((l) => shared.back(l)));
  });

  it('restores from JSON state and evicts exactly as the original', () => {
    const inputs = Array.from({ length: 20 }, (_, i) => i * 1.1 - 3.7);
    for (const split of [0, 2, 5, 13]) {
      expectRestoreIsExact(() => new Ring(5), Ring.restore, (r, x: number) => r.push(x), inputs, split);
    }
  });
});
