import { createLogger } from '@tickflow/common';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/commands/usage-error.js';
import { backfillCommand } from '../../../../src/yahoo/backfill.js';
import { planChunks, YAHOO_INTERVAL_LIMITS, type Chunk } from '../../../../src/yahoo/core/backfill-plan.js';
import { Counters } from '../../../../src/core/counters.js';
import { runBackfill } from '../../../../src/yahoo/sources/backfill-runner.js';
import { createYahooClient } from '../../../../src/yahoo/sources/yahoo-client.js';
import { captureLog } from '../../../support/capture-log.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { MemorySink } from '../../../support/memory-sink.js';
import { chartSlice, FixtureFetch, recorded, status, type Responder } from '../../../support/yahoo-fixtures.js';

const CHART = 'query2.finance.yahoo.com/v8/finance/chart/';
// Recorded MSFT daily candles, 2021-02-01 .. 2022-01-28: one symbol-year.
const MSFT_YEAR = 'chart-MSFT-2021-02-01-to-2022-01-31-1d.json';
const FROM = Date.parse('2021-02-01T00:00:00Z');
const TO = Date.parse('2022-01-31T00:00:00Z');
const NOW = Date.parse('2022-02-01T00:00:00Z');
const DAY = 86_400_000;

async function backfill(chunks: Chunk[], chart: Responder[] = [chartSlice(MSFT_YEAR)]) {
  const ff = new FixtureFetch().on(CHART, ...chart);
  const sink = new MemorySink();
  const counters = new Counters();
  const clock = new FakeClock(NOW);
  const { log, lines } = captureLog();
  const stats = await runBackfill(
    { symbols: ['MSFT'], interval: '1d', chunks },
    { client: createYahooClient({ fetch: ff.fetch, log: createLogger('test', 'silent') }), sink, counters, log, clock, signal: new AbortController().signal, random: () => 0 },
  );
  return { ff, sink, counters, clock, lines, stats };
}

function plan(maxChunkDays = Infinity): Chunk[] {
  const p = planChunks({ from: FROM, to: TO, interval: '1d', now: NOW }, { ...YAHOO_INTERVAL_LIMITS, '1d': { maxChunkMs: maxChunkDays * DAY, lookbackMs: Infinity } });
  if (!p.ok) throw new Error(p.error);
  return p.chunks;
}

