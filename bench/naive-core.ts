import { MEASUREMENTS, QuoteEventSchema } from '@tickflow/contracts';
import { BollingerBands, EMA, MACD, RSI, SMA } from 'technicalindicators';
import { toLineProtocol } from '../processor/src/core/line-protocol.js';

/** Prices kept per symbol; every indicator is recomputed over all of them on every tick. */
export const NAIVE_WINDOW = 200;

interface NaiveSymbol {
  prices: number[];
  pv: number;
  vol: number;
}

const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

/**
 * The baseline: the textbook way to compute the same indicators. Same decoding and
 * validation as ours (JSON.parse + the zod schema) and the same line protocol, so the
 * difference measured is the indicator algorithm (O(window) recomputation with
 * technicalindicators' `calculate` vs our O(1) incremental state) and the write strategy.
 */
export class NaiveQuoteCore {
  private readonly symbols = new Map<string, NaiveSymbol>();

  get size(): number {
    return this.symbols.size;
  }

  /** One record -> its line-protocol line (quote with indicators); [] for an invalid record. */
  handle(bytes: Buffer): string[] {
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return [];
    }
    const parsed = QuoteEventSchema.safeParse(raw);
    if (!parsed.success) return [];
    const { symbol, ts, price, volume } = parsed.data;
    let s = this.symbols.get(symbol);
    if (!s) this.symbols.set(symbol, (s = { prices: [], pv: 0, vol: 0 }));
    s.prices.push(price);
    if (s.prices.length > NAIVE_WINDOW) s.prices.shift();
    s.pv += price * volume;
    s.vol += volume;

    const values = s.prices;
    const fields: Record<string, number> = {};
    const put = (name: string, v: number | undefined): void => {
      if (v !== undefined) fields[name] = v;
    };
    put('sma_20', last(SMA.calculate({ period: 20, values })));
    put('sma_50', last(SMA.calculate({ period: 50, values })));
    put('ema_20', last(EMA.calculate({ period: 20, values })));
    put('ema_50', last(EMA.calculate({ period: 50, values })));
    put('rsi_14', last(RSI.calculate({ period: 14, values })));
    const macd = last(MACD.calculate({ values, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }));
    if (macd) {
      put('macd', macd.MACD);
      put('macd_signal', macd.signal);
      put('macd_hist', macd.histogram);
    }
    const bb = last(BollingerBands.calculate({ period: 20, stdDev: 2, values }));
    if (bb) {
      put('bb_upper', bb.upper);
      put('bb_middle', bb.middle);
      put('bb_lower', bb.lower);
    }
    if (s.vol > 0) put('vwap', s.pv / s.vol);

    // One line per tick, as the processor writes it.
    return [toLineProtocol({ measurement: MEASUREMENTS.quote, tags: { symbol }, fields: { price, volume, ...fields }, ts })];
  }
}
