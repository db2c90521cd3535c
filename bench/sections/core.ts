import { checkpointRecords } from '../../processor/src/changelog.js';
import { emptyOutput, type InRecord } from '../../processor/src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../processor/src/core/market/quote-handler.js';
import { LineWriter } from '../../processor/src/core/line-protocol.js';
import { NAIVE_WINDOW, NaiveQuoteCore } from '../naive-core.js';
import { QuoteSource } from '../lib/events.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';

function records(symbols: number, n: number): InRecord[] {
  const now = Date.now();
  return new QuoteSource(symbols, n, now).next(n).map((e, i) => ({ value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: now }));
}

/** CPU µs per event (user + system) of fn over n events. */
function cpuPerEvent(n: number, fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / n;
}

/** The lanes' line encoder (one per bucket and partition in the pipeline). */
const lines = new LineWriter();

/** Our core as the pipeline drives it: batches of 1000, endBatch, line protocol bytes; optionally the checkpoint as the changelog encodes it. */
function ours(h: QuoteHandler, recs: InRecord[], checkpoint: boolean): void {
  for (let i = 0; i < recs.length; i += 1000) {
    const out = emptyOutput();
    const end = Math.min(recs.length, i + 1000);
    for (let j = i; j < end; j++) h.handle(recs[j] as InRecord, out);
    h.endBatch(out);
    for (const p of out.points) lines.add(p);
    lines.take();
    const dirty = h.takeDirty();
    if (checkpoint) checkpointRecords('quotes', 0, dirty, String(end));
  }
}

/** 6a. In-process CPU per event, no IO: our incremental core vs the naive recomputation. */
export function benchCore(opts: BenchOptions, results: Results): { oursUs: Map<number, number>; naiveUs: number } {
  const oursUs = new Map<number, number>();
  const withCpUs = new Map<number, number>();
  for (const symbols of opts.symbolCounts) {
    // Every indicator (sma_50, macd signal) warmed up before timing, and the JIT too: 5,500
    // events (100 symbols) left the first timed half partly unoptimised, the second not.
    const warm = Math.max(symbols * 55, 50_000);
    const timed = opts.quick ? 60_000 : 150_000;
    const recs = records(symbols, warm + timed);
    const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
    ours(h, recs.slice(0, warm), false);
    const part = recs.slice(warm);
    const half = Math.floor(part.length / 2);
    const us = cpuPerEvent(half, () => ours(h, part.slice(0, half), false));
    const withCp = cpuPerEvent(part.length - half, () => ours(h, part.slice(half), true));
    oursUs.set(symbols, us);
    withCpUs.set(symbols, withCp);
    results.add({ section: 'core (no IO)', name: `ours, ${symbols.toLocaleString('en-US')} symbols`, value: us, unit: 'µs CPU/event' });
    results.add({ section: 'core (no IO)', name: `ours + checkpoint encoding, ${symbols.toLocaleString('en-US')} symbols`, value: withCp, unit: 'µs CPU/event' });
  }
  const first = oursUs.get(opts.symbolCounts[0] as number) as number;
  const lastCount = opts.symbolCounts[opts.symbolCounts.length - 1] as number;
  const growth = (oursUs.get(lastCount) as number) / first;
  results.add({ section: 'core (no IO)', name: `cost growth ${opts.symbolCounts[0]} -> ${lastCount.toLocaleString('en-US')} symbols`, value: growth, unit: 'x', target: '<= 1.5x', met: growth <= 1.5 });
  const cpGrowth = (withCpUs.get(lastCount) as number) / (withCpUs.get(opts.symbolCounts[0] as number) as number);
  results.add({ section: 'core (no IO)', name: `cost growth with checkpoint encoding ${opts.symbolCounts[0]} -> ${lastCount.toLocaleString('en-US')} symbols`, value: cpGrowth, unit: 'x', target: '<= 1.5x', met: cpGrowth <= 1.5 });

  // Naive: 25 symbols whose 200-price windows are full, so every tick pays the full
  // recomputation (its cost per event does not depend on the number of symbols).
  const symbols = 25;
  const timed = opts.quick ? 3000 : 10_000;
  const recs = records(symbols, symbols * NAIVE_WINDOW + timed);
  const naive = new NaiveQuoteCore();
  for (const r of recs.slice(0, symbols * NAIVE_WINDOW)) naive.handle(r.value as Buffer);
  const timedRecs = recs.slice(symbols * NAIVE_WINDOW);
  const naiveUs = cpuPerEvent(timedRecs.length, () => {
    for (const r of timedRecs) naive.handle(r.value as Buffer);
  });
  results.add({ section: 'core (no IO)', name: `naive (technicalindicators over ${NAIVE_WINDOW} prices, windows full)`, value: naiveUs, unit: 'µs CPU/event' });
  results.add({ section: 'core (no IO)', name: `speed-up ours (${opts.symbolCounts[0]} symbols) vs naive, CPU per event`, value: naiveUs / first, unit: 'x' });
  return { oursUs, naiveUs };
}
