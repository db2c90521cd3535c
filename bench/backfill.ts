/**
 * Bench: backfill of one symbol-year of daily candles (recorded MSFT 2021-02..2022-01, 252
 * candles) through the real yahoo-finance2 chart() + our mapping, from recorded responses via an
 * injected fetch, into an in-memory sink. Measures our pipeline (library parse/validation,
 * zod, mapping), not Yahoo's latency. Run: node --import tsx bench/backfill.ts
 */
import { createLogger } from '@tickflow/common';
import { pathToFileURL } from 'node:url';
import { planChunks, YAHOO_INTERVAL_LIMITS } from '../producer/src/yahoo/core/backfill-plan.js';
import { Counters } from '../producer/src/core/counters.js';
import { runBackfill } from '../producer/src/yahoo/sources/backfill-runner.js';
import type { Clock } from '../producer/src/pump/clock.js';
import { createYahooClient } from '../producer/src/yahoo/sources/yahoo-client.js';
import { MemorySink } from '../producer/test/support/memory-sink.js';
import { chartSlice, FixtureFetch } from '../producer/test/support/yahoo-fixtures.js';

const FIXTURE = 'chart-MSFT-2021-02-01-to-2022-01-31-1d.json';
const FROM = Date.parse('2021-02-01T00:00:00Z');
const TO = Date.parse('2022-01-31T00:00:00Z');
const DAY = 86_400_000;
const RUNS = 20;

/** Wall clock without real sleeps (there are no retries against fixtures). */
const benchClock: Clock = { now: () => performance.now(), sleep: async () => {} };

async function once(maxChunkDays: number): Promise<{ ms: number; candles: number; requests: number }> {
  const plan = planChunks({ from: FROM, to: TO, interval: '1d', now: TO }, { ...YAHOO_INTERVAL_LIMITS, '1d': { maxChunkMs: maxChunkDays * DAY, lookbackMs: Infinity } });
  if (!plan.ok) throw new Error(plan.error);
  const ff = new FixtureFetch().on('query2.finance.yahoo.com/v8/finance/chart/', chartSlice(FIXTURE));
  const sink = new MemorySink();
  const silent = createLogger('bench', 'silent');
  const t0 = performance.now();
  const stats = await runBackfill(
    { symbols: ['MSFT'], interval: '1d', chunks: plan.chunks },
    { client: createYahooClient({ fetch: ff.fetch, log: silent }), sink, counters: new Counters(), log: silent, clock: benchClock, signal: new AbortController().signal },
  );
  const ms = performance.now() - t0;
  if (sink.quoteEvents.length !== 252) throw new Error(`expected 252 candles, got ${sink.quoteEvents.length}`);
  return { ms, candles: stats.candles, requests: stats.requests };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function benchBackfill(): Promise<{ name: string; value: number; unit: string }[]> {
  await once(Infinity); // warm-up: module init, JIT
  const single: number[] = [];
  const monthly: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    single.push((await once(Infinity)).ms);
    monthly.push((await once(30)).ms);
  }
  const ms = median(single);
  return [
    { name: 'backfill_symbol_year_1d_ms', value: round(ms), unit: 'ms' },
    { name: 'backfill_symbol_year_1d_candles_per_s', value: Math.round((252 * 1000) / ms), unit: 'candles/s' },
    { name: 'backfill_symbol_year_1d_13_chunks_ms', value: round(median(monthly)), unit: 'ms' },
  ];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchBackfill();
  for (const r of results) process.stdout.write(`${r.name}: ${r.value} ${r.unit}\n`);
}
