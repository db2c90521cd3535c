import { QuoteEventSchema, type QuoteEvent } from '@tickflow/contracts';
import { firstIssue, type FieldSpec, type Rejection, type Values } from './mapping.js';

/** Where a quote's fields are in a replay file. Either `symbol` (fixed) or `symbolColumn`. */
export interface QuoteMapping {
  symbol?: string;
  symbolColumn?: string;
  timeColumn: string;
  priceColumn: string;
  volumeColumn?: string;
  /** Fixed currency for every row (ISO 4217), if known. */
  currency?: string;
}

export function quoteFields(m: QuoteMapping): FieldSpec[] {
  return [
    { key: 'symbol', kind: 'string', fixed: m.symbol, column: m.symbolColumn, flag: '--symbol-column' },
    { key: 'ts', kind: 'time', column: m.timeColumn, flag: '--time-column' },
    { key: 'price', kind: 'number', column: m.priceColumn, flag: '--price-column' },
    { key: 'volume', kind: 'number', column: m.volumeColumn, flag: '--volume-column', optional: true },
    { key: 'currency', kind: 'string', fixed: m.currency, optional: true },
  ];
}

/** A replayed quote, validated against the contract (price > 0, volume >= 0, symbol charset). */
export function buildQuote(v: Values): QuoteEvent | Rejection {
  const candidate = { v: 1, symbol: v.symbol, ts: v.ts, price: v.price, volume: v.volume ?? 0, source: 'replay', ...(v.currency === undefined ? {} : { currency: v.currency }) };
  const parsed = QuoteEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : { reason: 'invalid_value', error: firstIssue(parsed.error.issues) };
}
