import { createLogger, sleep } from '@tickflow/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Counters } from '../../../../src/core/counters.js';
import { QuotePoller } from '../../../../src/yahoo/sources/quote-poller.js';
import { createYahooClient } from '../../../../src/yahoo/sources/yahoo-client.js';
import { captureLog } from '../../../support/capture-log.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { MemorySink } from '../../../support/memory-sink.js';
import { FixtureFetch, quotePool, recorded, status, type Responder } from '../../../support/yahoo-fixtures.js';

// quote() refused by Yahoo (crumb 429, EU consent redirects) -> quotes from chart(), quote()
// retried with backoff, back to quote() once it works; the session survives restarts.
// Every answer is a recording from yahoo-finance2's test fixtures (see fixtures/yahoo/README.md).
const QUOTE = 'query2.finance.yahoo.com/v7/finance/quote';
const CRUMB = 'query1.finance.yahoo.com/v1/test/getcrumb';
const PAGE = 'finance.yahoo.com/quote/';
const CHART = 'query2.finance.yahoo.com/v8/finance/chart/';
const RECORDED = ['quote-AAPL-BABA.json', 'quote-BTC-USD.json'];
/** 2026-10-03 02:40 UTC: after AAPL's post-market of the recorded day, inside BTC's session. */
const NOW = 1_791_000_000_000;
const silent = createLogger('test', 'silent');

/** chart() answers: the recorded 2026 meta of AAPL and BTC-USD, by symbol. */
const charts: Responder = (url) => {
  const symbol = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  return recorded(`chart-${symbol}-2026-10-03-meta.json`)(url);
};

function setup(ff: FixtureFetch, sessionFile?: string) {
  const sink = new MemorySink();
  const counters = new Counters();
  const clock = new FakeClock(NOW);
  const { log, lines } = captureLog();
  const poller = new QuotePoller(
    {
      symbols: ['AAPL', 'BTC-USD'], intervalMs: 5000, closedSlowdown: 1,
      breaker: { failureThreshold: 3, coolDownMs: 60_000, baseDelayMs: 1000, maxDelayMs: 30_000 }, quoteRetry: { baseMs: 60_000, maxMs: 600_000 },
    },
    { newClient: () => createYahooClient({ fetch: ff.fetch, log: silent, sessionFile }), sink, counters, log, clock, quotesTopic: 'q', random: () => 1 },
  );
  return { poller, sink, counters, clock, lines };
}

const CHART_AAPL = { v: 1, symbol: 'AAPL', ts: 1_790_971_201_000, price: 333.69, volume: 0, currency: 'USD', marketState: 'CLOSED', dayHigh: 334.54, dayLow: 330.61, previousClose: 167.3, source: 'yahoo-chart' };
const CHART_BTC = { v: 1, symbol: 'BTC-USD', ts: 1_791_015_434_000, price: 84613.16, volume: 0, currency: 'USD', marketState: 'REGULAR', dayHigh: 84713.72, dayLow: 84434.45, previousClose: 7200.174, source: 'yahoo-chart' };

