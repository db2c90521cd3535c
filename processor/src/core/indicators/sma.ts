import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Ring, type RingState } from './ring.js';

/**
 * Simple moving average, O(1) per update. The running sum is Neumaier-compensated:
 * a plain running sum drifts over millions of ticks, which matters at 65,000 and at 1e-5 alike.
 * Reference: technicalindicators SMA (same definition: undefined until `period` values).
 *
 * Its values live in a price window of at least period + 1 (the one leaving is read after the
 * newest came in): its own, or the one its IndicatorSet shares between every windowed indicator.
 */
export class Sma {
  private sum = 0;
  private comp = 0;
  /** The average after the last value; NaN until `period` values. */
  value = Number.NaN;

  constructor(
    readonly period: number,
    readonly window: Ring = new Ring(period + 1),
  ) {
    if (window.size <= period) throw new Error(`a window of ${window.size} cannot hold sma(${period}) and the value leaving it`);
  }

  /** x into the window, then the average. */
  update(x: number): number | undefined {
    this.window.push(x);
    this.next(x);
    return Number.isNaN(this.value) ? undefined : this.value;
  }

  /** The average into `value`, once x is the window's newest value (an IndicatorSet pushes once for all). */
  next(x: number): void {
    const w = this.window;
    this.add(x);
    if (w.count > this.period) this.add(-w.back(this.period));
    this.value = w.count >= this.period ? (this.sum + this.comp) / this.period : Number.NaN;
  }

  private add(x: number): void {
    const t = this.sum + x;
    // Stryker disable next-line EqualityOperator: equivalent, at equal magnitudes both Neumaier branches are exact
    this.comp += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  /** The state as when each average had a ring of `period` values (the JSON checkpoint shape). */
  toState(): SmaState {
    return { period: this.period, sum: this.sum, comp: this.comp, ring: this.window.toState(this.period) };
  }

  /** The sums only: the window is written once by its owner. */
  encodeSums(w: F64Writer): void {
    w.num(this.period).num(this.sum).num(this.comp);
  }

  static decodeSums(r: F64Reader, window: Ring): Sma {
    const sma = new Sma(r.num(), window);
    sma.sum = r.num();
    sma.comp = r.num();
    return sma;
  }

  /** Over `window` (a new one of period + 1 by default), already holding the state's values. */
  static restore(s: SmaState, window: Ring = Ring.restore(s.ring, s.period + 1)): Sma {
    const sma = new Sma(s.period, window);
    sma.sum = s.sum;
    sma.comp = s.comp;
    return sma;
  }
}

export interface SmaState {
  period: number;
  sum: number;
  comp: number;
  ring: RingState;
}