describe('runBackfill with recorded chart() responses', () => {
  it('emits one backfill QuoteEvent per daily candle at the candle timestamp', async () => {
    const { sink, stats, ff } = await backfill(plan());
    expect(ff.calls).toHaveLength(1);
    expect(ff.calls[0]?.searchParams.get('interval')).toBe('1d');
    expect(ff.calls[0]?.searchParams.get('period1')).toBe(String(FROM / 1000));
    expect(sink.quoteEvents).toHaveLength(252);
    expect(sink.quoteEvents[0]).toEqual({
      v: 1, symbol: 'MSFT', ts: Date.parse('2021-02-01T14:30:00Z'),
      open: 235.05999755859375, high: 242.5, low: 232.42999267578125, price: 239.64999389648438,
      volume: 33314200, currency: 'USD', source: 'backfill',
    });
    expect(sink.quoteEvents.at(-1)?.ts).toBe(Date.parse('2022-01-28T14:30:00Z'));
    expect(sink.quoteEvents.every((e) => e.source === 'backfill')).toBe(true);
    expect(stats).toMatchObject({ symbolsDone: 1, symbolsFailed: [], candles: 252, requests: 1 });
  });

  it('chunked requests stitch to exactly the same events: no gap, no duplicate at the edges', async () => {
    const whole = await backfill(plan());
    const chunked = await backfill(plan(30));
    expect(chunked.ff.calls).toHaveLength(13);
    expect(chunked.sink.quoteEvents).toEqual(whole.sink.quoteEvents);
    const ts = chunked.sink.quoteEvents.map((e) => e.ts);
    expect(new Set(ts).size).toBe(ts.length);
  });

  it('is idempotent: running the same backfill twice yields identical events (same points downstream)', async () => {
    const a = await backfill(plan(45));
    const b = await backfill(plan(45));
    expect(b.sink.quoteEvents).toEqual(a.sink.quoteEvents);
  });

  it('skips and counts null candles', async () => {
    // Edited copy of the recording: two sessions without a close, as Yahoo sends for halted/empty bars.
    const withNulls = recordedChartEdit((q) => {
      q.close[10] = null;
      q.close[11] = null;
    });
    const { sink, counters, stats } = await backfill(plan(), [withNulls]);
    expect(sink.quoteEvents).toHaveLength(250);
    expect(counters.get('backfill_null_candles')).toBe(2);
    expect(stats.nullCandles).toBe(2);
  });

  it('retries a chunk after HTTP 429 with backoff, then completes', async () => {
    const { sink, counters, clock, stats } = await backfill(plan(), [status(429, 'Too Many Requests'), chartSlice(MSFT_YEAR)]);
    expect(counters.get('yahoo_429')).toBe(1);
    expect(clock.sleeps).toEqual([1000]); // base 2 s, attempt 1, jitter 0 -> half
    expect(stats.requests).toBe(2);
    expect(sink.quoteEvents).toHaveLength(252);
  });

  it('reports a symbol Yahoo does not know and logs why', async () => {
    const notFound: Responder = () =>
      new Response(JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }), { status: 404 });
    const { stats, lines, sink } = await backfill(plan(), [notFound]);
    expect(stats.symbolsFailed).toEqual(['MSFT']);
    expect(sink.quoteEvents).toHaveLength(0);
    expect(lines.find((l) => l.level === 'error')?.obj).toMatchObject({ symbol: 'MSFT', reason: 'No data found, symbol may be delisted' });
  });

  it('counts requests done of symbols x chunks for the pump (a failed symbol counts as done), and logs each chunk at debug', async () => {
    const progress = { done: 0, total: 0 };
    const seen: string[] = [];
    const ff = new FixtureFetch().on(CHART, (url) => {
      seen.push(`${progress.done}/${progress.total}`); // as the pump would read it mid-run
      return (url.pathname.endsWith('/NOPE') ? status(404, 'Not Found') : chartSlice(MSFT_YEAR))(url);
    });
    const { log, lines } = captureLog();
    const deps = { client: createYahooClient({ fetch: ff.fetch, log: createLogger('test', 'silent') }), sink: new MemorySink(), counters: new Counters(), log, clock: new FakeClock(NOW), signal: new AbortController().signal, random: () => 0, progress };
    const stats = await runBackfill({ symbols: ['NOPE', 'MSFT'], interval: '1d', chunks: plan(120) }, deps);
    expect(stats.symbolsFailed).toEqual(['NOPE']);
    expect(seen).toEqual(['0/8', '4/8', '5/8', '6/8', '7/8']); // NOPE fails on its first of 4 chunks
    expect(progress).toEqual({ done: 8, total: 8 });
    const chunks = lines.filter((l) => l.msg === 'backfill chunk done');
    expect(chunks.map((l) => [l.level, l.obj.chunk])).toEqual([['debug', '5/8'], ['debug', '6/8'], ['debug', '7/8'], ['debug', '8/8']]);
    expect(chunks.at(-1)?.obj).toMatchObject({ symbol: 'MSFT', candles: 252 });
  });
});

describe('backfill command', () => {
  it('refuses 1m data older than 30 days with a UsageError (exit code 2) before any request', async () => {
    const ctx = { sink: new MemorySink(), counters: new Counters(), log: createLogger('test', 'silent'), signal: new AbortController().signal } as unknown as Parameters<typeof backfillCommand.open>[0];
    const run = backfillCommand.open(ctx, { symbols: 'AAPL', from: '2020-01-01', to: 'now', interval: '1m' });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/only for the last 30 days/);
  });

  it('rejects an unknown interval', async () => {
    const ctx = { sink: new MemorySink(), counters: new Counters(), log: createLogger('test', 'silent'), signal: new AbortController().signal } as unknown as Parameters<typeof backfillCommand.open>[0];
    await expect(backfillCommand.open(ctx, { symbols: 'AAPL', from: '2020-01-01', to: 'now', interval: '7m' })).rejects.toThrow(/--interval must be one of/);
  });
});

/** The recorded year with an edit applied to its quote series. */
function recordedChartEdit(edit: (q: { close: (number | null)[] }) => void): Responder {
  return recorded(MSFT_YEAR, (fx) => {
    const result = (fx.response.bodyJson as { chart: { result: { indicators: { quote: { close: (number | null)[] }[] } }[] } }).chart.result[0];
    edit(result?.indicators.quote[0] as { close: (number | null)[] });
  });
}
