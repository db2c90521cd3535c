import { MEASUREMENTS, type BucketKind } from '@tickflow/contracts';
import { FlushSpread, type FlushShare } from '../flush-spread.js';
import type { EntityStates, Output } from '../handler.js';
import type { Point } from '../points.js';
import type { Retention } from '../retention.js';
import { addTo, cubeTags, dimensionKeys, emptyAgg, OVERFLOW_CUBE_KEY, OVERFLOW_KEY, type Agg, type Dimension, type SaleFacts } from './window-agg.js';

export interface WindowSetOptions {
  windowMs: number;
  /** The `window` tag of its points. */
  tag: string;
  bucket: BucketKind;
  partition: number;
  maxKeysPerWindow: number;
  retention: Retention;
  /**
   * Long-lived windows (hourly) are written when they close and a share of them at each flush,
   * not at every batch end; a restored one is rewritten once (the checkpoint may be newer than
   * its last write).
   */
  longLived: boolean;
}

export interface WindowJson {
  aggs: [string, { dim: Dimension; key: string; agg: Agg }][];
  /** Line keys (saleKey in contracts). */
  orders: string[];
  /** (aggregate, order) pairs of order lines; absent when the window has none. */
  counted?: string[];
  /** Kafka timestamp of the record that opened the window (its retention decision). */
  openedAt?: number;
}

interface Window {
  aggs: Map<string, { dim: Dimension; key: string; agg: Agg }>;
  dirty: Set<string>;
  /** Line keys counted in this window: duplicates are caught while they could still count. */
  orders: Set<string>;
  /** `aggregate id + order id` pairs already counted: an order counts once per aggregate. */
  counted: Set<string>;
  /** Distinct keys per dimension (for the cap). */
  keys: Map<Dimension, number>;
  openedAt: number;
}

/**
 * Event-time tumbling windows of one length over one partition's orders (the minute windows in
 * raw, the hourly ones in longterm). Lateness is the handler's: it passes the watermark.
 */
export class WindowSet {
  private readonly windows = new Map<number, Window>();
  /** Windows changed (or closed) since the last checkpoint. */
  private readonly changed = new Set<number>();
  private readonly spread = new FlushSpread();
  /** The `partition` tag of its points. */
  private readonly partitionTag: string;

  constructor(private readonly o: WindowSetOptions) {
    this.partitionTag = String(o.partition);
  }

  /** Whether a window changed (or closed) since the last checkpoint. */
  get changedAny(): boolean {
    return this.changed.size > 0;
  }

  get size(): number {
    return this.windows.size;
  }

  startOf(ts: number): number {
    return ts - (ts % this.o.windowMs);
  }

  /** Only windows still open by the watermark count, so the answer never depends on batch ends. */
  has(set: 'orders' | 'counted', key: string, watermark: number): boolean {
    for (const [start, w] of this.windows) {
      if (start + this.o.windowMs > watermark && w[set].has(key)) return true;
    }
    return false;
  }

  /**
   * Adds a sale to its window (`line`: its line key, kept for duplicate checks; `lines`: it is an
   * order line, so orders count distinct order ids). Returns whether the window's bucket keeps it.
   */
  add(ts: number, facts: SaleFacts, orderId: string, opts: { line?: string; lines: boolean; watermark: number; now: number }): boolean {
    const start = this.startOf(ts);
    const { lines, watermark } = opts;
    const newOrder = !lines || !this.has('counted', `total\u0000all\u0000${orderId}`, watermark);
    const w = this.window(start, opts.now);
    if (opts.line !== undefined) w.orders.add(opts.line);
    for (const [dim, key] of dimensionKeys(facts)) {
      const entry = this.entry(w, dim, key);
      const id = `${dim}\u0000${entry.key}`;
      // The cube counts an order once, in the cell of its first line: summed over any set of
      // cells it never counts an order twice (and over all cells it is the distinct total).
      if (dim === 'cube') {
        addTo(entry.agg, facts, newOrder);
      } else {
        const pair = `${id}\u0000${orderId}`;
        addTo(entry.agg, facts, !lines || !this.has('counted', pair, watermark));
        if (lines) w.counted.add(pair);
      }
      w.dirty.add(id);
    }
    this.changed.add(start);
    return this.keeps(start, w);
  }

