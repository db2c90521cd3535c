import type { MarketState } from '@tickflow/contracts';
import { QuoteEventSchema } from '@tickflow/contracts';
import { z } from 'zod';
import { rejected, sessionFigures, yahooTime, type QuoteMapResult } from './yahoo-quote-mapper.js';

const period = z.object({ start: yahooTime, end: yahooTime });

/** The `meta` of a chart() answer: enough for a live quote when quote() is refused. */
export const ChartMetaSchema = z.object({
  symbol: QuoteEventSchema.shape.symbol,
  regularMarketPrice: z.number().finite().positive(),
  regularMarketTime: yahooTime,
  regularMarketVolume: z.number().finite().nonnegative().nullish(),
  regularMarketDayHigh: z.number().finite().positive().nullish(),
  regularMarketDayLow: z.number().finite().positive().nullish(),
  previousClose: z.number().finite().positive().nullish(),
  chartPreviousClose: z.number().finite().positive().nullish(),
  currency: z.string().length(3).nullish(),
  gmtoffset: z.number().int().nullish(),
  currentTradingPeriod: z.object({ pre: period, regular: period, post: period }).nullish(),
});

/** The session `now` falls in, from the exchange's trading periods of the day. */
export function marketStateAt(p: { pre: { start: number; end: number }; regular: { start: number; end: number }; post: { start: number; end: number } }, now: number): MarketState {
  const inside = (x: { start: number; end: number }): boolean => now >= x.start && now < x.end;
  if (inside(p.regular)) return 'REGULAR';
  if (inside(p.pre)) return 'PRE';
  if (inside(p.post)) return 'POST';
  return 'CLOSED';
}

/**
 * A live quote from a chart() answer's meta: last price and its time, day high/low and volume,
 * previous close, and the market state from the trading periods at `now` (undefined without
 * them). Same shape as a quote() snapshot, marked `yahoo-chart`.
 */
export function mapChartMeta(chart: unknown, now: number): QuoteMapResult {
  const meta = (chart as { meta?: unknown } | null)?.meta;
  const parsed = ChartMetaSchema.safeParse(meta);
  if (!parsed.success) return rejected(meta, parsed.error.issues, 'meta.');
  const m = parsed.data;
  const state = m.currentTradingPeriod ? marketStateAt(m.currentTradingPeriod, now) : undefined;
  return {
    ok: true,
    quote: {
      symbol: m.symbol,
      ts: m.regularMarketTime,
      price: m.regularMarketPrice,
      dayVolume: m.regularMarketVolume ?? 0,
      ...(m.currency ? { currency: m.currency } : {}),
      ...(state ? { marketState: state } : {}),
      gmtOffsetMs: (m.gmtoffset ?? 0) * 1000,
      ...sessionFigures(m.regularMarketDayHigh, m.regularMarketDayLow, m.previousClose ?? m.chartPreviousClose),
      source: 'yahoo-chart',
    },
  };
}
