/**
 * A checkpoint state as a flat run of doubles: no intermediate objects, no copies of rings
 * before the bytes (the V8 serialiser walked an object tree per symbol per commit). Readers
 * read the fields back in the order writers wrote them; a leading version says which order.
 * Byte order is the machine's (little-endian on every platform Node supports).
 */
export class F64Writer {
  private buf = new Float64Array(512);
  private n = 0;

  /** Starts a new value (the writer is reused across entities). */
  reset(): this {
    this.n = 0;
    return this;
  }

  num(x: number): this {
    if (this.n === this.buf.length) this.grow(1);
    this.buf[this.n++] = x;
    return this;
  }

  /** An optional number: a presence flag, then the value (NaN stays a value, never "absent"). */
  opt(x: number | undefined): this {
    return x === undefined ? this.num(0) : this.num(1).num(x);
  }

  nums(a: Float64Array): this {
    if (this.n + a.length > this.buf.length) this.grow(a.length);
    this.buf.set(a, this.n);
    this.n += a.length;
    return this;
  }

  /** A copy of what was written since reset(), after `header` bytes left for the caller. */
  bytes(header = 0): Buffer {
    // allocUnsafe: a slice of Node's pool (a new ArrayBuffer per value cost ~4x as much); every byte is written.
    const out = Buffer.allocUnsafe(header + this.n * 8);
    out.fill(0, 0, header);
    out.set(new Uint8Array(this.buf.buffer, 0, this.n * 8), header);
    return out;
  }

  private grow(atLeast: number): void {
    const next = new Float64Array(Math.max(this.buf.length * 2, this.n + atLeast));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
}

export class F64Reader {
  private readonly buf: Float64Array;
  private i = 0;

  /** Reads the doubles after the first `header` bytes. */
  constructor(bytes: Uint8Array, header = 0) {
    const length = bytes.length - header;
    if (length < 0 || length % 8 !== 0) throw new Error(`state of ${length} bytes is not a run of doubles`);
    // A copy: a Kafka value's bytes need not be 8-byte aligned.
    const start = bytes.byteOffset + header;
    this.buf = new Float64Array(bytes.buffer.slice(start, start + length));
  }

  num(): number {
    if (this.i >= this.buf.length) throw new Error('state ends early');
    return this.buf[this.i++] as number;
  }

  opt(): number | undefined {
    return this.num() === 0 ? undefined : this.num();
  }

  nums(n: number): Float64Array {
    if (this.i + n > this.buf.length) throw new Error('state ends early');
    const out = this.buf.slice(this.i, this.i + n);
    this.i += n;
    return out;
  }

  /** Throws unless every double was read (a writer and reader out of step). */
  end(): void {
    if (this.i !== this.buf.length) throw new Error(`state has ${this.buf.length - this.i} unread values`);
  }
}