  /**
   * Writes touched aggregates (of a long-lived window: when it closes, else `flush` of them), then
   * frees closed windows.
   */
  emit(out: Output, watermark: number, flush: FlushShare): void {
    let budget = this.o.longLived ? this.spread.take(flush, () => this.dirtyCount()) : Infinity;
    for (const [start, w] of this.windows) {
      const closing = start + this.o.windowMs <= watermark;
      const keep = this.keeps(start, w);
      if (!keep) {
        if (closing && this.o.bucket === 'raw') out.rawSkipped += w.aggs.size;
        w.dirty.clear();
      }
      for (const id of w.dirty) {
        if (!closing && budget <= 0) break;
        if (!closing) budget--;
        w.dirty.delete(id);
        const e = w.aggs.get(id);
        // Stryker disable next-line ConditionalExpression: equivalent, a dirty id is always in aggs (a type guard)
        if (e) out.points.push(this.point(start, e));
      }
      // Closing frees state only; lateness is decided from the watermark alone by the handler.
      if (closing) {
        this.windows.delete(start);
        this.changed.add(start);
      }
    }
  }

  private dirtyCount(): number {
    let n = 0;
    for (const w of this.windows.values()) n += w.dirty.size;
    return n;
  }

  private point(start: number, e: { dim: Dimension; key: string; agg: Agg }): Point {
    const partition = this.partitionTag;
    const window = this.o.tag;
    const { revenue, orders, units, highTicket } = e.agg;
    const cube = e.dim === 'cube';
    return {
      measurement: cube ? MEASUREMENTS.salesCube : MEASUREMENTS.sales,
      tags: cube ? { ...cubeTags(e.key), partition, window } : { dim: e.dim, key: e.key, partition, window },
      fields: { revenue, orders, units, high_ticket: highTicket },
      ts: start,
      ...(this.o.bucket === 'raw' ? {} : { bucket: this.o.bucket }),
    };
  }

  /** Changed windows into `states` under `prefix + start` (null: closed). */
  takeChanged(prefix: string, states: EntityStates): void {
    for (const start of this.changed) {
      const w = this.windows.get(start);
      // Copies: the checkpoint may be encoded after more orders changed these objects.
      const json: WindowJson | null = w
        ? { aggs: [...w.aggs].map(([id, e]) => [id, { ...e, agg: { ...e.agg } }]), orders: [...w.orders], ...(w.counted.size > 0 ? { counted: [...w.counted] } : {}), openedAt: w.openedAt }
        : null;
      states.set(prefix + start, json);
    }
    this.changed.clear();
  }

  restore(start: number, w: WindowJson): void {
    const keys = new Map<Dimension, number>();
    for (const [, e] of w.aggs) keys.set(e.dim, (keys.get(e.dim) ?? 0) + 1);
    const dirty = new Set(this.o.longLived ? w.aggs.map(([id]) => id) : []);
    // A window checkpointed before openedAt existed was opened near its own time (live data).
    this.windows.set(start, { aggs: new Map(w.aggs), dirty, orders: new Set(w.orders), counted: new Set(w.counted), keys, openedAt: w.openedAt ?? start });
  }

  private keeps(start: number, w: Window): boolean {
    return this.o.retention.keeps(this.o.bucket, start, w.openedAt);
  }

  private window(start: number, now: number): Window {
    let w = this.windows.get(start);
    if (!w) this.windows.set(start, (w = { aggs: new Map(), dirty: new Set(), orders: new Set(), counted: new Set(), keys: new Map(), openedAt: now }));
    return w;
  }

  /** The aggregate of (dim, key) in a window, or its dimension's overflow once the cap is reached. */
  private entry(w: Window, dim: Dimension, key: string): { dim: Dimension; key: string; agg: Agg } {
    const found = w.aggs.get(`${dim}\u0000${key}`);
    if (found) return found;
    const n = w.keys.get(dim) ?? 0;
    const k = n < this.o.maxKeysPerWindow ? key : dim === 'cube' ? OVERFLOW_CUBE_KEY : OVERFLOW_KEY;
    const id = `${dim}\u0000${k}`;
    let entry = w.aggs.get(id);
    if (!entry) {
      w.aggs.set(id, (entry = { dim, key: k, agg: emptyAgg() }));
      w.keys.set(dim, n + 1);
    }
    return entry;
  }
}
