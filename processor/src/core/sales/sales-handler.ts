import { decodeEvent, MEASUREMENTS, saleKey, SaleEventSchema, type FxTable } from '@tickflow/contracts';
import type { EntityStates, InRecord, Output, PartitionHandler } from '../handler.js';
import { addOrder, customerFields, type CustomerTotals } from './customers.js';
import { highTicketPoint } from './high-ticket.js';
import { addTo, cubeTags, dimensionKeys, emptyAgg, OVERFLOW_CUBE_KEY, OVERFLOW_KEY, type Agg, type Dimension } from './window-agg.js';

export interface SalesHandlerOptions {
  partition: number;
  windowMs: number;
  /** How long after a window's end late events are still accepted, ms. */
  allowedLatenessMs: number;
  /** Orders at or above this amount (base currency) count as high-ticket. */
  highTicketThreshold: number;
  fx: FxTable;
  maxFutureMs: number;
  /** A customer counts as loyal from this many orders on. */
  loyalAfterOrders: number;
  /**
   * Distinct keys per dimension per window and partition (cube cells count as keys of `cube`);
   * further keys go to `(other)`. Bounds the points per window whatever the input.
   */
  maxKeysPerWindow: number;
}

/** Checkpoint entities: the watermark, one per open window (deleted when it closes), one per customer. */
const META = 'meta';
const WINDOW = 'w:';
const CUSTOMER = 'c:';

interface WindowJson {
  aggs: [string, { dim: Dimension; key: string; agg: Agg }][];
  /** Line keys (saleKey in contracts). */
  orders: string[];
  /** (aggregate, order) pairs of order lines; absent when the window has none. */
  counted?: string[];
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
}

const TOTAL_ID = 'total\u0000all';

/**
 * Event-time tumbling windows over one partition's orders. The watermark is the highest
 * event time seen minus the allowed lateness; a window closes once the watermark passes its
 * end. Aggregates are partial per partition (tag `partition`), so each partition's points
 * depend only on its own records and dashboards sum across partitions.
 */
export class SalesHandler implements PartitionHandler {
  private readonly windows = new Map<number, Window>();
  private readonly customers = new Map<string, CustomerTotals>();
  private readonly dirtyCustomers = new Set<string>();
  /** Windows changed (or closed) since the last checkpoint. */
  private readonly dirtyWindows = new Set<number>();
  private maxTs = 0;

  constructor(private readonly opts: SalesHandlerOptions) {}

  /** Highest event time seen minus the allowed lateness: windows ending at or before it are closed. */
  get watermark(): number {
    return this.maxTs - this.opts.allowedLatenessMs;
  }

  handle(record: InRecord, out: Output): void {
    const o = this.opts;
    const d = decodeEvent(SaleEventSchema, record.value, { now: record.timestamp, maxFutureMs: o.maxFutureMs });
    if (!d.ok) return void out.rejected.push({ record, reason: d.reason, error: d.error });
    const sale = d.event;
    const start = sale.ts - (sale.ts % o.windowMs);
    if (start + o.windowMs <= this.watermark) {
      const error = `window ${new Date(start).toISOString()} closed (watermark ${new Date(this.watermark).toISOString()})`;
      return void out.rejected.push({ record, reason: 'late', error });
    }
    const line = saleKey(sale);
    if (this.isCounted((w) => w.orders, line)) {
      const what = sale.lineId === undefined ? `order ${sale.orderId}` : `order ${sale.orderId} line ${sale.lineId}`;
      return void out.rejected.push({ record, reason: 'duplicate', error: `${what} already counted` });
    }
    const revenue = o.fx.toBase(sale.amount, sale.currency);
    if (revenue === undefined) {
      return void out.rejected.push({ record, reason: 'unknown_currency', error: `no rate for ${sale.currency}` });
    }
    const facts = {
      category: sale.category,
      city: sale.city,
      country: sale.country,
      segment: sale.segment,
      product: sale.product,
      paymentMethod: sale.paymentMethod,
      units: sale.quantity,
      revenue,
      highTicket: revenue >= o.highTicketThreshold,
    };
    // Orders and baskets count distinct order ids: a further line of an order adds revenue and
    // units only. An event without lineId is a whole order (a repeat was rejected above), so only
    // order lines need the (aggregate, order) pairs in state.
    const lines = sale.lineId !== undefined;
    const newOrder = !lines || !this.isCounted((w) => w.counted, `${TOTAL_ID}\u0000${sale.orderId}`);
    const w = this.window(start);
    w.orders.add(line);
    for (const [dim, key] of dimensionKeys(facts)) {
      const entry = this.entry(w, dim, key);
      const id = `${dim}\u0000${entry.key}`;
      // The cube counts an order once, in the cell of its first line: summed over any set of
      // cells it never counts an order twice (and over all cells it is the distinct total).
      if (dim === 'cube') {
        addTo(entry.agg, facts, newOrder);
      } else {
        const pair = `${id}\u0000${sale.orderId}`;
        addTo(entry.agg, facts, !lines || !this.isCounted((x) => x.counted, pair));
        if (lines) w.counted.add(pair);
      }
      w.dirty.add(id);
    }
    // Stryker disable next-line EqualityOperator: equivalent, assigning an equal maximum changes nothing
    if (sale.ts > this.maxTs) this.maxTs = sale.ts;
    // One customers point per order (at the order's time): never collapsed per batch, so the
    // set of points does not depend on batch boundaries.
    const totals = addOrder(this.customers.get(sale.customerId), revenue, newOrder);
    this.customers.set(sale.customerId, totals);
    this.dirtyCustomers.add(sale.customerId);
    out.points.push({
      measurement: MEASUREMENTS.customers,
      tags: { customer_id: sale.customerId, partition: String(o.partition) },
      fields: customerFields(totals, o.loyalAfterOrders),
      ts: sale.ts,
    });
    if (facts.highTicket) out.points.push(highTicketPoint(sale, revenue, o.partition));
    this.dirtyWindows.add(start);
    out.processed++;
  }

