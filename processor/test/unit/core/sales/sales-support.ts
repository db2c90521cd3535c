import { FxTable, type SaleEvent } from '@tickflow/contracts';
import { emptyOutput, type InRecord, type Output } from '../../../../src/core/handler.js';
import type { SalesHandler, SalesHandlerOptions } from '../../../../src/core/sales/sales-handler.js';

export const W = 60_000;
export const LATENESS = 30_000;
export const T0 = Date.UTC(2026, 0, 5, 9, 0); // a window start
export const OPTS: SalesHandlerOptions = {
  partition: 3,
  windowMs: W,
  allowedLatenessMs: LATENESS,
  highTicketThreshold: 1000,
  fx: new FxTable('USD', { EUR: 1.25, GBP: 1.5 }),
  maxFutureMs: 300_000,
  loyalAfterOrders: 3,
  maxKeysPerWindow: 1000,
};

export function sale(orderId: string, ts: number, over: Partial<SaleEvent> = {}): SaleEvent {
  const quantity = over.quantity ?? 1;
  const unitPrice = over.unitPrice ?? 40;
  return {
    v: 1, orderId, customerId: 'c-1', segment: 'consumer', ts, category: 'Books', product: 'Atlas', currency: 'USD',
    city: 'Paris', country: 'FR', paymentMethod: 'card', ...over, quantity, unitPrice, amount: quantity * unitPrice,
  };
}

export const rec = (s: SaleEvent): InRecord => ({ value: Buffer.from(JSON.stringify(s)), offset: '0', timestamp: s.ts });

/** Handles the sales as one batch. */
export function batch(h: SalesHandler, sales: SaleEvent[]): Output {
  const out = emptyOutput();
  for (const s of sales) h.handle(rec(s), out);
  h.endBatch(out);
  return out;
}
