import { QuoteEventSchema } from '@tickflow/contracts';
import { z } from 'zod';

/** Epoch seconds in Yahoo's JSON; a Date once yahoo-finance2 has coerced it. Both become epoch ms. */
const yahooTime = z
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
  marketState?: string;
  /** Exchange offset from UTC: tells a new trading day from a shrinking 24 h window. */
  gmtOffsetMs: number;
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
  // Stryker disable next-line ConditionalExpression: the object test is equivalent, a primitive's .symbol is never a string
  const symbol = typeof raw === 'object' && raw !== null && typeof (raw as { symbol?: unknown }).symbol === 'string' ? (raw as { symbol: string }).symbol : undefined;
  const parsed = YahooQuoteSchema.safeParse(raw);
  if (!parsed.success) {
    // Stryker disable next-line ConditionalExpression: equivalent, a missing or non-string symbol always yields an invalid_type issue too
    const shapeBroken = symbol === undefined || parsed.error.issues.some((i) => i.code === 'invalid_type' || i.code === 'invalid_union');
    // Stryker disable next-line StringLiteral: the path separator is equivalent, every path in this schema is one level deep
    const error = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, symbol, reason: shapeBroken ? 'parse_error' : 'invalid_value', error };
  }
  const q = parsed.data;
  return {
    ok: true,
    quote: {
      symbol: q.symbol,
      ts: q.regularMarketTime,
      price: q.regularMarketPrice,
      dayVolume: q.regularMarketVolume ?? 0,
      ...(q.currency ? { currency: q.currency } : {}),
      ...(q.marketState ? { marketState: q.marketState } : {}),
      gmtOffsetMs: q.gmtOffSetMilliseconds ?? 0,
    },
  };
}
