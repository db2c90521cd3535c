/** Relative error |a - b| / |b|; undefined on either side yields NaN, which fails every `<=`. */
export function relErr(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return NaN;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
}

/**
 * Sum of doubles without accumulated rounding (Shewchuk's exact partials, as Python's
 * math.fsum, rounded once at the end): the reference for drift tests, independent of the code
 * under test.
 */
export function exactSum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let n = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[n++] = lo;
      x = hi;
    }
    partials.length = n;
    partials.push(x);
  }
  // Partials are non-overlapping and increasing in magnitude: sum from the largest down.
  let sum = 0;
  for (let i = partials.length - 1; i >= 0; i--) sum += partials[i] as number;
  return sum;
}

/** Seeded LCG (Numerical Recipes constants) returning floats in [0, 1); deterministic tests. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Tracks the largest relative error seen, with where it happened, for assertion messages. */
export class MaxErr {
  max = 0;
  at = '';

  add(a: number | undefined, b: number | undefined, where: string): void {
    if (Number.isNaN(this.max)) return; // keep the first missing value as the verdict
    const e = relErr(a, b);
    if (!(e <= this.max)) {
      this.max = e;
      this.at = where;
    }
  }
}