describe('Yahoo quote() refusals: chart() fallback and recovery', () => {
  it('quote success: quotes come from quote(), marked yahoo; chart() is not asked', async () => {
    const ff = new FixtureFetch().withCrumbSession().on(QUOTE, quotePool(RECORDED)).on(CHART, charts);
    const { poller, sink } = setup(ff);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(poller.mode).toBe('quote');
    expect(sink.quoteEvents.map((e) => [e.symbol, e.source])).toEqual([['AAPL', 'yahoo'], ['BTC-USD', 'yahoo']]);
    expect(ff.count(CHART)).toBe(0);
  });

  it('crumb refused with 429: quotes flow from chart() at once, then quote() is retried with backoff and recovers', async () => {
    const ff = new FixtureFetch()
      .on(PAGE, recorded('getCrumb-quote-AAPL-copyConsent.json'))
      // Refused twice (the first try and its fresh-session retry), then refused again at the
      // first backoff retry, then granted.
      .on(CRUMB, status(429, 'Too Many Requests'), status(429, 'Too Many Requests'), status(429, 'Too Many Requests'), status(429, 'Too Many Requests'), recorded('getCrumb-getcrumb.json'))
      // Recorded quotes (Feb 2025), moved to the test's "now" (edited copy) so they are newer than the 2026 charts.
      .on(QUOTE, quotePool(RECORDED, (q) => void (q.regularMarketTime = NOW / 1000 + 20_000)))
      .on(CHART, charts);
    const { poller, sink, counters, clock, lines } = setup(ff);

    const first = await poller.pollOnce();
    expect(first).toMatchObject({ ok: true, emitted: 2, deadLettered: 0 });
    expect(poller.mode).toBe('chart');
    expect(sink.quoteEvents).toEqual([CHART_AAPL, CHART_BTC]);
    expect(counters.get('yahoo_quote_refused')).toBe(1);
    expect(counters.get('yahoo_errors')).toBe(0); // a refusal is not an outage: no breaker, no backoff of the feed
    expect(lines.find((l) => l.msg.includes('refused quote()'))?.obj).toMatchObject({ refusals: 1, retryQuoteInMs: 60_000 });

    // Before the backoff is over, only chart() is asked.
    const crumbCalls = ff.count(CRUMB);
    clock.advance(30_000);
    await poller.pollOnce();
    expect(ff.count(CRUMB)).toBe(crumbCalls);
    expect(ff.count(QUOTE)).toBe(0);

    // Backoff over: quote() tried again, refused again, next wait doubled; chart() keeps the feed.
    clock.advance(30_000);
    expect(await poller.pollOnce()).toMatchObject({ ok: true });
    expect(poller.mode).toBe('chart');
    expect(lines.filter((l) => l.msg.includes('still refused')).at(-1)?.obj).toMatchObject({ refusals: 2, retryQuoteInMs: 120_000 });

    // Recovery: the crumb is granted, quote() answers, quotes are marked yahoo again.
    clock.advance(120_000);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(poller.mode).toBe('quote');
    expect(sink.quoteEvents.slice(-2).map((e) => [e.symbol, e.source, e.price])).toEqual([['AAPL', 'yahoo', 244.6], ['BTC-USD', 'yahoo', 96077.45]]);
    expect(counters.get('yahoo_quote_recovered')).toBe(1);
    expect(lines.some((l) => l.msg.includes('back from chart()'))).toBe(true);
  });

  it('EU consent redirect loop (recorded 307 to guce.yahoo.com and back): chart() fallback', async () => {
    const ff = new FixtureFetch()
      .on((u) => u.host === 'finance.yahoo.com', recorded('getCrumb-geo-nl-20260809-quote-AAPL.json'))
      .on((u) => u.host === 'guce.yahoo.com', recorded('getCrumb-geo-nl-20260809-quote-AAPL-consent.html.json'))
      .on(CHART, charts);
    const { poller, sink, counters, lines } = setup(ff);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(poller.mode).toBe('chart');
    expect(sink.quoteEvents.map((e) => e.source)).toEqual(['yahoo-chart', 'yahoo-chart']);
    expect(counters.get('yahoo_quote_refused')).toBe(1);
    expect(String(lines.find((l) => l.msg.includes('refused quote()'))?.obj.reason)).toMatch(/consent redirects/);
    expect(ff.count('guce.yahoo.com/consent')).toBeGreaterThan(1);
    expect(ff.count(QUOTE)).toBe(0);
  });

  it('keeps the cookie jar (and crumb) on disk: a restarted producer does no new consent/crumb round', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yahoo-session-')), 'state', 'yahoo-session.json');
    const first = new FixtureFetch().withCrumbSession().on(QUOTE, quotePool(RECORDED));
    await setup(first, file).poller.pollOnce();
    expect(first.count(CRUMB)).toBe(1);
    await sleep(50); // the save is fire-and-forget after a good poll

    const restarted = new FixtureFetch().on(QUOTE, quotePool(RECORDED));
    const { poller, sink } = setup(restarted, file);
    expect(await poller.pollOnce()).toMatchObject({ ok: true, emitted: 2 });
    expect(restarted.count(CRUMB) + restarted.count(PAGE)).toBe(0);
    expect(restarted.calls[0]?.searchParams.get('crumb')).toBe('haT3oykhHqZ');
    expect(sink.quoteEvents.map((e) => e.source)).toEqual(['yahoo', 'yahoo']);
  });
});
