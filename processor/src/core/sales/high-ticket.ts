import { MEASUREMENTS, saleKey, type SaleEvent } from '@tickflow/contracts';
import type { Point } from '../points.js';

/**
 * A deterministic offset in [0, 1e6) ns from the order line's identity (FNV-1a, 32 bits):
 * points are keyed by measurement, tags and time, so two high-ticket lines in the same
 * millisecond need distinct times, and a replay must land on the same one. Two lines of one
 * partition collide only if they share the millisecond and the offset (about k²/2e6 for k
 * lines in one ms); an order-id tag would never collide but grows a series per order.
 */
export function subMsOffset(orderId: string, lineId: string | undefined): number {
  const key = saleKey({ orderId, lineId });
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 1_000_000;
}

/**
 * One `high_ticket_order` point per high-ticket order line, at the order's time plus its
 * sub-millisecond offset. Only `partition` is a tag (bounded); everything else is a field, so
 * the series count does not grow with orders, customers or products.
 */
export function highTicketPoint(sale: SaleEvent, amountBase: number, partition: number): Point {
  return {
    measurement: MEASUREMENTS.highTicketOrder,
    tags: { partition: String(partition) },
    fields: {
      order_id: sale.orderId,
      customer_id: sale.customerId,
      product: sale.product,
      category: sale.category,
      city: sale.city,
      country: sale.country,
      segment: sale.segment,
      payment_method: sale.paymentMethod,
      amount: amountBase,
      quantity: sale.quantity,
    },
    ts: sale.ts,
    nsOffset: subMsOffset(sale.orderId, sale.lineId),
  };
}
