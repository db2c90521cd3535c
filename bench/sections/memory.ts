import { FxTable, type SaleEvent } from '@tickflow/contracts';
import { emptyOutput, type Output } from '../../processor/src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../processor/src/core/market/quote-handler.js';
import { SalesHandler } from '../../processor/src/core/sales/sales-handler.js';
import { QuoteSource, SaleSource } from '../lib/events.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';

const gc = (): void => {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
};
/** Heap plus ArrayBuffer backing stores: the indicator rings are Float64Arrays, stored off-heap. */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const rec = (e: object, i: number) => ({ value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: Date.now() });

/** Feeds events in batches of 1000, as the pipeline does, keeping no output. */
function feed(h: QuoteHandler | SalesHandler, events: object[]): void {
  let out: Output = emptyOutput();
  events.forEach((e, i) => {
    h.handle(rec(e, i), out);
    if (i % 1000 === 999) {
      h.endBatch(out);
      h.takeDirty();
      out = emptyOutput();
    }
  });
  h.endBatch(out);
  h.takeDirty();
}

export function quoteHeapPerSymbol(symbols: number, ticks: number): number {
  const src = new QuoteSource(symbols, symbols * ticks, Date.now());
  const events = src.next(symbols * ticks);
  // The input stays alive across both readings, so only the handler's state is counted.
  gc();
  const before = used();
  const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
  feed(h, events);
  gc();
  const after = used();
  if (events.length === 0) throw new Error('unreachable: keeps the input alive until measured');
  if (h.symbols.size !== symbols) throw new Error(`expected ${symbols} symbols, tracked ${h.symbols.size}`);
  return (after - before) / symbols;
}

/** W windows of K orders each, from a pool of 100 customers (so customers cost ~nothing). */
export function salesHeap(windows: number, ordersPerWindow: number): number {
  const src = new SaleSource(0);
  const start = Date.parse('2026-01-05T00:00:00Z');
  const events: SaleEvent[] = [];
  let n = 0;
  for (let w = 0; w < windows; w++) {
    for (let k = 0; k < ordersPerWindow; k++, n++) {
      const e = src.next(1)[0] as SaleEvent;
      events.push({ ...e, ts: start + w * 60_000 + k, orderId: `o-${n}`, customerId: `c-${n % 100}` });
    }
  }
  gc();
  const before = used();
  const h = new SalesHandler({
    partition: 0,
    windowMs: 60_000,
    allowedLatenessMs: 1e12, // keep every window open
    highTicketThreshold: 1000,
    fx: new FxTable('USD', { EUR: 1.087, GBP: 1.27, MAD: 0.1 }),
    maxFutureMs: 1e13,
    loyalAfterOrders: 5,
    maxKeysPerWindow: 1000,
  });
  feed(h, events);
  gc();
  const after = used();
  if (events.length === 0) throw new Error('unreachable: keeps the input alive until measured');
  if (h.gauges().openWindows !== windows) throw new Error(`expected ${windows} open windows, got ${h.gauges().openWindows}`);
  return after - before;
}

/** 4. Memory: heap per tracked symbol (full indicator set, warmed) and per open sales window. */
export function benchMemory(_opts: BenchOptions, results: Results): void {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('global.gc unavailable: run with --expose-gc');
  const perSymbol = quoteHeapPerSymbol(10_000, 60);
  results.add({ section: 'memory', name: 'heap per tracked symbol (N=10,000, 60 ticks, all indicators)', value: perSymbol / 1024, unit: 'KB', target: '<= 8 KB', met: perSymbol <= 8 * 1024 });
  const W = 1000;
  const one = salesHeap(W, 1);
  const fifty = salesHeap(W, 50);
  results.add({ section: 'memory', name: 'heap per open sales window (1 order)', value: one / W / 1024, unit: 'KB' });
  results.add({ section: 'memory', name: 'heap per open sales window (50 orders)', value: fifty / W / 1024, unit: 'KB' });
  results.add({ section: 'memory', name: 'heap per order id held in an open window', value: (fifty - one) / (W * 49), unit: 'bytes', note: 'dedup set + aggregates' });
}
