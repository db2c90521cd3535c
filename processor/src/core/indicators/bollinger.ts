import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Ring } from './ring.js';
import type { Float64Slab } from './slab.js';
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

  static create(period = 20, k = 2, slab?: Float64Slab): Bollinger {
    return new Bollinger(new Sma(period, new Ring(period, slab)), k);
  }

  /** The bands after the last step: NaN until the window is full. */
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  /** One price in; the bands land in upper, middle and lower (no object per price: IndicatorSet's hot path). */
  step(x: number): void {
    const mean = this.sma.update(x);
    if (mean === undefined) return;
    const values = this.sma.values;
    let sq = 0;
    for (let i = 0; i < values.length; i++) {
      const d = (values[i] as number) - mean;
      sq += d * d;
    }
    const sd = Math.sqrt(sq / values.length);
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

  encode(w: F64Writer): void {
    w.num(this.k);
    this.sma.encode(w);
  }

  static decode(r: F64Reader, slab?: Float64Slab): Bollinger {
    const k = r.num();
    return new Bollinger(Sma.decode(r, slab), k);
  }

  static restore(s: BollingerState): Bollinger {
    return new Bollinger(Sma.restore(s.sma), s.k);
  }
}

export interface BollingerState {
  k: number;
  sma: SmaState;
}
