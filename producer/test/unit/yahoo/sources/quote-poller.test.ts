import { createLogger } from '@tickflow/common';
import { describe, expect, it } from 'vitest';
import { Counters } from '../../../../src/core/counters.js';
import { QuotePoller, type PollerOptions } from '../../../../src/yahoo/sources/quote-poller.js';
import { createYahooClient } from '../../../../src/yahoo/sources/yahoo-client.js';
import { captureLog } from '../../../support/capture-log.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { MemorySink } from '../../../support/memory-sink.js';
import { FixtureFetch, invalidCrumb, networkError, quotePool, status, type Responder } from '../../../support/yahoo-fixtures.js';

const QUOTE = 'query2.finance.yahoo.com/v7/finance/quote';
const CRUMB = 'query1.finance.yahoo.com/v1/test/getcrumb';
const RECORDED = ['quote-AAPL-BABA.json', 'quote-BTC-USD.json'];
const silent = createLogger('test', 'silent');

/** A poller wired to recorded Yahoo answers; `quote` responders play in order, the last repeats. */
function setup(symbols: string[], quote: Responder[], opts: Partial<PollerOptions> = {}) {
  const ff = new FixtureFetch().withCrumbSession().on(QUOTE, ...quote);
  const sink = new MemorySink();
  const counters = new Counters();
  const clock = new FakeClock();
  const { log, lines } = captureLog();
  const poller = new QuotePoller(
    { symbols, intervalMs: 5000, closedSlowdown: 6, breaker: { failureThreshold: 3, coolDownMs: 60_000, baseDelayMs: 1000, maxDelayMs: 30_000 }, quoteRetry: { baseMs: 60_000, maxMs: 600_000 }, ...opts },
    { newClient: () => createYahooClient({ fetch: ff.fetch, log: silent }), sink, counters, log, clock, quotesTopic: 'market.quotes', random: () => 0.5 },
  );
  return { poller, ff, sink, counters, clock, lines };
}

