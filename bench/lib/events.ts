import type { QuoteEvent, SaleEvent } from '@tickflow/contracts';
import { MarketSimulator, specFor } from '../../producer/src/sim/core/market-sim.js';
import { SalesGenerator } from '../../producer/src/sim/core/sales-gen.js';

export const TICK_MS = 1000;

export function symbolNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `SYM${String(i).padStart(5, '0')}`);
}

/**
 * Quotes as the real producer makes them (the `sim` command's GBM, one quote per symbol per
 * tick), with the fields a Yahoo quote carries (currency, marketState). Event times end
 * before `endTs` so none is rejected as future.
 */
export class QuoteSource {
  private readonly sim: MarketSimulator;
  private pending: QuoteEvent[] = [];

  constructor(symbols: number, totalEvents: number, endTs: number, seed = 42) {
    const ticks = Math.ceil(totalEvents / symbols) + 1;
    this.sim = new MarketSimulator({ symbols: symbolNames(symbols).map(specFor), seed, startTs: endTs - ticks * TICK_MS, tickMs: TICK_MS });
  }

  next(n: number): QuoteEvent[] {
    while (this.pending.length < n) {
      for (const q of this.sim.next()) this.pending.push({ ...q, marketState: 'REGULAR' });
    }
    return this.pending.splice(0, n);
  }
}

/** Orders from the real sales generator, starting early enough that all are in the past. */
export class SaleSource {
  private readonly gen: SalesGenerator;

  constructor(startTs: number, customers = 5000, seed = 7) {
    this.gen = new SalesGenerator({ seed, startTs, peakRatePerSec: 1000, customers });
  }

  next(n: number): SaleEvent[] {
    return Array.from({ length: n }, () => this.gen.next());
  }
}
