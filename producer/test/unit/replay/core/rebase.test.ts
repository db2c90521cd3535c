import { describe, expect, it } from 'vitest';
import { rebaser } from '../../../../src/replay/core/rebase.js';

/** Seeded LCG, so the property runs over the same 200 random series every time. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('rebaser', () => {
  const NOW = Date.UTC(2026, 10, 30, 12);

  it('property: at max speed, spacing is kept exactly and the last event is now', () => {
    const rnd = lcg(7);
    for (let n = 0; n < 200; n++) {
      let t = Date.UTC(2015, 0, 1) + Math.floor(rnd() * 1e11);
      const ts = Array.from({ length: 2 + Math.floor(rnd() * 50) }, () => (t += Math.floor(rnd() * 86_400_000)));
      const shift = rebaser({ first: ts[0]!, last: ts.at(-1)! }, NOW, Infinity);
      const out = ts.map(shift);
      expect(out.at(-1)).toBe(NOW);
      for (let i = 1; i < ts.length; i++) expect(out[i]! - out[i - 1]!).toBe(ts[i]! - ts[i - 1]!);
    }
  });

  it('property: paced, the first event is now and every gap is divided by the speed (to the ms)', () => {
    const rnd = lcg(11);
    for (let n = 0; n < 200; n++) {
      const speed = [1, 2, 60, 3600, 0.5][n % 5]!;
      let t = Date.UTC(2020, 0, 1);
      const ts = Array.from({ length: 2 + Math.floor(rnd() * 50) }, () => (t += Math.floor(rnd() * 3_600_000)));
      const out = ts.map(rebaser({ first: ts[0]!, last: ts.at(-1)! }, NOW, speed));
      expect(out[0]).toBe(NOW);
      for (let i = 1; i < ts.length; i++) expect(Math.abs(out[i]! - out[0]! - (ts[i]! - ts[0]!) / speed)).toBeLessThanOrEqual(0.5);
      expect(out).toEqual([...out].sort((a, b) => a - b));
    }
  });
});
