import { backoffDelay, makeDeadLetter, type DeadLetter, type QuoteEvent } from '@tickflow/contracts';
import { type Logger } from '@tickflow/common';
import { CircuitBreaker, type BreakerOptions } from '../core/circuit-breaker.js';
import type { Counters } from '../../core/counters.js';
import { CLOSED_MARKET_STATES, QuoteDedup } from '../core/quote-dedup.js';
import { classifyYahooError, type YahooFailure } from '../core/yahoo-errors.js';
import { mapChartMeta } from '../core/yahoo-chart-quote.js';
import { mapYahooQuote, type QuoteMapResult } from '../core/yahoo-quote-mapper.js';
import type { Emitter } from '../../pump/push-source.js';
import type { Clock } from '../../pump/clock.js';
import type { YahooClient } from './yahoo-client.js';

export interface PollerOptions {
  /** Upper-case Yahoo symbols, fetched in one batched request per poll. */
  symbols: readonly string[];
  intervalMs: number;
  /** Poll this many times slower while every symbol's market is closed and nothing changed. */
  closedSlowdown: number;
  breaker: BreakerOptions;
  /** While quote() is refused (crumb/consent), quotes come from chart(); quote() is retried after base, 2x, ... up to max. */
  quoteRetry: { baseMs: number; maxMs: number };
}

export interface PollerDeps {
  /** Makes a client with a fresh crumb/cookie session (called again after a crumb failure). */
  newClient: () => YahooClient;
  sink: Emitter;
  counters: Counters;
  log: Logger;
  clock: Clock;
  /** Source topic for dead letters (its `.dlq` receives them). */
  quotesTopic: string;
  random?: () => number;
}

export interface PollOutcome {
  ok: boolean;
  emitted: number;
  deadLettered: number;
  /** How long to wait before the next poll: interval, slowed interval, backoff or cool-down. */
  nextDelayMs: number;
}

/** Live Yahoo quotes: poll, validate, drop unchanged, emit; failures back off behind a breaker. */
export class QuotePoller {
  private client: YahooClient;
  private readonly dedup = new QuoteDedup();
  private readonly breaker: CircuitBreaker;
  private readonly missing = new Set<string>();
  private slowed = false;
  /** quote() refused: polling chart() until `quoteRetryAt`, then trying quote() again. */
  private viaChart = false;
  private quoteRefusals = 0;
  private quoteRetryAt = 0;

