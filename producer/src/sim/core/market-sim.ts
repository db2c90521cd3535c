import type { QuoteEvent } from '@tickflow/contracts';
import { Rng } from './rng.js';

/** When a market trades: US equities have a session, crypto trades 24/7, FX 24/5. */
export type Session = 'equity' | 'crypto' | 'fx';

export interface SymbolSpec {
  symbol: string;
  /** Price at the start of the simulation. */
  startPrice: number;
  /** Annualised volatility, e.g. 0.3 = 30 % (for equities, averaged over a weekday). */
  volatility: number;
  /** Annualised drift. */
  drift?: number;
  currency?: string;
  /** Intraday profile; default from the symbol (`-USD` crypto, `=X` fx, else equity). */
  session?: Session;
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

export function sessionFor(symbol: string): Session {
  if (symbol.endsWith('=X')) return 'fx';
  return /-(USD|USDT|EUR)$/.test(symbol) ? 'crypto' : 'equity';
}

export function specFor(symbol: string): SymbolSpec {
  return { symbol, currency: 'USD', session: sessionFor(symbol), ...(KNOWN_SYMBOLS[symbol] ?? { startPrice: 100, volatility: 0.3 }) };
}

/**
 * US equity activity by UTC hour, relative: the regular session is 14:30-21:00 UTC (09:30-16:00
 * New York in winter; DST is ignored), with the well-known U shape — busy open, quiet lunch,
 * busy close — and thin pre-market/after-hours trading around it.
 */
const EQUITY_SHAPE = [
  0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.25, 0.25, 0.25, 0.25, 0.25, 0.4, 2.0, 1.5, 1.1, 0.9, 0.85, 1.0, 1.5,
  0.45, 0.2, 0.2,
];
const RMS = Math.sqrt(EQUITY_SHAPE.reduce((a, x) => a + x * x, 0) / 24);
/** Volatility multiplier by UTC hour; its squares average 1, so a weekday's variance is sigma^2 dt. */
export const EQUITY_VOL_BY_HOUR: readonly number[] = EQUITY_SHAPE.map((x) => x / RMS);
/** Volume multiplier by UTC hour, mean 1: volume tracks variance (mixture-of-distributions). */
export const EQUITY_VOLUME_BY_HOUR: readonly number[] = EQUITY_VOL_BY_HOUR.map((m) => m * m);
const CLOSED_HOUR = 3;

/** Volatility and volume multipliers at an event time, for a session. */
export function intradayProfile(session: Session, ts: number): { vol: number; volume: number } {
  const d = new Date(ts);
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  if (session === 'crypto') return { vol: 1, volume: 1 };
  if (session === 'fx') return weekend ? { vol: 0.1, volume: 0.01 } : { vol: 1, volume: 1 };
  const h = weekend ? CLOSED_HOUR : d.getUTCHours();
  return { vol: EQUITY_VOL_BY_HOUR[h] ?? 1, volume: EQUITY_VOLUME_BY_HOUR[h] ?? 1 };
}

/**
 * Seeded geometric Brownian motion: one quote per symbol per tick.
 * S(t+dt) = S(t) * exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z), with sigma scaled by the
 * intraday profile of the symbol's session. Volume is log-normal, scaled by the same profile
 * and by the size of the move, because real volume clusters with volatility.
 */
export class MarketSimulator {
  private readonly rng: Rng;
  private readonly prices: number[];
  private readonly sessions: Session[];
  private tick = 0;

  constructor(private readonly opts: MarketSimOptions) {
    this.rng = new Rng(opts.seed);
    this.prices = opts.symbols.map((s) => s.startPrice);
    this.sessions = opts.symbols.map((s) => s.session ?? sessionFor(s.symbol));
  }

  /** The quotes of the next tick, one per symbol, in symbol order. */
  next(): QuoteEvent[] {
    const ts = this.opts.startTs + this.tick * this.opts.tickMs;
    const dt = this.opts.tickMs / MS_PER_YEAR;
    this.tick++;
    return this.opts.symbols.map((spec, i) => {
      const profile = intradayProfile(this.sessions[i] as Session, ts);
      const z = this.rng.normal();
      const sigma = spec.volatility * profile.vol;
      const mu = spec.drift ?? 0;
      const prev = this.prices[i] as number;
      const price = prev * Math.exp((mu - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * z);
      this.prices[i] = price;
      const volume = Math.round(Math.exp(4 + 0.8 * this.rng.normal()) * (1 + Math.abs(z)) * profile.volume);
      const quote: QuoteEvent = { v: 1, symbol: spec.symbol, ts, price, volume, source: 'sim' };
      if (spec.currency) quote.currency = spec.currency;
      return quote;
    });
  }
}
