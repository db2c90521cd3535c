/** Pure helpers for summarising benchmark samples. */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Percentile by the nearest-rank method on an ascending array: the smallest value such that at
 * least p % of the samples are <= it. p in [0, 100]; NaN for an empty array.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0] as number;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length === 0 ? NaN : s.reduce((a, x) => a + x, 0) / s.length;
  return { n: s.length, min: s[0] ?? NaN, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, mean };
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than 2 points. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Events/s over the steady part of a catch-up: from the first observation where progress was
 * made (startup and group join excluded) to the first where the backlog was fully committed.
 */
export function catchUpRate(samples: readonly { t: number; committed: number }[], total: number): { rate: number; seconds: number } {
  const first = samples.find((s) => s.committed > 0);
  const done = samples.find((s) => s.committed >= total);
  if (!first || !done || done.t <= first.t) return { rate: NaN, seconds: NaN };
  const seconds = (done.t - first.t) / 1000;
  return { rate: (total - first.committed) / seconds, seconds };
}

/** Formats a number for the table: thousands separators, sensible precision. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
