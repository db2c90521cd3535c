import type { F64Reader, F64Writer } from '../f64-codec.js';
import type { Float64Slab } from './slab.js';

/**
 * Fixed-size ring of the last `size` values. Float64Array keeps it compact (8 bytes/value).
 * One ring is a symbol's price window, shared by every windowed indicator of its set.
 */
export class Ring {
  readonly buf: Float64Array;
  /** Values pushed so far (saturates only in meaning: `full` once >= size). */
  count = 0;
  private head = 0;

  /** With a slab, its doubles come from there (see Float64Slab). */
  constructor(
    readonly size: number,
    slab?: Float64Slab,
  ) {
    this.buf = slab ? slab.take(size) : new Float64Array(size);
  }

  get full(): boolean {
    return this.count >= this.size;
  }

  /** Pushes x, returning the value it evicted (undefined until full). */
  push(x: number): number | undefined {
    const evicted = this.full ? this.buf[this.head] : undefined;
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.size;
    this.count++;
    return evicted;
  }

  /** The value pushed `lag` pushes ago (0: the newest); lag < min(count, size). */
  back(lag: number): number {
    const i = this.head - 1 - lag;
    return this.buf[i < 0 ? i + this.size : i] as number;
  }

  /**
   * The sum of squared distances from `mean` of the newest `n` values, added in the order a ring
   * of `n` alone holds them (position = push number mod n): the sum rounds exactly as it did
   * when each indicator had a ring of its own, so a replay after an upgrade rewrites equal values.
   */
  squaredDeviation(n: number, mean: number): number {
    const { buf, size } = this;
    // Position 0 of that ring holds the value `lag` pushes back; each next position is one newer, wrapping to the oldest.
    let lag = n - 1 - ((((-this.count) % n) + n) % n);
    let sq = 0;
    for (let pos = 0; pos < n; pos++, lag--) {
      if (lag < 0) lag += n;
      const i = this.head - 1 - lag;
      const d = (buf[i < 0 ? i + size : i] as number) - mean;
      sq += d * d;
    }
    return sq;
  }

  /**
   * The newest `size` values as a ring of that size alone would hold them (position = push
   * number mod size): the checkpoint shape of the indicators that each had their own ring.
   */
  toState(size = this.size): RingState {
    const values = new Float64Array(size);
    for (let lag = 0; lag < Math.min(this.count, size); lag++) values[(this.count - 1 - lag) % size] = this.back(lag);
    return { size, count: this.count, head: this.count % size, values };
  }

  /** Checkpoint without a copy of the ring: its doubles go straight into the writer. */
  encode(w: F64Writer): void {
    w.num(this.size).num(this.count).num(this.head).nums(this.buf);
  }

  static decode(r: F64Reader, slab?: Float64Slab): Ring {
    const ring = new Ring(r.num(), slab);
    ring.count = r.num();
    ring.head = r.num();
    ring.buf.set(r.nums(ring.size));
    return ring;
  }

  /** A ring of `size` (at least the state's) holding the state's values, newest last. */
  static restore(s: RingState, size = s.size, slab?: Float64Slab): Ring {
    const r = new Ring(size, slab);
    const n = Math.min(s.count, s.size);
    for (let lag = n - 1; lag >= 0; lag--) r.push(s.values[(((s.head - 1 - lag) % s.size) + s.size) % s.size] as number);
    r.count = s.count;
    return r;
  }
}

export interface RingState {
  size: number;
  count: number;
  head: number;
  /** Raw doubles: the changelog's V8 codec keeps a Float64Array as bytes. */
  values: Float64Array;
}
