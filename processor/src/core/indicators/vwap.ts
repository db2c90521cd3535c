import type { F64Reader, F64Writer } from '../f64-codec.js';

const DAY_MS = 86_400_000;

/**
 * Volume-weighted average price per UTC session day: sum(price * volume) / sum(volume),
 * reset when the event time enters a new day (a VWAP spanning days means little).
 * Undefined until some volume has traded in the session.
 */
export class Vwap {
  // Stryker disable next-line UnaryOperator: equivalent, a sentinel: any day resets sums that are 0 anyway
  private day = -1;
  private pv = 0;
  private vol = 0;
  /** The VWAP after the last step; NaN while the session has no volume. */
  value = Number.NaN;

  update(price: number, volume: number, ts: number): number | undefined {
    this.step(price, volume, ts);
    return Number.isNaN(this.value) ? undefined : this.value;
  }

  /** One trade in; the VWAP lands in `value`. */
  step(price: number, volume: number, ts: number): void {
    const day = Math.floor(ts / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.pv = 0;
      this.vol = 0;
    }
    this.pv += price * volume;
    this.vol += volume;
    this.value = this.vol > 0 ? this.pv / this.vol : Number.NaN;
  }

  toState(): VwapState {
    return { day: this.day, pv: this.pv, vol: this.vol };
  }

  encode(w: F64Writer): void {
    w.num(this.day).num(this.pv).num(this.vol);
  }

  static decode(r: F64Reader): Vwap {
    const v = new Vwap();
    v.day = r.num();
    v.pv = r.num();
    v.vol = r.num();
    return v;
  }

  static restore(s: VwapState): Vwap {
    const v = new Vwap();
    v.day = s.day;
    v.pv = s.pv;
    v.vol = s.vol;
    return v;
  }
}

export interface VwapState {
  day: number;
  pv: number;
  vol: number;
}
