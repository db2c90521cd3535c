import type { F64Reader, F64Writer } from '../f64-codec.js';
import type { Float64Slab } from './slab.js';

/** Fixed-size ring of the last `size` values. Float64Array keeps it compact (8 bytes/value). */
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

  toState(): RingState {
    return { size: this.size, count: this.count, head: this.head, values: this.buf.slice() }; // a copy: the checkpoint codec writes its raw bytes
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

  static restore(s: RingState): Ring {
    const r = new Ring(s.size);
    r.buf.set(s.values);
    r.count = s.count;
    r.head = s.head;
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