  constructor(
    private readonly opts: PollerOptions,
    private readonly deps: PollerDeps,
  ) {
    this.client = deps.newClient();
    this.breaker = new CircuitBreaker(opts.breaker);
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const outcome = await this.pollOnce();
      await this.deps.clock.sleep(outcome.nextDelayMs, signal);
    }
  }

  async pollOnce(): Promise<PollOutcome> {
    const { clock, counters, log } = this.deps;
    const started = clock.now();
    if (!this.breaker.allow(started)) return { ok: false, emitted: 0, deadLettered: 0, nextDelayMs: this.breaker.waitMs(started) };
    const probing = this.breaker.state === 'half_open';
    let raw: unknown[] | undefined;
    if (!this.viaChart || started >= this.quoteRetryAt) {
      try {
        raw = await this.fetchQuotes();
        this.quoteWorks();
      } catch (err) {
        const failure = classifyYahooError(err);
        if (failure.kind === 'crumb') this.quoteRefused(failure, started);
        else if (failure.kind !== 'validation' || !Array.isArray(failure.partialResult)) return this.failed(failure, started);
        else {
          // yahoo-finance2's schema check failed somewhere in the batch: keep what our own
          // validation accepts, dead-letter the rest below.
          counters.inc('yahoo_validation');
          log.warn({ symbols: this.opts.symbols, reason: failure.message }, 'Yahoo payload failed library validation: using the partial result');
          raw = failure.partialResult;
        }
      }
    }
    let map = mapYahooQuote;
    if (raw === undefined) {
      try {
        raw = await this.fetchCharts(started);
      } catch (err) {
        return this.failed(classifyYahooError(err), started);
      }
      map = (item: unknown): QuoteMapResult => mapChartMeta(item, started);
    }
    this.breaker.success();
    if (probing) log.info('circuit breaker closed: Yahoo answers again');
    const { emitted, deadLettered, allClosed } = await this.handle(raw, started, map);
    if (this.viaChart) counters.inc('yahoo_chart_quotes', emitted);
    const slow = allClosed && emitted === 0;
    if (slow !== this.slowed) {
      this.slowed = slow;
      log.info({ intervalMs: slow ? this.opts.intervalMs * this.opts.closedSlowdown : this.opts.intervalMs }, slow ? 'all markets closed: polling slower' : 'quotes moving: normal polling');
    }
    const interval = slow ? this.opts.intervalMs * this.opts.closedSlowdown : this.opts.intervalMs;
    return { ok: true, emitted, deadLettered, nextDelayMs: Math.max(0, interval - (clock.now() - started)) };
  }

  /** Which call quotes come from now, for tests and logs. */
  get mode(): 'quote' | 'chart' {
    return this.viaChart ? 'chart' : 'quote';
  }

  /** Yahoo refused the cookie/crumb session: switch to chart() and schedule the next quote() try. */
  private quoteRefused(f: YahooFailure, now: number): void {
    const { counters, log } = this.deps;
    this.quoteRefusals++;
    const delay = backoffDelay(this.quoteRefusals, this.opts.quoteRetry.baseMs, this.opts.quoteRetry.maxMs, (this.deps.random ?? Math.random)());
    this.quoteRetryAt = now + delay;
    counters.inc('yahoo_quote_refused');
    const ctx = { reason: f.message, status: f.status, refusals: this.quoteRefusals, retryQuoteInMs: delay };
    if (this.viaChart) log.info(ctx, 'quote() still refused: staying on chart()');
    else log.warn(ctx, 'Yahoo refused quote() (crumb/consent): quotes continue from chart(), quote() retried with backoff');
    this.viaChart = true;
  }

  private quoteWorks(): void {
    void this.client.saveSession().catch(() => undefined);
    if (!this.viaChart) return;
    this.deps.counters.inc('yahoo_quote_recovered');
    this.deps.log.info({ refusals: this.quoteRefusals }, 'quote() works again: back from chart()');
    this.viaChart = false;
    this.quoteRefusals = 0;
  }

  /**
   * One chart() per symbol (it needs no crumb); its meta is a live quote. A symbol Yahoo has
   * no chart for is left out, like quote() does; if every symbol fails, the first error is the poll's.
   */
  private async fetchCharts(now: number): Promise<unknown[]> {
    const out: unknown[] = [];
    let firstError: unknown;
    for (const symbol of this.opts.symbols) {
      try {
        out.push(await this.client.chart(symbol, { period1: now - 86_400_000, period2: now, interval: '1d' }));
      } catch (err) {
        firstError ??= err;
        const f = classifyYahooError(err);
        if (f.kind === 'rate_limited' || f.kind === 'network') throw err;
        this.deps.log.debug({ symbol, reason: f.message }, 'chart() failed for symbol');
      }
    }
    if (out.length === 0 && firstError !== undefined) throw firstError;
    return out;
  }

  /** One batched request; a crumb/cookie rejection is retried once with a fresh session. */
  private async fetchQuotes(): Promise<unknown[]> {
    try {
      return await this.client.quote(this.opts.symbols);
    } catch (err) {
      const failure = classifyYahooError(err);
      if (failure.kind !== 'crumb') throw err;
      this.deps.counters.inc('yahoo_crumb_refresh');
      this.deps.log.warn({ reason: failure.message }, 'Yahoo rejected crumb/cookie: retrying once with a fresh session');
      await this.client.resetSession();
      this.client = this.deps.newClient();
      return await this.client.quote(this.opts.symbols);
    }
  }

  private failed(f: YahooFailure, now: number): PollOutcome {
    const { counters, log } = this.deps;
    counters.inc('yahoo_errors');
    const kindCounter = { rate_limited: 'yahoo_429', network: 'yahoo_network', crumb: 'yahoo_crumb', validation: 'yahoo_validation', http: 'yahoo_http', unknown: 'yahoo_other' }[f.kind];
    counters.inc(kindCounter);
    const { delayMs, opened } = this.breaker.failure(now, (this.deps.random ?? Math.random)(), f.retryAfterMs ?? 0);
    const ctx = { kind: f.kind, status: f.status, reason: f.message, symbols: this.opts.symbols, failures: this.breaker.consecutiveFailures, retryInMs: delayMs };
    if (opened) {
      counters.inc('breaker_open');
      log.error(ctx, 'circuit breaker open: pausing Yahoo requests');
    } else {
      log.warn(ctx, 'Yahoo quote request failed');
    }
    return { ok: false, emitted: 0, deadLettered: 0, nextDelayMs: delayMs };
  }

  private async handle(raw: unknown[], now: number, map: (item: unknown) => QuoteMapResult): Promise<{ emitted: number; deadLettered: number; allClosed: boolean }> {
    const { counters, log } = this.deps;
    const seen = new Set<string>();
    const events: QuoteEvent[] = [];
    const dead: DeadLetter[] = [];
    let allClosed = raw.length > 0;
    for (const item of raw) {
      const m = map(item);
      if (!m.ok) {
        if (m.symbol) seen.add(m.symbol.toUpperCase());
        counters.inc('yahoo_invalid_quote');
        log.warn({ symbol: m.symbol, reason: m.reason, error: m.error }, 'unusable Yahoo quote: dead-lettered');
        dead.push(makeDeadLetter(m.reason, `yahoo quote ${m.symbol ?? '?'}: ${m.error}`, safeJson(item), {}, now));
        continue;
      }
      seen.add(m.quote.symbol.toUpperCase());
      if (!CLOSED_MARKET_STATES.has(m.quote.marketState ?? '')) allClosed = false;
      const r = this.dedup.next(m.quote);
      if ('event' in r) events.push(r.event);
      else if (r.skipped === 'stale') counters.inc('yahoo_stale');
    }
    for (const symbol of this.opts.symbols) {
      if (seen.has(symbol)) {
        this.missing.delete(symbol);
        continue;
      }
      counters.inc('yahoo_unknown_symbol');
      // Warn once per disappearance, not every poll; the counter keeps counting.
      if (!this.missing.has(symbol)) log.warn({ symbol, reason: 'not in Yahoo response' }, 'unknown symbol: skipped, the others keep flowing');
      this.missing.add(symbol);
    }
    if (events.length > 0) await this.deps.sink.quotes(events);
    if (dead.length > 0) await this.deps.sink.deadLetter(this.deps.quotesTopic, dead);
    return { emitted: events.length, deadLettered: dead.length, allClosed };
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
