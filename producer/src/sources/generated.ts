import type { MarketSimulator } from '../core/market-sim.js';
import type { SalesGenerator } from '../core/sales-gen.js';
import type { Source } from '../pump/source.js';

/** `sim`: one quote per symbol per tick, `count` ticks (0 = until stopped). */
export function simSource(sim: MarketSimulator, count: number): Source {
  let ticks = 0;
  return {
    async *[Symbol.asyncIterator]() {
      while (count === 0 || ticks < count) {
        const quotes = sim.next();
        ticks++;
        for (const event of quotes) yield { kind: 'quote', event };
      }
    },
    progress: () => ({ done: ticks, ...(count > 0 ? { total: count } : {}), unit: 'ticks' }),
  };
}

/** `sales`: `count` generated orders (0 = until stopped). */
export function salesSource(gen: SalesGenerator, count: number): Source {
  let orders = 0;
  return {
    async *[Symbol.asyncIterator]() {
      while (count === 0 || orders < count) {
        orders++;
        yield { kind: 'sale', event: gen.next() };
      }
    },
    progress: () => ({ done: orders, ...(count > 0 ? { total: count } : {}), unit: 'orders' }),
  };
}
