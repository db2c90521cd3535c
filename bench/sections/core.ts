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

/** CPU µs per event (user + system) of fn over n events, after a full GC (garbage of what ran before is not fn's). */
function cpuPerEvent(n: number, fn: () => void): number {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / n;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The lanes' line encoder (one per bucket and partition in the pipeline). */
const lines = new LineWriter();

/** The source topics' partitions (the producer's default): one handler each, as the pipeline has. */
const PARTITIONS = 6;
/** Records of a fetch batch handed to a handler at once. */
const FETCH = 1000;
/**
 * Records of one partition between its commits (endBatch, takeDirty, checkpoint): a commit
 * interval of the processor (COMMIT_INTERVAL_MS, 1 s) at 50,000 events/s (the processor's rate
 * target) over the 6 partitions.
 */
const PER_COMMIT = Math.round(50_000 / PARTITIONS);

interface Cadence {
  /** Records of a partition between two commits. */
  perCommit: number;
  checkpoint: boolean;
}

/** One partition's handler and where it is in its commit interval. */
interface Part {
  h: QuoteHandler;
  sinceCommit: number;
}

const partitionOf = (symbol: number): number => symbol % PARTITIONS;

function parts(): Part[] {
  return Array.from({ length: PARTITIONS }, () => ({ h: new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 }), sinceCommit: 0 }));
}

/** Records spread over the partitions by symbol, as the producer keys them (QuoteSource emits symbol i at index i mod symbols). */
function split(symbols: number, recs: InRecord[], from: number, to: number): InRecord[][] {
  const out: InRecord[][] = Array.from({ length: PARTITIONS }, () => []);
  for (let i = from; i < to; i++) (out[partitionOf(i % symbols)] as InRecord[]).push(recs[i] as InRecord);
  return out;
}

/** Our core as the pipeline drives it: fetch batches to each partition's handler, line protocol bytes, and per commit endBatch, takeDirty and (optionally) the checkpoint as the changelog encodes it. */
function ours(all: Part[], byPartition: InRecord[][], c: Cadence): void {
  for (let p = 0; p < PARTITIONS; p++) {
    const part = all[p] as Part;
    const recs = byPartition[p] as InRecord[];
    for (let i = 0; i < recs.length; i += FETCH) {
      const out = emptyOutput();
      const end = Math.min(recs.length, i + FETCH);
      for (let j = i; j < end; j++) part.h.handle(recs[j] as InRecord, out);
      part.sinceCommit += end - i;
      const commit = part.sinceCommit >= c.perCommit;
      if (commit) part.h.endBatch(out);
      for (const pt of out.points) lines.add(pt);
      lines.take();
      if (!commit) continue;
      part.sinceCommit = 0;
      const dirty = part.h.takeDirty();
      if (c.checkpoint) checkpointRecords('quotes', p, dirty, String(end));
    }
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
    // One phase of 50,000 events lasts a quarter of a second: single phases moved the growth
    // ratio between 1.4x and 2.8x from run to run. Phases with and without the checkpoint
    // alternate, and each figure is the median of its phases.
    const phase = opts.quick ? 20_000 : 50_000;
    const rounds = opts.quick ? 3 : 7;
    const recs = records(symbols, warm + (2 * rounds + 1) * phase);
    const all = parts();
    const slice = (k: number) => split(symbols, recs, warm + k * phase, warm + (k + 1) * phase);
    ours(all, split(symbols, recs, 0, warm), { perCommit: PER_COMMIT, checkpoint: true });
    const plain: number[] = [];
    const checkpointed: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const [x, y] = [slice(2 * r), slice(2 * r + 1)];
      plain.push(cpuPerEvent(phase, () => ours(all, x, { perCommit: PER_COMMIT, checkpoint: false })));
      checkpointed.push(cpuPerEvent(phase, () => ours(all, y, { perCommit: PER_COMMIT, checkpoint: true })));
    }
    const [us, withCp] = [median(plain), median(checkpointed)];
    const last = slice(2 * rounds);
    const everyFetch = cpuPerEvent(phase, () => ours(all, last, { perCommit: FETCH, checkpoint: true }));
    oursUs.set(symbols, us);
    withCpUs.set(symbols, withCp);
    const n = symbols.toLocaleString('en-US');
    const spread = (xs: number[]) => `median of ${rounds} phases of ${phase.toLocaleString('en-US')} events, ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    results.add({ section: 'core (no IO)', name: `ours, ${n} symbols`, value: us, unit: 'µs CPU/event', note: spread(plain) });
    results.add({ section: 'core (no IO)', name: `ours + checkpoint encoding, ${n} symbols`, value: withCp, unit: 'µs CPU/event', note: spread(checkpointed) });
    results.add({ section: 'core (no IO)', name: `ours + checkpoint encoding, a commit per fetch of ${FETCH.toLocaleString('en-US')}, ${n} symbols`, value: everyFetch, unit: 'µs CPU/event', note: 'worst case' });
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
