import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/sim/core/rng.js';

// mulberry32 as published (Tommy Ettinger, 2017), written out here as the reference.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Rng', () => {
  it('is mulberry32: the same stream as the published algorithm, for several seeds', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef, -7]) {
      const ours = new Rng(seed);
      const ref = mulberry32(seed);
      for (let i = 0; i < 50; i++) expect(ours.next()).toBe(ref());
    }
  });

  it('int(min, max) covers both ends and nothing outside', () => {
    const r = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(r.int(-2, 2));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('normal(): mean ~0 and variance ~1 over 40,000 draws; values come in Box-Muller pairs', () => {
    const r = new Rng(11);
    const xs = Array.from({ length: 40_000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // standard error 0.005
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    // Pair i: r·cos(2πv), r·sin(2πv) from the same two uniforms.
    const ref = mulberry32(11);
    const u = 1 - ref();
    const v = ref();
    const rad = Math.sqrt(-2 * Math.log(u));
    expect(xs[0]).toBe(rad * Math.cos(2 * Math.PI * v));
    expect(xs[1]).toBe(rad * Math.sin(2 * Math.PI * v));
  });

  it('exponential(mean) is -ln(1 - u) × mean', () => {
    const r = new Rng(5);
    const ref = mulberry32(5);
    for (let i = 0; i < 10; i++) expect(r.exponential(30)).toBe(-Math.log(1 - ref()) * 30);
  });

  it('weighted(): proportional to the weights, never an item of weight 0', () => {
    const r = new Rng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++) counts[r.weighted(['a', 'b', 'c'] as const, [1, 0, 3])]++;
    expect(counts.b).toBe(0);
    expect(counts.a / 30_000).toBeCloseTo(0.25, 1);
    expect(counts.c / 30_000).toBeCloseTo(0.75, 1);
  });

  it('weighted(): u just below 1 picks the last item with weight', () => {
    const r = new Rng(0);
    r.next = () => 0.999999;
    expect(r.weighted(['a', 'b'], [1, 1])).toBe('b');
    r.next = () => 0;
    expect(r.weighted(['a', 'b'], [1, 1])).toBe('a');
    r.next = () => 0.5; // x = 1: past a (1 - 1 = 0, not < 0), inside b
    expect(r.weighted(['a', 'b'], [1, 1])).toBe('b');
  });
});
