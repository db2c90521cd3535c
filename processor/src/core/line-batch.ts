const NEWLINE = Buffer.from('\n');
const LF = 0x0a;

/**
 * Lines of line protocol as the bytes of a request body, '\n' between them (a line never holds
 * a raw newline: the LineWriter escapes them). Lines wait for InfluxDB's ack for up to a few
 * hundred ms; kept as strings they outlived young-generation collections and were copied into
 * the old generation. As bytes they are off the JS heap, and the body is encoded once.
 */
export class LineBatch {
  static readonly EMPTY = new LineBatch(Buffer.alloc(0), 0);

  private constructor(
    readonly bytes: Buffer,
    /** Number of lines. */
    readonly count: number,
  ) {}

  static of(lines: readonly string[]): LineBatch {
    return lines.length === 0 ? LineBatch.EMPTY : new LineBatch(Buffer.from(lines.join('\n'), 'utf8'), lines.length);
  }

  /** `count` lines already encoded as bytes (LineWriter). */
  static fromBytes(bytes: Buffer, count: number): LineBatch {
    return count === 0 ? LineBatch.EMPTY : new LineBatch(bytes, count);
  }

  /** The lines of several batches as one, in order. */
  static concat(batches: readonly LineBatch[]): LineBatch {
    const parts = batches.filter((b) => b.count > 0);
    if (parts.length <= 1) return parts[0] ?? LineBatch.EMPTY;
    const buffers: Buffer[] = [];
    let count = 0;
    for (const b of parts) {
      if (buffers.length > 0) buffers.push(NEWLINE);
      buffers.push(b.bytes);
      count += b.count;
    }
    return new LineBatch(Buffer.concat(buffers), count);
  }

  /** The lines as text: only where a line must be named (a refusal, a dead letter, tests). */
  lines(): string[] {
    return this.count === 0 ? [] : this.bytes.toString('utf8').split('\n');
  }

  /** Runs of at most `max` lines each (a request's size), cut at line ends without decoding. */
  split(max: number): LineBatch[] {
    if (this.count <= max) return [this];
    const runs: LineBatch[] = [];
    let start = 0;
    let left = this.count;
    while (left > max) {
      let end = start;
      for (let i = 0; i < max; i++) end = this.bytes.indexOf(LF, end) + 1;
      runs.push(new LineBatch(this.bytes.subarray(start, end - 1), max));
      start = end;
      left -= max;
    }
    runs.push(new LineBatch(this.bytes.subarray(start), left));
    return runs;
  }
}
