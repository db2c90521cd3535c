import type { QuoteEvent } from '@tickflow/contracts';
import type { YahooQuoteSnapshot } from './yahoo-quote-mapper.js';

const DAY_MS = 86_400_000;

/** Yahoo market states in which the regular session is not trading. */
export const CLOSED_MARKET_STATES: ReadonlySet<string> = new Set(['CLOSED', 'PRE', 'PREPRE', 'POST', 'POSTPOST']);

export type DedupResult = { event: QuoteEvent } | { skipped: 'unchanged' | 'stale' };

/**
 * Change detection for polled quotes: a quote is emitted only when its price or day volume
 * differs from the last one emitted for that symbol, so polling a quiet or closed market
 * sends nothing. `volume` on the event is the volume traded since that previous emission.
 */
export class QuoteDedup {
  private readonly last = new Map<string, YahooQuoteSnapshot>();

  next(q: YahooQuoteSnapshot): DedupResult {
    const prev = this.last.get(q.symbol);
    if (prev && q.price === prev.price && q.dayVolume === prev.dayVolume) return { skipped: 'unchanged' };
    // Yahoo's edge caches sometimes answer with an older snapshot: never go back in time.
    if (prev && q.ts < prev.ts) return { skipped: 'stale' };
    this.last.set(q.symbol, q);
    const event: QuoteEvent = {
      v: 1,
      symbol: q.symbol,
      ts: q.ts,
      price: q.price,
      volume: volumeDelta(prev, q),
      ...(q.currency ? { currency: q.currency } : {}),
      ...(q.marketState ? { marketState: q.marketState } : {}),
      ...(q.dayHigh ? { dayHigh: q.dayHigh } : {}),
      ...(q.dayLow ? { dayLow: q.dayLow } : {}),
      ...(q.previousClose ? { previousClose: q.previousClose } : {}),
      source: q.source,
    };
    return { event };
  }

  /** Whether a symbol has been emitted before (used to tell a new symbol from a returning one). */
  has(symbol: string): boolean {
    return this.last.has(symbol);
  }
}

/** Volume since the previous emission; never negative. */
export function volumeDelta(prev: YahooQuoteSnapshot | undefined, q: YahooQuoteSnapshot): number {
  if (!prev) return 0;
  const d = q.dayVolume - prev.dayVolume;
  if (d >= 0) return d;
  // A drop: on a new exchange day the counter restarted, so all of today's volume is new;
  // on the same day it is a rolling 24 h window (crypto) that shrank, i.e. no new trades.
  return exchangeDay(q) !== exchangeDay(prev) ? q.dayVolume : 0;
}

function exchangeDay(q: YahooQuoteSnapshot): number {
  return Math.floor((q.ts + q.gmtOffsetMs) / DAY_MS);
}
