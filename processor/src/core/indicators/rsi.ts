import type { F64Reader, F64Writer } from '../f64-codec.js';

/**
 * RSI with Wilder smoothing (J. Welles Wilder, "New Concepts in Technical Trading Systems", 1978):
 * the first averages are plain means of `period` gains/losses, then
 * avg = (avg * (period - 1) + current) / period. Unlike technicalindicators' RSI, the output
 * is not rounded to 2 decimals.
 */
export class Rsi {
  // Doubles with NaN for "not yet": stepping stores into them in place, no boxed number per price.
  private prev = Number.NaN;
  private changes = 0;
  private gainSum = 0;
  private lossSum = 0;
  private avgGain = Number.NaN;
  private avgLoss = Number.NaN;
  /** The RSI after the last step; NaN until `period` changes. */
  value = Number.NaN;

  constructor(readonly period: number) {}

  update(x: number): number | undefined {
    this.step(x);
    return Number.isNaN(this.value) ? undefined : this.value;
  }

  /** One price in; the RSI lands in `value`. */
  step(x: number): void {
    this.value = this.next(x);
  }

  private next(x: number): number {
    const prev = this.prev;
    this.prev = x;
    if (Number.isNaN(prev)) return Number.NaN;
    const change = x - prev;
    // Stryker disable next-line EqualityOperator: equivalent, a zero change adds 0 either way
    const gain = change > 0 ? change : 0;
    // Stryker disable next-line EqualityOperator: equivalent, a zero change adds 0 (or -0) either way
    const loss = change < 0 ? -change : 0;
    this.changes++;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, both averages are set together
    if (Number.isNaN(this.avgGain) || Number.isNaN(this.avgLoss)) {
      this.gainSum += gain;
      this.lossSum += loss;
      if (this.changes < this.period) return Number.NaN;
      this.avgGain = this.gainSum / this.period;
      this.avgLoss = this.lossSum / this.period;
    } else {
      this.avgGain = (this.avgGain * (this.period - 1) + gain) / this.period;
      this.avgLoss = (this.avgLoss * (this.period - 1) + loss) / this.period;
    }
    if (this.avgLoss === 0) return 100;
    // Stryker disable next-line ConditionalExpression: equivalent, the formula gives 0 too (kept to say so)
    if (this.avgGain === 0) return 0;
    return 100 - 100 / (1 + this.avgGain / this.avgLoss);
  }

  toState(): RsiState {
    const { period, changes, gainSum, lossSum } = this;
    const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);
    return { period, changes, gainSum, lossSum, prev: orNull(this.prev), avgGain: orNull(this.avgGain), avgLoss: orNull(this.avgLoss) };
  }

  encode(w: F64Writer): void {
    const opt = (x: number): number | undefined => (Number.isNaN(x) ? undefined : x);
    w.num(this.period).opt(opt(this.prev)).num(this.changes).num(this.gainSum).num(this.lossSum).opt(opt(this.avgGain)).opt(opt(this.avgLoss));
  }

  static decode(r: F64Reader): Rsi {
    const rsi = new Rsi(r.num());
    rsi.prev = r.opt() ?? Number.NaN;
    rsi.changes = r.num();
    rsi.gainSum = r.num();
    rsi.lossSum = r.num();
    rsi.avgGain = r.opt() ?? Number.NaN;
    rsi.avgLoss = r.opt() ?? Number.NaN;
    return rsi;
  }

  static restore(s: RsiState): Rsi {
    const r = new Rsi(s.period);
    r.prev = s.prev ?? Number.NaN;
    r.changes = s.changes;
    r.gainSum = s.gainSum;
    r.lossSum = s.lossSum;
    r.avgGain = s.avgGain ?? Number.NaN;
    r.avgLoss = s.avgLoss ?? Number.NaN;
    return r;
  }
}

export interface RsiState {
  period: number;
  prev: number | null;
  changes: number;
  gainSum: number;
  lossSum: number;
  avgGain: number | null;
  avgLoss: number | null;
}
