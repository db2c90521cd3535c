import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Ring, type RingState } from './ring.js';
import type { Float64Slab } from './slab.js';

/**
 * Simple moving average, O(1) per update. The running sum is Neumaier-compensated:
 * a plain running sum drifts over millions of ticks, which matters at 65,000 and at 1e-5 alike.
 * Reference: technicalindicators SMA (same definition: undefined until `period` values).
 */
export class Sma {
  private sum = 0;
  private comp = 0;

  constructor(
    readonly period: number,
    private readonly ring: Ring = new Ring(period),
  ) {}

  update(x: number): number | undefined {
    const evicted = this.ring.push(x);
    this.add(x);
    if (evicted !== undefined) this.add(-evicted);
    return this.ring.full ? (this.sum + this.comp) / this.period : undefined;
  }

  private add(x: number): void {
    const t = this.sum + x;
    // Stryker disable next-line EqualityOperator: equivalent, at equal magnitudes both Neumaier branches are exact
    this.comp += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  /** The window's values, oldest first is not needed: callers only aggregate over them. */
  get values(): Float64Array {
    return this.ring.buf;
  }

  toState(): SmaState {
    return { period: this.period, sum: this.sum, comp: this.comp, ring: this.ring.toState() };
  }

  encode(w: F64Writer): void {
    w.num(this.period).num(this.sum).num(this.comp);
    this.ring.encode(w);
  }

  static decode(r: F64Reader, slab?: Float64Slab): Sma {
    const period = r.num();
    const sum = r.num();
    const comp = r.num();
    const sma = new Sma(period, Ring.decode(r, slab));
    sma.sum = sum;
    sma.comp = comp;
    return sma;
  }

  static restore(s: SmaState): Sma {
    const sma = new Sma(s.period, Ring.restore(s.ring));
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
