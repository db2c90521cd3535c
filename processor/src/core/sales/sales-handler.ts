import { decodeEvent, MEASUREMENTS, ROLLUPS, saleKey, SaleEventSchema, type FxTable } from '@tickflow/contracts';
import type { FlushShare } from '../flush-spread.js';
import type { EntityStates, InRecord, Output, PartitionHandler } from '../handler.js';
import { Retention } from '../retention.js';
import { addOrder, customerFields, type CustomerTotals } from './customers.js';
import { highTicketPoint } from './high-ticket.js';
import { WindowSet, type WindowJson } from './window-set.js';

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
  /** Which bucket keeps which point (default: every point kept). */
  retention?: Retention;
}

/** Checkpoint entities: the watermark, one per open window (deleted when it closes), one per customer. */
const META = 'meta';
const WINDOW = 'w:';
const HOUR = 'h:';
const CUSTOMER = 'c:';

/**
 * Event-time tumbling windows over one partition's orders: minute windows (raw) and hourly
 * ones (longterm) with the same dimensions, cube and distinct-order counting. The watermark is
 * the highest event time seen minus the allowed lateness; a window closes once the watermark
 * passes its end. Aggregates are partial per partition (tag `partition`), so each partition's
 * points depend only on its own records and dashboards sum across partitions.
 */
export class SalesHandler implements PartitionHandler {
  private readonly minutes: WindowSet;
  private readonly hours: WindowSet;
  private readonly customers = new Map<string, CustomerTotals>();
  private readonly dirtyCustomers = new Set<string>();
  private readonly retention: Retention;
  private maxTs = 0;

  constructor(private readonly opts: SalesHandlerOptions) {
    this.retention = opts.retention ?? Retention.keepAll;
    const common = { partition: opts.partition, maxKeysPerWindow: opts.maxKeysPerWindow, retention: this.retention };
    this.minutes = new WindowSet({ ...common, windowMs: opts.windowMs, tag: `${opts.windowMs / 1000}s`, bucket: 'raw', longLived: false });
    const h = ROLLUPS.salesHour;
    this.hours = new WindowSet({ ...common, windowMs: h.periodMs, tag: h.window, bucket: h.bucket, longLived: true });
  }

  /** Highest event time seen minus the allowed lateness: windows ending at or before it are closed. */
  get watermark(): number {
    return this.maxTs - this.opts.allowedLatenessMs;
  }

  handle(record: InRecord, out: Output): void {
    const o = this.opts;
    const d = decodeEvent(SaleEventSchema, record.value, { now: record.timestamp, maxFutureMs: o.maxFutureMs });
    if (!d.ok) return void out.rejected.push({ record, reason: d.reason, error: d.error });
    const sale = d.event;
    const wm = this.watermark;
    // Lateness by the minute window: an hour ends no earlier than its minutes, so it is open too.
    const start = this.minutes.startOf(sale.ts);
    if (start + o.windowMs <= wm) {
      const error = `window ${new Date(start).toISOString()} closed (watermark ${new Date(wm).toISOString()})`;
      return void out.rejected.push({ record, reason: 'late', error });
    }
    const line = saleKey(sale);
    if (this.minutes.has('orders', line, wm)) {
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
    const newOrder = !lines || !this.minutes.has('counted', `total\u0000all\u0000${sale.orderId}`, wm);
    const now = record.timestamp;
    const keptMinute = this.minutes.add(sale.ts, facts, sale.orderId, { line, lines, watermark: wm, now });
    const keptHour = this.hours.add(sale.ts, facts, sale.orderId, { lines, watermark: wm, now });
    // Stryker disable next-line EqualityOperator: equivalent, assigning an equal maximum changes nothing
    if (sale.ts > this.maxTs) this.maxTs = sale.ts;
    // One customers point per order (at the order's time): never collapsed per batch, so the
    // set of points does not depend on batch boundaries.
    const totals = addOrder(this.customers.get(sale.customerId), revenue, newOrder);
    this.customers.set(sale.customerId, totals);
    this.dirtyCustomers.add(sale.customerId);
    const keptRaw = this.retention.keeps('raw', sale.ts, now);
    if (keptRaw) {
      out.points.push({
        measurement: MEASUREMENTS.customers,
        tags: { customer_id: sale.customerId, partition: String(o.partition) },
        fields: customerFields(totals, o.loyalAfterOrders),
        ts: sale.ts,
      });
      if (facts.highTicket) out.points.push(highTicketPoint(sale, revenue, o.partition));
    } else {
      out.rawSkipped += facts.highTicket ? 2 : 1;
    }
    if (!keptRaw && !keptMinute && !keptHour) out.tooOld++;
    out.processed++;
  }

  /** Emits touched aggregates (rewriting their points in place), then closes old windows. */
  endBatch(out: Output, flush: FlushShare = 0): void {
    const wm = this.watermark;
    this.minutes.emit(out, wm, flush);
    this.hours.emit(out, wm, flush);
  }

  takeDirty(): EntityStates {
    const states: EntityStates = new Map();
    if (this.minutes.changedAny || this.hours.changedAny) states.set(META, { maxTs: this.maxTs });
    this.minutes.takeChanged(WINDOW, states);
    this.hours.takeChanged(HOUR, states);
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
        this.minutes.restore(Number(key.slice(WINDOW.length)), raw as WindowJson);
      } else if (key.startsWith(HOUR)) {
        this.hours.restore(Number(key.slice(HOUR.length)), raw as WindowJson);
      } else if (key.startsWith(CUSTOMER)) {
        this.customers.set(key.slice(CUSTOMER.length), raw as CustomerTotals);
      }
    }
  }

  gauges(): { openWindows: number; trackedCustomers: number } {
    return { openWindows: this.minutes.size, trackedCustomers: this.customers.size };
  }
}
