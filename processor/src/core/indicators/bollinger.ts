import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Ring } from './ring.js';
import { Sma, type SmaState } from './sma.js';

export interface BollingerValue {
  upper: number;
  middle: number;
  lower: number;
}

/**
 * Bollinger bands: SMA(period) +/- k * population standard deviation over the same window,
 * as technicalindicators' BollingerBands. The deviation is summed around the mean over the
 * window (two-pass), never as E[x^2] - E[x]^2, which cancels catastrophically at high prices.
 */
export class Bollinger {
  constructor(
    private readonly sma: Sma,
    readonly k: number,
  ) {}

  /** Over `window` (its own of period + 1 by default). */
  static create(period = 20, k = 2, window: Ring = new Ring(period + 1)): Bollinger {
    return new Bollinger(new Sma(period, window), k);
  }

  get period(): number {
    return this.sma.period;
  }

  /** The bands after the last step: NaN until the window is full. */
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  /** x into the window, then the bands. */
  step(x: number): void {
    this.sma.window.push(x);
    this.next(x);
  }

  /** The bands once x is the window's newest value; they land in upper, middle and lower (no object per price). */
  next(x: number): void {
    this.sma.next(x);
    const mean = this.sma.value;
    if (Number.isNaN(mean)) return;
    const n = this.sma.period;
    const sd = Math.sqrt(this.sma.window.squaredDeviation(n, mean) / n);
    this.upper = mean + this.k * sd;
    this.middle = mean;
    this.lower = mean - this.k * sd;
  }

  update(x: number): BollingerValue | undefined {
    this.step(x);
    return Number.isNaN(this.middle) ? undefined : { upper: this.upper, middle: this.middle, lower: this.lower };
  }

  toState(): BollingerState {
    return { k: this.k, sma: this.sma.toState() };
  }

  /** k and the sums; the window is written once by its owner. */
  encodeSums(w: F64Writer): void {
    w.num(this.k);
    this.sma.encodeSums(w);
  }

  static decodeSums(r: F64Reader, window: Ring): Bollinger {
    const k = r.num();
    return new Bollinger(Sma.decodeSums(r, window), k);
  }

  static restore(s: BollingerState, window?: Ring): Bollinger {
    return new Bollinger(Sma.restore(s.sma, window), s.k);
  }
}

export interface BollingerState {
  k: number;
  sma: SmaState;
}
