import { QuoteEventSchema, type MarketState } from '@tickflow/contracts';
import { z } from 'zod';
import { toMarketState } from './yahoo-market-state.js';

/** Epoch seconds in Yahoo's JSON; a Date once yahoo-finance2 has coerced it. Both become epoch ms. */
export const yahooTime = z
  .union([z.date(), z.number()])
  .transform((t) => (t instanceof Date ? t.getTime() : t * 1000))
  .pipe(z.number().int().positive());

/** The few fields of a Yahoo quote() result we rely on; Yahoo sends ~80 more, which we drop. */
export const YahooQuoteSchema = z.object({
  symbol: QuoteEventSchema.shape.symbol,
  regularMarketPrice: z.number().finite().positive(),
  regularMarketTime: yahooTime,
  regularMarketVolume: z.number().finite().nonnegative().nullish(),
  currency: z.string().length(3).nullish(),
  marketState: z.string().max(16).nullish(),
  gmtOffSetMilliseconds: z.number().int().nullish(),
  regularMarketDayHigh: z.number().finite().positive().nullish(),
  regularMarketDayLow: z.number().finite().positive().nullish(),
  regularMarketPreviousClose: z.number().finite().positive().nullish(),
});

/** One validated Yahoo quote, before change detection turns it into a QuoteEvent. */
export interface YahooQuoteSnapshot {
  symbol: string;
  /** The exchange's own time of the last trade (regularMarketTime), epoch ms. */
  ts: number;
  price: number;
  /** Cumulative volume of the trading day (a rolling 24 h window for crypto). */
  dayVolume: number;
  currency?: string;
  marketState?: MarketState;
  /** Exchange offset from UTC: tells a new trading day from a shrinking 24 h window. */
  gmtOffsetMs: number;
  dayHigh?: number;
  dayLow?: number;
  previousClose?: number;
  /** Which Yahoo call it came from: quote() (`yahoo`) or the chart() fallback (`yahoo-chart`). */
  source: 'yahoo' | 'yahoo-chart';
}

/** Optional session figures, only when present. */
export function sessionFigures(high: number | null | undefined, low: number | null | undefined, prev: number | null | undefined): Pick<YahooQuoteSnapshot, 'dayHigh' | 'dayLow' | 'previousClose'> {
  return { ...(high ? { dayHigh: high } : {}), ...(low ? { dayLow: low } : {}), ...(prev ? { previousClose: prev } : {}) };
}

export type QuoteRejectReason = 'invalid_value' | 'parse_error';

export type QuoteMapResult =
  | { ok: true; quote: YahooQuoteSnapshot }
  | { ok: false; symbol: string | undefined; reason: QuoteRejectReason; error: string };

/**
 * Validates one raw Yahoo quote at the boundary. A wrong shape (missing field, wrong type) is a
 * parse_error; a well-formed but unusable value (price <= 0, bad symbol) is invalid_value.
 */
export function mapYahooQuote(raw: unknown): QuoteMapResult {
  const parsed = YahooQuoteSchema.safeParse(raw);
  if (!parsed.success) return rejected(raw, parsed.error.issues, '');
  const q = parsed.data;
  const marketState = toMarketState(q.marketState);
  return {
    ok: true,
    quote: {
      symbol: q.symbol,
      ts: q.regularMarketTime,
      price: q.regularMarketPrice,
      dayVolume: q.regularMarketVolume ?? 0,
      ...(q.currency ? { currency: q.currency } : {}),
      ...(marketState ? { marketState } : {}),
      gmtOffsetMs: q.gmtOffSetMilliseconds ?? 0,
      ...sessionFigures(q.regularMarketDayHigh, q.regularMarketDayLow, q.regularMarketPreviousClose),
      source: 'yahoo',
    },
  };
}

/**
 * A Yahoo object that failed our schema: a wrong shape (missing field, wrong type) is a
 * parse_error, a well-formed but unusable value (price <= 0) is invalid_value.
 */
export function rejected(raw: unknown, issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[], prefix: string): QuoteMapResult & { ok: false } {
  // Stryker disable next-line ConditionalExpression: the object test is equivalent, a primitive's .symbol is never a string
  const symbol = typeof raw === 'object' && raw !== null && typeof (raw as { symbol?: unknown }).symbol === 'string' ? (raw as { symbol: string }).symbol : undefined;
  // Stryker disable next-line ConditionalExpression: equivalent, a missing or non-string symbol always yields an invalid_type issue too
  const shapeBroken = symbol === undefined || issues.some((i) => i.code === 'invalid_type' || i.code === 'invalid_union');
  const error = issues.map((i) => `${prefix}${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, symbol, reason: shapeBroken ? 'parse_error' : 'invalid_value', error };
}
