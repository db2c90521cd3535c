import { SaleEventSchema } from '@tickflow/common';
import { decodeEvent } from '../decode.js';
import type { InRecord, Output, PartitionHandler } from '../handler.js';
import { MEASUREMENTS } from '../points.js';
import type { FxTable } from './fx.js';
import { addTo, dimensionKeys, emptyAgg, type Agg, type Dimension } from './window-agg.js';

export interface SalesHandlerOptions {
  partition: number;
  windowMs: number;
  /** How long after a window's end late events are still accepted, ms. */
  allowedLatenessMs: number;
  /** Orders at or above this amount (base currency) count as high-ticket. */
  highTicketThreshold: number;
  fx: FxTable;
  maxFutureMs: number;
}

interface Window {
  aggs: Map<string, { dim: Dimension; key: string; agg: Agg }>;
  dirty: Set<string>;
  /** Order ids counted in this window: duplicates are caught while they could still count. */
  orders: Set<string>;
}

/**
 * Event-time tumbling windows over one partition's orders. The watermark is the highest
 * event time seen minus the allowed lateness; a window closes once the watermark passes its
 * end. Aggregates are partial per partition (tag `partition`), so each partition's points
 * depend only on its own records and dashboards sum across partitions.
 */
export class SalesHandler implements PartitionHandler {
  private readonly windows = new Map<number, Window>();
  private maxTs = 0;

  constructor(private readonly opts: SalesHandlerOptions) {}

  get openWindows(): number {
    return this.windows.size;
  }

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
    if (this.isDuplicate(sale.orderId)) {
      return void out.rejected.push({ record, reason: 'duplicate', error: `order ${sale.orderId} already counted` });
    }
    const revenue = o.fx.toBase(sale.amount, sale.currency);
    if (revenue === undefined) {
      return void out.rejected.push({ record, reason: 'unknown_currency', error: `no rate for ${sale.currency}` });
    }
    const facts = {
      category: sale.category,
      city: sale.city,
      country: sale.country,
      paymentMethod: sale.paymentMethod,
      units: sale.quantity,
      revenue,
      highTicket: revenue >= o.highTicketThreshold,
    };
    const w = this.window(start);
    w.orders.add(sale.orderId);
    for (const [dim, key] of dimensionKeys(facts)) {
      const id = `${dim}\u0000${key}`;
      let entry = w.aggs.get(id);
      if (!entry) w.aggs.set(id, (entry = { dim, key, agg: emptyAgg() }));
      addTo(entry.agg, facts);
      w.dirty.add(id);
    }
    if (sale.ts > this.maxTs) this.maxTs = sale.ts;
    out.processed++;
  }

  /** Emits every touched aggregate (rewriting its point in place), then closes old windows. */
  endBatch(out: Output): void {
    const window = `${this.opts.windowMs / 1000}s`;
    const partition = String(this.opts.partition);
    for (const [start, w] of this.windows) {
      for (const id of w.dirty) {
        const e = w.aggs.get(id);
        if (!e) continue;
        const { revenue, orders, units, highTicket } = e.agg;
        out.points.push({
          measurement: MEASUREMENTS.sales,
          tags: { dim: e.dim, key: e.key, partition, window },
          fields: { revenue, orders, units, high_ticket: highTicket },
          ts: start,
        });
      }
      w.dirty.clear();
      // Closing frees state only; lateness is decided from the watermark alone in handle().
      if (start + this.opts.windowMs <= this.watermark) this.windows.delete(start);
    }
  }

  private window(start: number): Window {
    let w = this.windows.get(start);
    if (!w) this.windows.set(start, (w = { aggs: new Map(), dirty: new Set(), orders: new Set() }));
    return w;
  }

  private isDuplicate(orderId: string): boolean {
    for (const w of this.windows.values()) if (w.orders.has(orderId)) return true;
    return false;
  }
}
