import type { BucketKind } from '@tickflow/contracts';
import { LineWriter } from '../core/line-protocol.js';
import type { Point } from '../core/points.js';
import type { LineSink } from '../sinks/sink.js';
import { PointLane, type AckedSegment, type LaneOptions, type RefusedLine } from './point-lane.js';

export const BUCKET_KINDS: readonly BucketKind[] = ['raw', 'longterm', 'daily'];
export type LaneSeqs = Record<BucketKind, number>;

/**
 * One partition's lanes, one per bucket (each its own InfluxWriter): a commit waits until every
 * lane has acknowledged what was enqueued before it. Only the raw lane carries latency stamps.
 */
export class BucketLanes {
  readonly lanes: Readonly<Record<BucketKind, PointLane>>;
  private readonly writers: Readonly<Record<BucketKind, LineWriter>> = { raw: new LineWriter(), longterm: new LineWriter(4096), daily: new LineWriter(4096) };

  constructor(raw: LineSink, buckets: Partial<Record<BucketKind, LineSink>> | undefined, opts: LaneOptions, onAck: (a: AckedSegment) => void, now: () => number) {
    const lane = (kind: BucketKind) => new PointLane(buckets?.[kind] ?? raw, opts, kind === 'raw' ? onAck : () => {}, now);
    this.lanes = { raw: lane('raw'), longterm: lane('longterm'), daily: lane('daily') };
  }

  /** Lines waiting or being written, over every lane. */
  get pending(): number {
    return BUCKET_KINDS.reduce((n, k) => n + this.lanes[k].pending, 0);
  }

  get failed(): Error | undefined {
    return BUCKET_KINDS.map((k) => this.lanes[k].failed).find((e) => e !== undefined);
  }

  get seqs(): LaneSeqs {
    return { raw: this.lanes.raw.seq, longterm: this.lanes.longterm.seq, daily: this.lanes.daily.seq };
  }

  /** Resolves once each lane has fewer than `max` lines pending (backpressure). */
  async below(max: number): Promise<void> {
    for (const k of BUCKET_KINDS) await this.lanes[k].below(max);
  }

  /** Points to the lane of their bucket (raw when unmarked); the raw lane gets a segment even when empty (latency stamps). */
  enqueue(points: readonly Point[], offset: string, stamps: number[]): void {
    for (const p of points) this.writers[p.bucket ?? 'raw'].add(p);
    this.lanes.raw.enqueue(this.writers.raw.take(), offset, stamps);
    const longterm = this.writers.longterm.take();
    if (longterm.count > 0) this.lanes.longterm.enqueue(longterm, offset, []);
    const daily = this.writers.daily.take();
    if (daily.count > 0) this.lanes.daily.enqueue(daily, offset, []);
  }

  flushed(seqs: LaneSeqs): Promise<void> {
    return Promise.all(BUCKET_KINDS.map((k) => this.lanes[k].flushed(seqs[k]))).then(() => {});
  }

  /** Refused lines of segments up to `seqs`, per bucket. */
  takeRefused(seqs: LaneSeqs): [BucketKind, RefusedLine[]][] {
    return BUCKET_KINDS.map((k) => [k, this.lanes[k].takeRefused(seqs[k])]);
  }

  close(): Promise<void> {
    return Promise.all(BUCKET_KINDS.map((k) => this.lanes[k].close())).then(() => {});
  }
}
