import type { F64Reader, F64Writer } from '../f64-codec.js';

/**
 * Exponential moving average with k = 2 / (period + 1), seeded by the SMA of the first
 * `period` values, exactly as technicalindicators' EMA does (so values match it).
 */
export class Ema {
  private readonly k: number;
  private seedSum = 0;
  private seen = 0;
  /** The average after the last step; NaN until `period` values (a double field: stepping boxes no number). */
  value = Number.NaN;

  constructor(readonly period: number) {
    this.k = 2 / (period + 1);
  }

  /** One value in; the average lands in `value`. */
  step(x: number): void {
    if (!Number.isNaN(this.value)) {
      this.value = (x - this.value) * this.k + this.value;
      return;
    }
    this.seedSum += x;
    this.seen++;
    if (this.seen === this.period) this.value = this.seedSum / this.period;
  }

  update(x: number): number | undefined {
    this.step(x);
    return Number.isNaN(this.value) ? undefined : this.value;
  }

  toState(): EmaState {
    return { period: this.period, seedSum: this.seedSum, seen: this.seen, value: Number.isNaN(this.value) ? null : this.value };
  }

  encode(w: F64Writer): void {
    w.num(this.period).num(this.seedSum).num(this.seen).opt(Number.isNaN(this.value) ? undefined : this.value);
  }

  static decode(r: F64Reader): Ema {
    const e = new Ema(r.num());
    e.seedSum = r.num();
    e.seen = r.num();
    e.value = r.opt() ?? Number.NaN;
    return e;
  }

  static restore(s: EmaState): Ema {
    const e = new Ema(s.period);
    e.seedSum = s.seedSum;
    e.seen = s.seen;
    e.value = s.value ?? Number.NaN;
    return e;
  }
}

export interface EmaState {
  period: number;
  seedSum: number;
  seen: number;
  value: number | null;
}
