import { QuoteEventSchema, type QuoteEvent } from '@tickflow/contracts';
import { z } from 'zod';
import type { Chunk } from './backfill-plan.js';

const series = z.array(z.number().nullable()).optional();

/** The part of a chart() result (`return: "object"`, i.e. Yahoo's own layout) that we use. */
export const YahooChartSchema = z.object({
  meta: z.object({ symbol: z.string().min(1), currency: z.string().length(3).nullish() }),
  timestamp: z.array(z.number().int()).optional(),
  indicators: z.object({ quote: z.array(z.object({ open: series, high: series, low: series, close: series, volume: series })) }),
});

export interface CandleBatch {
  events: QuoteEvent[];
  /** Candles without a usable close (Yahoo sends nulls for minutes without trades). */
  nullCandles: number;
  /** Candles outside the requested window (Yahoo may add the live, still-open candle). */
  outOfRange: number;
  /** Candles whose open/high/low contradict the close: sent as the close alone. */
  badBars: number;
}

export type ChartMapResult = ({ ok: true } & CandleBatch) | { ok: false; error: string };

/** The candle's bar when Yahoo gave all of open, high and low; else none (a close-only event). */
function barAt(q: { open?: (number | null)[] | undefined; high?: (number | null)[] | undefined; low?: (number | null)[] | undefined }, i: number): { open: number; high: number; low: number } | undefined {
  const [open, high, low] = [q.open?.[i], q.high?.[i], q.low?.[i]];
  return typeof open === 'number' && typeof high === 'number' && typeof low === 'number' ? { open, high, low } : undefined;
}

/**
 * Turns one chart() response into backfill QuoteEvents: ts = candle start, price = close,
 * open/high/low = the candle's bar (so daily candles keep their range), volume = candle
 * volume. Pure and deterministic, so re-running a backfill yields identical
 * events (the processor then overwrites the same points, making backfill idempotent).
 */
export function chartToEvents(raw: unknown, chunk: Chunk): ChartMapResult {
  const parsed = YahooChartSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const { meta, timestamp = [], indicators } = parsed.data;
  const quote = indicators.quote[0] ?? {};
  // Stryker disable next-line ArrayDeclaration: equivalent, a missing close series and one of non-numbers both give null candles
  const close = quote.close ?? [];
  const volume = quote.volume ?? [];
  const out: CandleBatch = { events: [], nullCandles: 0, outOfRange: 0, badBars: 0 };
  for (let i = 0; i < timestamp.length; i++) {
    const ts = (timestamp[i] as number) * 1000;
    if (ts < chunk.period1 || ts >= chunk.period2) {
      out.outOfRange++;
      continue;
    }
    const closeOnly = {
      v: 1,
      symbol: meta.symbol,
      ts,
      price: close[i],
      volume: volume[i] ?? 0,
      ...(meta.currency ? { currency: meta.currency } : {}),
      source: 'backfill',
    };
    const event = QuoteEventSchema.safeParse({ ...closeOnly, ...barAt(quote, i) });
    if (event.success) {
      out.events.push(event.data);
      continue;
    }
    // A bar that contradicts a good close (Yahoo has sent low > close): the close alone still holds.
    const fallback = QuoteEventSchema.safeParse(closeOnly);
    if (fallback.success) {
      out.events.push(fallback.data);
      out.badBars++;
    } else out.nullCandles++;
  }
  return { ok: true, ...out };
}
