import type { QuoteEvent } from '@tickflow/common';
import { Rng } from './rng.js';

export interface SymbolSpec {
  symbol: string;
  /** Price at the start of the simulation. */
  startPrice: number;
  /** Annualised volatility, e.g. 0.3 = 30 %. */
  volatility: number;
  /** Annualised drift. */
  drift?: number;
  currency?: string;
}

export interface MarketSimOptions {
  symbols: readonly SymbolSpec[];
  seed: number;
  /** Event time of the first tick, epoch ms. */
  startTs: number;
  /** Event-time spacing between ticks, ms. */
  tickMs: number;
}

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

/** Well-known defaults so `--symbols AAPL,BTC-USD` just works; unknown symbols start at 100. */
export const KNOWN_SYMBOLS: Record<string, Omit<SymbolSpec, 'symbol'>> = {
  AAPL: { startPrice: 190, volatility: 0.25 },
  MSFT: { startPrice: 420, volatility: 0.22 },
  NVDA: { startPrice: 120, volatility: 0.5 },
  'BTC-USD': { startPrice: 65000, volatility: 0.6 },
  'ETH-USD': { startPrice: 3200, volatility: 0.7 },
  'SHIB-USD': { startPrice: 0.00001234, volatility: 0.9 },
  'EURUSD=X': { startPrice: 1.08, volatility: 0.07 },
};

export function specFor(symbol: string): SymbolSpec {
  return { symbol, currency: 'USD', ...(KNOWN_SYMBOLS[symbol] ?? { startPrice: 100, volatility: 0.3 }) };
}

/**
 * Seeded geometric Brownian motion: one quote per symbol per tick.
 * S(t+dt) = S(t) * exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z). Volume is log-normal,
 * scaled by the size of the move, because real volume clusters with volatility.
 */
export class MarketSimulator {
  private readonly rng: Rng;
  private readonly prices: number[];
  private tick = 0;

  constructor(private readonly opts: MarketSimOptions) {
    this.rng = new Rng(opts.seed);
    this.prices = opts.symbols.map((s) => s.startPrice);
  }

  /** The quotes of the next tick, one per symbol, in symbol order. */
  next(): QuoteEvent[] {
    const ts = this.opts.startTs + this.tick * this.opts.tickMs;
    const dt = this.opts.tickMs / MS_PER_YEAR;
    this.tick++;
    return this.opts.symbols.map((spec, i) => {
      const z = this.rng.normal();
      const sigma = spec.volatility;
      const mu = spec.drift ?? 0;
      const prev = this.prices[i] as number;
      const price = prev * Math.exp((mu - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * z);
      this.prices[i] = price;
      const volume = Math.round(Math.exp(4 + 0.8 * this.rng.normal()) * (1 + Math.abs(z)));
      const quote: QuoteEvent = { v: 1, symbol: spec.symbol, ts, price, volume, source: 'sim' };
      if (spec.currency) quote.currency = spec.currency;
      return quote;
    });
  }
}
