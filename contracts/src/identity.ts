import type { QuoteEvent } from './quote-event.js';
import type { SaleEvent } from './sale-event.js';

/**
 * Joins the parts of a key. NUL cannot appear in an order or line id a shop exports, so
 * (orderId "a", lineId "b\0c") and ("a\0b", "c") never meet in practice.
 */
export const KEY_SEPARATOR = '\u0000';

/**
 * Identity of a sale: the order line. A re-sent line has the same key; two lines of one order
 * do not. An event without lineId is a whole order, keyed by its order id alone (as before
 * order lines existed, so older checkpoints and archives keep their keys).
 * The processor (dedup, high-ticket point times) and the archiver (clean layer, report) use it.
 */
export function saleKey(sale: Pick<SaleEvent, 'orderId' | 'lineId'>): string {
  return sale.lineId === undefined ? sale.orderId : `${sale.orderId}${KEY_SEPARATOR}${sale.lineId}`;
}

/** Identity of a quote: its symbol and event time (a re-sent quote has both). */
export function quoteKey(quote: Pick<QuoteEvent, 'symbol' | 'ts'>): string {
  return `${quote.symbol}@${quote.ts}`;
}
