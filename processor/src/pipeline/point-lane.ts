import { LineBatch } from '../core/line-batch.js';
import type { LineSink, Refusal } from '../sinks/sink.js';

export interface LaneOptions {
  /** Most lines per write. */
  batchLines: number;
}

/** Lines of one handled batch, and the source offset of its last record. */
interface Segment {
  seq: number;
  lines: LineBatch;
  offset: string;
  /** Kafka timestamps of the batch's records, for the latency metric. */
  stamps: number[];
  /** When the batch was handled (enqueued), ms. */
  handledAt: number;
}

/** What the latency metric learns when a segment is acknowledged. */
export interface AckedSegment {
  stamps: readonly number[];
  handledAt: number;
  /** When the write carrying it started, ms. */
  writtenAt: number;
}

export interface RefusedLine extends Refusal<string> {
  offset: string;
  seq: number;
}

/**
 * The points of ONE partition on their way to InfluxDB: lines are written as soon as the
 * previous write returns, one write at a time, in order (a rewritten open candle must never be
 * overtaken by an older copy). Waiting for more is the writer's: it lingers so that the writes
 * of every partition leave in one request. `flushed(seq)` tells the commit cycle when
 * everything enqueued up to a point is acknowledged.
 */
export class PointLane {
  private queue: Segment[] = [];
  private queuedLines = 0;
  private inFlight: Promise<void> | undefined;
  private waiters: { seq: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly refused: RefusedLine[] = [];
  /** Sequence number of the last enqueued segment. */
  seq = 0;
  /** Every segment up to this one is acknowledged. */
  private acked = 0;
  failed: Error | undefined;
  private closed = false;

  constructor(
    private readonly sink: LineSink,
    private readonly opts: LaneOptions,
    private readonly onAck: (a: AckedSegment) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Lines waiting or being written. */
  get pending(): number {
    return this.queuedLines;
  }

  /** Resolves once fewer than `max` lines are pending (backpressure for the consumer). */
  async below(max: number): Promise<void> {
    while (this.queuedLines >= max) await this.flushed((this.queue[0] ?? { seq: this.seq }).seq);
  }

  enqueue(lines: LineBatch, offset: string, stamps: number[]): number {
    const seq = ++this.seq;
    const handledAt = this.now();
    if (lines.count === 0 && !this.inFlight && this.queue.length === 0) {
      this.acked = seq; // nothing to write, nothing before it pending
      this.onAck({ stamps, handledAt, writtenAt: handledAt });
      return seq;
    }
    this.queue.push({ seq, lines, offset, stamps, handledAt });
    this.queuedLines += lines.count;
    this.pump(false);
    return seq;
  }

  /** Resolves once every segment up to `seq` is acknowledged. */
  flushed(seq = this.seq): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.acked >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
    });
  }

  /** Removes and returns the refused lines of segments up to `seq`. */
  takeRefused(seq: number): RefusedLine[] {
    const out: RefusedLine[] = [];
    for (let i = this.refused.length - 1; i >= 0; i--) {
      if ((this.refused[i] as RefusedLine).seq <= seq) out.unshift(...this.refused.splice(i, 1));
    }
    return out;
  }

  /** Drops what is queued and waits for the write in flight (a reset must not be overtaken by it). */
  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
    this.queuedLines = 0;
    await this.inFlight?.catch(() => {});
    this.fail(new Error('point lane closed'));
  }

  /** `waited`: what is queued has waited behind the previous write (the writer adds no linger). */
  private pump(waited: boolean): void {
    if (this.inFlight || this.closed || this.failed || this.queue.length === 0) return;
    const take: Segment[] = [];
    let n = 0;
    while (this.queue.length > 0 && (n === 0 || n + (this.queue[0] as Segment).lines.count <= this.opts.batchLines)) {
      const s = this.queue.shift() as Segment;
      take.push(s);
      n += s.lines.count;
    }
    this.inFlight = this.write(take, n, waited).finally(() => {
      this.inFlight = undefined;
      this.pump(true);
    });
  }

  private async write(segments: Segment[], n: number, waited: boolean): Promise<void> {
    const lines = segments.length === 1 ? (segments[0] as Segment).lines : LineBatch.concat(segments.map((s) => s.lines));
    const writtenAt = this.now();
    try {
      const refusals = await this.sink.write(lines, waited);
      if (refusals.length > 0) this.keepRefusals(segments, refusals);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.queuedLines -= n;
    const last = segments[segments.length - 1] as Segment;
    this.acked = last.seq;
    for (const s of segments) this.onAck({ stamps: s.stamps, handledAt: s.handledAt, writtenAt });
    this.waiters = this.waiters.filter((w) => (w.seq <= this.acked ? void w.resolve() : true));
  }

  private keepRefusals(segments: Segment[], refusals: readonly Refusal<string>[]): void {
    const where = new Map<string, Segment>();
    for (const s of segments) for (const l of s.lines.lines()) where.set(l, s);
    for (const r of refusals) {
      const s = where.get(r.item) as Segment;
      this.refused.push({ ...r, offset: s.offset, seq: s.seq });
    }
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiters) w.reject(this.failed);
    this.waiters = [];
  }
}
