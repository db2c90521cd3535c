import type { MarketSimulator } from '../core/market-sim.js';
import type { SalesGenerator } from '../core/sales-gen.js';
import type { Source } from '../../pump/source.js';

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

/** How much `sales` generates: `count` orders (0 = until stopped), or orders in [startTs, startTs + durationMs). */
export type SalesExtent = { count: number } | { until: { startTs: number; durationMs: number } };

/** `sales`: generated orders, as many as `extent` says; progress in orders or in event time. */
export function salesSource(gen: SalesGenerator, extent: SalesExtent): Source {
  let orders = 0;
  let lastTs: number | undefined;
  const count = 'count' in extent ? extent.count : 0;
  const end = 'until' in extent ? extent.until.startTs + extent.until.durationMs : Infinity;
  return {
    async *[Symbol.asyncIterator]() {
      while (count === 0 || orders < count) {
        const event = gen.next();
        if (event.ts >= end) {
          lastTs = end; // the span is covered
          return;
        }
        orders++;
        lastTs = event.ts;
        yield { kind: 'sale', event };
      }
    },
    progress: () => {
      if (!('until' in extent)) return { done: orders, ...(count > 0 ? { total: count } : {}), unit: 'orders' };
      const { startTs, durationMs } = extent.until;
      // Orders arrive at random: event time is the measure of how far the run is.
      return { done: Math.floor(((lastTs ?? startTs) - startTs) / 1000), total: Math.ceil(durationMs / 1000), unit: 'event seconds' };
    },
  };
}
