import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Ema, type EmaState } from './ema.js';

export interface MacdValue {
  macd: number;
  signal?: number;
  histogram?: number;
}

/**
 * MACD(fast, slow, signal), EMA-based throughout, as technicalindicators' MACD with
 * SimpleMAOscillator: false and SimpleMASignal: false. MACD exists once the slow EMA does;
 * the signal is an EMA of the MACD line.
 */
export class Macd {
  constructor(
    private readonly fast: Ema,
    private readonly slow: Ema,
    private readonly signal: Ema,
  ) {}

  static create(fast = 12, slow = 26, signal = 9): Macd {
    return new Macd(new Ema(fast), new Ema(slow), new Ema(signal));
  }

  /** The MACD line after the last step (NaN until the slow EMA exists), and its signal (NaN until that exists). */
  line = Number.NaN;
  signalLine = Number.NaN;

  /** One price in; the values land in `line` and `signalLine` (no object per price: IndicatorSet's hot path). */
  step(x: number): void {
    this.fast.step(x);
    this.slow.step(x);
    // NaN until the slow EMA exists (the fast one warms up first); then the signal follows the line.
    this.line = this.fast.value - this.slow.value;
    if (Number.isNaN(this.line)) return;
    this.signal.step(this.line);
    this.signalLine = this.signal.value;
  }

  update(x: number): MacdValue | undefined {
    this.step(x);
    const { line: macd, signalLine: signal } = this;
    if (Number.isNaN(macd)) return undefined;
    return Number.isNaN(signal) ? { macd } : { macd, signal, histogram: macd - signal };
  }

  toState(): MacdState {
    return { fast: this.fast.toState(), slow: this.slow.toState(), signal: this.signal.toState() };
  }

  encode(w: F64Writer): void {
    this.fast.encode(w);
    this.slow.encode(w);
    this.signal.encode(w);
  }

  static decode(r: F64Reader): Macd {
    const fast = Ema.decode(r);
    const slow = Ema.decode(r);
    return new Macd(fast, slow, Ema.decode(r));
  }

  static restore(s: MacdState): Macd {
    return new Macd(Ema.restore(s.fast), Ema.restore(s.slow), Ema.restore(s.signal));
  }
}

export interface MacdState {
  fast: EmaState;
  slow: EmaState;
  signal: EmaState;
}