describe('QuotePoller with recorded Yahoo responses', () => {
  it('polls all symbols in one request and emits QuoteEvents with the exchange time, currency and market state', async () => {
    const { poller, ff, sink } = setup(['AAPL', 'BABA', 'BTC-USD'], [quotePool(RECORDED)]);
    const out = await poller.pollOnce();
    expect(out).toEqual({ ok: true, emitted: 3, deadLettered: 0, nextDelayMs: 5000 });
    expect(ff.count(QUOTE)).toBe(1);
    expect(ff.calls.find((u) => u.pathname === '/v7/finance/quote')?.searchParams.get('symbols')).toBe('AAPL,BABA,BTC-USD');
    expect(sink.quoteEvents).toEqual([
      { v: 1, symbol: 'AAPL', ts: Date.parse('2025-02-14T21:00:00Z'), price: 244.6, volume: 0, currency: 'USD', marketState: 'CLOSED', dayHigh: 245.41, dayLow: 241, previousClose: 241.53, source: 'yahoo' },
      { v: 1, symbol: 'BABA', ts: Date.parse('2025-02-14T21:00:02Z'), price: 124.73, volume: 0, currency: 'USD', marketState: 'CLOSED', dayHigh: 126.8, dayLow: 120.495, previousClose: 119.54, source: 'yahoo' },
      { v: 1, symbol: 'BTC-USD', ts: 1739789580000, price: 96077.45, volume: 0, currency: 'USD', marketState: 'REGULAR', dayHigh: 96581.79, dayLow: 95934.96, previousClose: 96137.88, source: 'yahoo' },
    ]);
    expect(sink.sends).toEqual([3]);
  });

  it('emits only what changed, with the volume traded since the previous emission', async () => {
    // Second answer: BTC moved (edited copy of the recorded quote), the equities did not.
    const moved = quotePool(RECORDED, (q) => {
      if (q.symbol !== 'BTC-USD') return;
      q.regularMarketPrice = 96100.5;
      q.regularMarketTime = 1739789640;
      q.regularMarketVolume = 21228961792 + 3_500_000;
    });
    const { poller, sink } = setup(['AAPL', 'BABA', 'BTC-USD'], [quotePool(RECORDED), quotePool(RECORDED), moved]);
    await poller.pollOnce();
    expect((await poller.pollOnce()).emitted).toBe(0);
    expect((await poller.pollOnce()).emitted).toBe(1);
    expect(sink.quoteEvents.at(-1)).toEqual({ v: 1, symbol: 'BTC-USD', ts: 1739789640000, price: 96100.5, volume: 3_500_000, currency: 'USD', marketState: 'REGULAR', dayHigh: 96581.79, dayLow: 95934.96, previousClose: 96137.88, source: 'yahoo' });
  });

  it('backs off after HTTP 429 (honouring Retry-After), counts it, then recovers', async () => {
    const { poller, sink, counters, lines } = setup(['AAPL', 'BABA'], [status(429, 'Too Many Requests', { 'retry-after': '7' }), quotePool(RECORDED)]);
    const first = await poller.pollOnce();
    expect(first).toMatchObject({ ok: false, emitted: 0, nextDelayMs: 7000 });
    expect(counters.get('yahoo_429')).toBe(1);
    expect(counters.get('yahoo_errors')).toBe(1);
    expect(lines.find((l) => l.level === 'warn')?.obj).toMatchObject({ kind: 'rate_limited', status: 429, symbols: ['AAPL', 'BABA'] });
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(sink.quoteEvents.map((e) => e.symbol)).toEqual(['AAPL', 'BABA']);
  });

  it('a 429 without Retry-After waits the jittered backoff, growing per failure, never 0', async () => {
    const { poller } = setup(['AAPL'], [status(429, 'Too Many Requests')], { breaker: { failureThreshold: 10, coolDownMs: 60_000, baseDelayMs: 1000, maxDelayMs: 30_000 } });
    const delays = [];
    for (let i = 0; i < 4; i++) delays.push((await poller.pollOnce()).nextDelayMs);
    expect(delays).toEqual([750, 1500, 3000, 6000]); // random = 0.5 -> 3/4 of the nominal delay
  });

  it('retries once with a fresh session when Yahoo rejects the crumb, without counting a failure', async () => {
    const { poller, ff, sink, counters } = setup(['AAPL', 'BABA'], [invalidCrumb(), quotePool(RECORDED)]);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    // Between the rejected request and its retry, a new crumb was fetched.
    const paths = ff.calls.map((u) => `${u.host}${u.pathname}`);
    const [first, retry] = paths.flatMap((p, i) => (p === QUOTE ? [i] : []));
    expect(retry).toBeDefined();
    expect(paths.slice((first as number) + 1, retry)).toContain(CRUMB);
    expect(counters.get('yahoo_crumb_refresh')).toBe(1);
    expect(counters.get('yahoo_errors')).toBe(0);
    expect(sink.quoteEvents).toHaveLength(2);
  });

  it('uses the partial result of a FailedYahooValidationError and dead-letters the unusable quote', async () => {
    // Edited copy of the recording: BABA's price arrives as text, which fails yahoo-finance2's schema.
    const broken = quotePool(RECORDED, (q) => {
      if (q.symbol === 'BABA') q.regularMarketPrice = 'n/a';
    });
    const { poller, sink, counters, lines } = setup(['AAPL', 'BABA'], [broken]);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 1, deadLettered: 1 });
    expect(sink.quoteEvents.map((e) => e.symbol)).toEqual(['AAPL']);
    expect(counters.get('yahoo_validation')).toBe(1);
    const dl = sink.deadLetters[0];
    expect(dl?.topic).toBe('market.quotes');
    expect(dl?.record.reason).toBe('parse_error');
    expect(dl?.record.error).toContain('BABA');
    expect(JSON.parse(Buffer.from(dl?.record.originalBase64 ?? '', 'base64').toString('utf8'))).toMatchObject({ symbol: 'BABA', regularMarketPrice: 'n/a' });
    expect(lines.find((l) => l.msg.includes('dead-lettered'))?.obj).toMatchObject({ symbol: 'BABA', reason: 'parse_error' });
  });

  it('dead-letters an impossible value as invalid_value (passes the library, fails our schema)', async () => {
    const zero = quotePool(RECORDED, (q) => {
      if (q.symbol === 'AAPL') q.regularMarketPrice = 0;
    });
    const { poller, sink } = setup(['AAPL', 'BABA'], [zero]);
    expect(await poller.pollOnce()).toMatchObject({ emitted: 1, deadLettered: 1 });
    expect(sink.deadLetters[0]?.record.reason).toBe('invalid_value');
  });

  it('warns about an unknown symbol (once), counts it every poll, and keeps the others flowing', async () => {
    const { poller, sink, counters, lines } = setup(['AAPL', 'NOSUCH-XYZ', 'BTC-USD'], [quotePool(RECORDED)]);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    await poller.pollOnce();
    expect(sink.quoteEvents.map((e) => e.symbol)).toEqual(['AAPL', 'BTC-USD']);
    expect(counters.get('yahoo_unknown_symbol')).toBe(2);
    const warns = lines.filter((l) => l.level === 'warn' && l.obj.symbol === 'NOSUCH-XYZ');
    expect(warns).toHaveLength(1);
    expect(warns[0]?.obj.reason).toBe('not in Yahoo response');
  });

  it('slows down x6 while all markets are closed and quiet, without re-emitting', async () => {
    const { poller, sink, clock } = setup(['AAPL', 'BABA'], [quotePool(RECORDED)]);
    const abort = new AbortController();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, s) => {
      await sleep(ms, s);
      if (clock.sleeps.length === 4) abort.abort();
    };
    await poller.run(abort.signal);
    expect(clock.sleeps).toEqual([5000, 30_000, 30_000, 30_000]);
    expect(sink.quoteEvents).toHaveLength(2);
  });

  it('opens the breaker after N consecutive network failures, half-opens after the cool-down, closes on success', async () => {
    const fail = networkError('ECONNRESET');
    const { poller, counters, clock, lines, ff } = setup(['AAPL', 'BABA'], [fail, fail, fail, fail, quotePool(RECORDED)]);
    const delays = [];
    for (let i = 0; i < 3; i++) delays.push((await poller.pollOnce()).nextDelayMs);
    expect(delays).toEqual([750, 1500, 60_000]);
    expect(counters.get('breaker_open')).toBe(1);
    expect(counters.get('yahoo_network')).toBe(3);
    expect(lines.find((l) => l.level === 'error')?.obj).toMatchObject({ kind: 'network', failures: 3, retryInMs: 60_000 });
    // While open: no request at all, just the remaining cool-down.
    const calls = ff.calls.length;
    clock.advance(10_000);
    expect(await poller.pollOnce()).toMatchObject({ ok: false, nextDelayMs: 50_000 });
    expect(ff.calls.length).toBe(calls);
    // Cool-down over: one probe; it fails, so the breaker re-opens for another cool-down.
    clock.advance(50_000);
    expect(await poller.pollOnce()).toMatchObject({ ok: false, nextDelayMs: 60_000 });
    expect(counters.get('breaker_open')).toBe(2);
    clock.advance(60_000);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(lines.some((l) => l.msg.includes('circuit breaker closed'))).toBe(true);
  });

  it('never spins: every wait in a failing run is at least half the base delay', async () => {
    const { poller, clock } = setup(['AAPL'], [networkError('ECONNREFUSED')]);
    const abort = new AbortController();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, s) => {
      await sleep(ms, s);
      if (clock.sleeps.length === 12) abort.abort();
    };
    await poller.run(abort.signal);
    expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(500);
  });
});
