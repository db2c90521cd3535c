import type { F64Reader, F64Writer } from '../f64-codec.js';

/**
 * Exponential moving average with k = 2 / (period + 1), seeded by the SMA of the first
 * `period` values, exactly as technicalindicators' EMA does (so values match it).
 */
export class Ema {
  private readonly k: number;
  private seedSum = 0;
  private seen = 0;
  private value: number | undefined;

  constructor(readonly period: number) {
    this.k = 2 / (period + 1);
  }

  update(x: number): number | undefined {
    if (this.value !== undefined) {
      this.value = (x - this.value) * this.k + this.value;
      return this.value;
    }
    this.seedSum += x;
    this.seen++;
    if (this.seen === this.period) this.value = this.seedSum / this.period;
    return this.value;
  }

  toState(): EmaState {
    return { period: this.period, seedSum: this.seedSum, seen: this.seen, value: this.value ?? null };
  }

  encode(w: F64Writer): void {
    w.num(this.period).num(this.seedSum).num(this.seen).opt(this.value);
  }

  static decode(r: F64Reader): Ema {
    const e = new Ema(r.num());
    e.seedSum = r.num();
    e.seen = r.num();
    e.value = r.opt();
    return e;
  }

  static restore(s: EmaState): Ema {
    const e = new Ema(s.period);
    e.seedSum = s.seedSum;
    e.seen = s.seen;
    e.value = s.value ?? undefined;
    return e;
  }
}

export interface EmaState {
  period: number;
  seedSum: number;
  seen: number;
  value: number | null;
}
