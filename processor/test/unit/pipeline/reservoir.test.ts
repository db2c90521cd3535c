import { describe, expect, it } from 'vitest';
import { Reservoir } from '../../../src/pipeline/reservoir.js';

/** A seeded generator (mulberry32): the sample is the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Reservoir', () => {
  it('keeps every value while fewer than its size arrive', () => {
    const r = new Reservoir(5);
    for (const v of [3, 1, 2]) r.add(v);
    expect(r.drain()).toEqual([3, 1, 2]);
  });

  it('never holds more than its size, and drawing starts afresh after a drain', () => {
    const r = new Reservoir(100, seeded(1));
    for (let i = 0; i < 10_000; i++) r.add(i);
    expect(r.drain()).toHaveLength(100);
    expect(r.drain()).toEqual([]);
    r.add(7);
    expect(r.drain()).toEqual([7]);
  });

  it('is a uniform sample of the whole stream: late values are as likely as early ones', () => {
    const r = new Reservoir(1000, seeded(42));
    for (let i = 0; i < 100_000; i++) r.add(i);
    const sample = r.drain();
    const late = sample.filter((v) => v >= 50_000).length;
    // Binomial(1000, 0.5): sd ~16; a sampler that kept the first or last values would be far outside.
    expect(late).toBeGreaterThan(450);
    expect(late).toBeLessThan(550);
  });
});
