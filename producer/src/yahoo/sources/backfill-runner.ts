import { retry, type Logger } from '@tickflow/common';
import type { Chunk } from '../core/backfill-plan.js';
import { chartToEvents } from '../core/chart-candles.js';
import type { Counters } from '../../core/counters.js';
import { classifyYahooError, type YahooFailure } from '../core/yahoo-errors.js';
import type { Emitter } from '../../pump/push-source.js';
import type { Clock } from '../../pump/clock.js';
import type { YahooClient } from './yahoo-client.js';

export interface BackfillJob {
  symbols: readonly string[];
  interval: string;
  chunks: readonly Chunk[];
  /** Retries per chunk on 429/network errors, with exponential backoff. */
  maxRetries?: number;
  baseDelayMs?: number;
}

export interface BackfillDeps {
  client: YahooClient;
  sink: Emitter;
  counters: Counters;
  log: Logger;
  clock: Clock;
  signal: AbortSignal;
  random?: () => number;
  /** Requests done of all planned (symbols x chunks): the pump's progress and ETA read it. */
  progress?: BackfillProgress;
}

export interface BackfillProgress {
  done: number;
  total: number;
}

export interface BackfillStats {
  symbolsDone: number;
  symbolsFailed: string[];
  candles: number;
  nullCandles: number;
  requests: number;
  ms: number;
}

/**
 * Pulls candles chunk by chunk through chart() and emits them as QuoteEvents (source 'backfill').
 * A symbol whose chunk keeps failing is reported and skipped; the others still run.
 */
export async function runBackfill(job: BackfillJob, deps: BackfillDeps): Promise<BackfillStats> {
  const { clock, log, counters } = deps;
  const started = clock.now();
  const stats: BackfillStats = { symbolsDone: 0, symbolsFailed: [], candles: 0, nullCandles: 0, requests: 0, ms: 0 };
  const progress = deps.progress ?? { done: 0, total: 0 };
  progress.total = job.symbols.length * job.chunks.length;
  progress.done = 0;
  for (const symbol of job.symbols) {
    if (deps.signal.aborted) break;
    let ok = true;
    let cut = false; // stopped (SIGTERM) before its last chunk: neither done nor failed
    for (const [i, chunk] of job.chunks.entries()) {
      if ((cut = deps.signal.aborted)) break;
      const raw = await fetchChunk(job, deps, symbol, chunk, stats);
      if ((cut = raw === undefined && deps.signal.aborted)) break; // stopped while retrying: not a failure
      const mapped = raw === undefined ? undefined : chartToEvents(raw, chunk);
      if (!mapped?.ok) {
        if (mapped) {
          counters.inc('backfill_invalid_chart');
          log.warn({ symbol, period1: iso(chunk.period1), reason: mapped.error }, 'unusable chart() payload: symbol skipped');
        }
        ok = false;
        progress.done += job.chunks.length - i; // the ETA no longer waits for this symbol
        break;
      }
      if (mapped.events.length > 0) await deps.sink.quotes(mapped.events);
      stats.candles += mapped.events.length;
      stats.nullCandles += mapped.nullCandles;
      counters.inc('backfill_candles', mapped.events.length);
      if (mapped.nullCandles > 0) counters.inc('backfill_null_candles', mapped.nullCandles);
      if (mapped.badBars > 0) counters.inc('backfill_bad_bars', mapped.badBars);
      progress.done++;
      // Rate and ETA are the pump's progress line; this says which request it was.
      log.debug({ symbol, chunk: `${progress.done}/${progress.total}`, symbolsDone: `${stats.symbolsDone}/${job.symbols.length}`, candles: stats.candles }, 'backfill chunk done');
    }
    if (!ok) stats.symbolsFailed.push(symbol);
    else if (!cut) stats.symbolsDone++;
  }
  stats.ms = clock.now() - started;
  return stats;
}

/** A chart() failure, classified once: `canRetry` and Retry-After are read by `retry()`. */
class ChartFailure extends Error {
  constructor(readonly failure: YahooFailure) {
    super(failure.message);
  }
  get canRetry(): boolean {
    const f = this.failure;
    return f.kind === 'rate_limited' || f.kind === 'network' || (f.kind === 'http' && (f.status ?? 0) >= 500);
  }
}

/** One chart() call with retries; undefined when it finally failed (already logged and counted). */
async function fetchChunk(job: BackfillJob, deps: BackfillDeps, symbol: string, chunk: Chunk, stats: BackfillStats): Promise<unknown> {
  const { counters, log, clock } = deps;
  const call = async (): Promise<unknown> => {
    stats.requests++;
    try {
      return await deps.client.chart(symbol, { period1: chunk.period1, period2: chunk.period2, interval: job.interval });
    } catch (err) {
      const f = classifyYahooError(err);
      if (f.kind === 'validation' && f.partialResult !== undefined) {
        counters.inc('yahoo_validation');
        log.warn({ symbol, reason: f.message }, 'chart() payload failed library validation: using the partial result');
        return f.partialResult;
      }
      counters.inc('yahoo_errors');
      if (f.kind === 'rate_limited') counters.inc('yahoo_429');
      throw new ChartFailure(f);
    }
  };
  try {
    return await retry(call, {
      what: `chart(${symbol})`,
      log,
      canRetry: (e) => e instanceof ChartFailure && e.canRetry,
      minDelayMs: (e) => (e instanceof ChartFailure ? (e.failure.retryAfterMs ?? 0) : 0),
      baseMs: job.baseDelayMs ?? 2000,
      maxMs: 60_000,
      maxRetries: job.maxRetries ?? 4,
      signal: deps.signal,
      sleep: (ms, signal) => clock.sleep(ms, signal ?? deps.signal),
      ...(deps.random ? { random: deps.random } : {}),
    });
  } catch (err) {
    if (deps.signal.aborted) return undefined; // stopped while retrying: the caller stops too
    const f = err instanceof ChartFailure ? err.failure : classifyYahooError(err);
    log.error({ symbol, kind: f.kind, status: f.status, reason: f.message, period1: iso(chunk.period1), period2: iso(chunk.period2) }, 'chart() failed: symbol skipped');
    return undefined;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