  /** Emits every touched aggregate (rewriting its point in place), then closes old windows. */
  endBatch(out: Output): void {
    const window = `${this.opts.windowMs / 1000}s`;
    const partition = String(this.opts.partition);
    for (const [start, w] of this.windows) {
      for (const id of w.dirty) {
        const e = w.aggs.get(id);
        // Stryker disable next-line ConditionalExpression: equivalent, a dirty id is always in aggs (a type guard)
        if (!e) continue;
        const { revenue, orders, units, highTicket } = e.agg;
        const cube = e.dim === 'cube';
        out.points.push({
          measurement: cube ? MEASUREMENTS.salesCube : MEASUREMENTS.sales,
          tags: cube ? { ...cubeTags(e.key), partition, window } : { dim: e.dim, key: e.key, partition, window },
          fields: { revenue, orders, units, high_ticket: highTicket },
          ts: start,
        });
      }
      w.dirty.clear();
      // Closing frees state only; lateness is decided from the watermark alone in handle().
      if (start + this.opts.windowMs <= this.watermark) {
        this.windows.delete(start);
        this.dirtyWindows.add(start);
      }
    }
  }

  takeDirty(): EntityStates {
    const states: EntityStates = new Map();
    if (this.dirtyWindows.size > 0) {
      states.set(META, { maxTs: this.maxTs });
      for (const start of this.dirtyWindows) {
        const w = this.windows.get(start);
        // Copies: the checkpoint may be encoded after more orders changed these objects.
        const json: WindowJson | null = w ? { aggs: [...w.aggs].map(([id, e]) => [id, { ...e, agg: { ...e.agg } }]), orders: [...w.orders], ...(w.counted.size > 0 ? { counted: [...w.counted] } : {}) } : null;
        states.set(WINDOW + start, json);
      }
      this.dirtyWindows.clear();
    }
    for (const id of this.dirtyCustomers) states.set(CUSTOMER + id, this.customers.get(id));
    this.dirtyCustomers.clear();
    return states;
  }

  restore(states: EntityStates): void {
    for (const [key, raw] of states) {
      if (raw === null) continue;
      if (key === META) {
        this.maxTs = (raw as { maxTs: number }).maxTs;
      } else if (key.startsWith(WINDOW)) {
        this.restoreWindow(Number(key.slice(WINDOW.length)), raw as WindowJson);
      } else if (key.startsWith(CUSTOMER)) {
        this.customers.set(key.slice(CUSTOMER.length), raw as CustomerTotals);
      }
    }
  }

  private restoreWindow(start: number, w: WindowJson): void {
    const keys = new Map<Dimension, number>();
    for (const [, e] of w.aggs) keys.set(e.dim, (keys.get(e.dim) ?? 0) + 1);
    this.windows.set(start, { aggs: new Map(w.aggs), dirty: new Set(), orders: new Set(w.orders), counted: new Set(w.counted), keys });
  }

  /** The aggregate of (dim, key) in a window, or its dimension's overflow once the cap is reached. */
  private entry(w: Window, dim: Dimension, key: string): { dim: Dimension; key: string; agg: Agg } {
    const found = w.aggs.get(`${dim}\u0000${key}`);
    if (found) return found;
    const n = w.keys.get(dim) ?? 0;
    const k = n < this.opts.maxKeysPerWindow ? key : dim === 'cube' ? OVERFLOW_CUBE_KEY : OVERFLOW_KEY;
    const id = `${dim}\u0000${k}`;
    let entry = w.aggs.get(id);
    if (!entry) {
      w.aggs.set(id, (entry = { dim, key: k, agg: emptyAgg() }));
      w.keys.set(dim, n + 1);
    }
    return entry;
  }

  gauges(): { openWindows: number; trackedCustomers: number } {
    return { openWindows: this.windows.size, trackedCustomers: this.customers.size };
  }

  private window(start: number): Window {
    let w = this.windows.get(start);
    if (!w) this.windows.set(start, (w = { aggs: new Map(), dirty: new Set(), orders: new Set(), counted: new Set(), keys: new Map() }));
    return w;
  }

  /** Only windows still open by the watermark count, so the answer never depends on batch ends. */
  private isCounted(set: (w: Window) => Set<string>, key: string): boolean {
    for (const [start, w] of this.windows) {
      if (start + this.opts.windowMs > this.watermark && set(w).has(key)) return true;
    }
    return false;
  }
}
