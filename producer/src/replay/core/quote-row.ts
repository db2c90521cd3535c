import { QuoteEventSchema, type QuoteEvent } from '@tickflow/contracts';
import { firstIssue, type FieldSpec, type Rejection, type Values } from './mapping.js';

/** Where a quote's fields are in a replay file. Either `symbol` (fixed) or `symbolColumn`. */
export interface QuoteMapping {
  symbol?: string;
  symbolColumn?: string;
  timeColumn: string;
  priceColumn: string;
  volumeColumn?: string;
  /** The bar's columns: all three, or none (close-only quotes); see barColumns for defaults. */
  openColumn?: string;
  highColumn?: string;
  lowColumn?: string;
  /** Fixed currency for every row (ISO 4217), if known. */
  currency?: string;
}

export function quoteFields(m: QuoteMapping): FieldSpec[] {
  return [
    { key: 'symbol', kind: 'string', fixed: m.symbol, column: m.symbolColumn, flag: '--symbol-column' },
    { key: 'ts', kind: 'time', column: m.timeColumn, flag: '--time-column' },
    { key: 'price', kind: 'number', column: m.priceColumn, flag: '--price-column' },
    { key: 'volume', kind: 'number', column: m.volumeColumn, flag: '--volume-column', optional: true },
    { key: 'open', kind: 'number', column: m.openColumn, flag: '--open-column', optional: true },
    { key: 'high', kind: 'number', column: m.highColumn, flag: '--high-column', optional: true },
    { key: 'low', kind: 'number', column: m.lowColumn, flag: '--low-column', optional: true },
    { key: 'currency', kind: 'string', fixed: m.currency, optional: true },
  ];
}

/**
 * The bar's columns beside a close column, as exports name them: `AAPL.Close` -> `AAPL.Open`,
 * `AAPL.High`, `AAPL.Low`; `close` -> `open`, ... A column the file lacks is simply not read.
 */
export function barColumns(priceColumn: string): { openColumn: string; highColumn: string; lowColumn: string } | undefined {
  const m = /^(.*?)(close|Close|CLOSE)$/.exec(priceColumn);
  if (!m) return undefined;
  const [, prefix = '', word = ''] = m;
  const cased = (name: string) => prefix + (word === 'CLOSE' ? name.toUpperCase() : word === 'close' ? name.toLowerCase() : name);
  return { openColumn: cased('Open'), highColumn: cased('High'), lowColumn: cased('Low') };
}

/**
 * A replayed quote, validated against the contract (price > 0, volume >= 0, symbol charset;
 * a bar in order). The bar only when the row has all of open, high and low: else close-only.
 */
export function buildQuote(v: Values): QuoteEvent | Rejection {
  const bar = v.open !== undefined && v.high !== undefined && v.low !== undefined ? { open: v.open, high: v.high, low: v.low } : {};
  const candidate = { v: 1, symbol: v.symbol, ts: v.ts, ...bar, price: v.price, volume: v.volume ?? 0, source: 'replay', ...(v.currency === undefined ? {} : { currency: v.currency }) };
  const parsed = QuoteEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : { reason: 'invalid_value', error: firstIssue(parsed.error.issues) };
}
