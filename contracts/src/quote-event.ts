import { z } from 'zod';

/** Where a quote came from; kept on the event so dashboards can tell replays from live data. */
/** `yahoo-chart`: a live quote taken from chart() while Yahoo refuses quote() (crumb/consent). */
export const QUOTE_SOURCES = ['sim', 'yahoo', 'yahoo-chart', 'backfill', 'replay'] as const;

/** Trading session of the quote's exchange (Yahoo's PREPRE/POSTPOST are folded into CLOSED). */
export const MARKET_STATES = ['PRE', 'REGULAR', 'POST', 'CLOSED'] as const;
export type MarketState = (typeof MARKET_STATES)[number];

const finitePositive = z.number().finite().positive();

/**
 * A market quote (or a candle close, for backfill/replay).
 * `ts` is the exchange's event time in epoch milliseconds, never the time we saw it.
 * `volume` is the volume traded since the previous event of the same symbol, not a day total.
 */
export const QuoteEventSchema = z.object({
  v: z.literal(1),
  symbol: z.string().min(1).max(32).regex(/^[A-Za-z0-9.^=-]+$/),
  ts: z.number().int().positive(),
  price: finitePositive,
  volume: z.number().finite().nonnegative().default(0),
  currency: z.string().length(3).optional(),
  marketState: z.enum(MARKET_STATES).optional(),
  /** Session figures of live Yahoo quotes (quote() or chart()), when Yahoo gives them. */
  dayHigh: finitePositive.optional(),
  dayLow: finitePositive.optional(),
  previousClose: finitePositive.optional(),
  /**
   * When the event stands for a whole bar (a backfilled or replayed daily/minute candle): its
   * open, high and low, all three or none; `price` is its close.
   */
  open: finitePositive.optional(),
  high: finitePositive.optional(),
  low: finitePositive.optional(),
  source: z.enum(QUOTE_SOURCES),
}).superRefine((q, ctx) => {
  const bar = [q.open, q.high, q.low];
  if (bar.every((v) => v === undefined)) return;
  if (bar.some((v) => v === undefined)) {
    ctx.addIssue({ code: 'custom', path: [q.open === undefined ? 'open' : q.high === undefined ? 'high' : 'low'], message: 'a bar needs open, high and low together' });
    return;
  }
  const [open, high, low] = bar as [number, number, number];
  if (low > Math.min(open, q.price) || high < Math.max(open, q.price)) {
    ctx.addIssue({ code: 'custom', path: ['high'], message: `bar out of order: low ${low} <= open ${open}, close ${q.price} <= high ${high} must hold` });
  }
});

export type QuoteEvent = z.infer<typeof QuoteEventSchema>;
export type QuoteEventInput = z.input<typeof QuoteEventSchema>;
