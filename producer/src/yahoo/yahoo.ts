import { homedir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../pump/clock.js';
import { QuotePoller } from './sources/quote-poller.js';
import { createYahooClient } from './sources/yahoo-client.js';
import { pushSource } from '../pump/push-source.js';
import type { Command } from '../commands/command.js';
import { decimal, integer, list, listFlag, numberFlag } from '../commands/flag-values.js';

export const yahooCommand: Command = {
  name: 'yahoo',
  summary: 'Live Yahoo Finance quotes: one batched quote() per interval, only changed quotes are sent.',
  flags: {
    symbols: { type: 'string', description: 'Comma-separated Yahoo symbols (crypto and FX trade 24/7)', default: 'BTC-USD,ETH-USD,AAPL,MSFT,NVDA,EURUSD=X', parse: list },
    'interval-ms': { type: 'string', description: 'Poll interval, ms', default: '5000', parse: integer(500) },
    'closed-slowdown': { type: 'string', description: 'Poll this many times slower while all markets are closed and quiet', default: '6', parse: decimal(1) },
    'breaker-failures': { type: 'string', description: 'Consecutive failures that open the circuit breaker', default: '5', parse: integer(1) },
    'breaker-cooldown-ms': { type: 'string', description: 'How long the open breaker waits before one probe request', default: '60000', parse: integer(0) },
    'backoff-base-ms': { type: 'string', description: 'First retry delay after a failure (doubles, with jitter)', default: '1000', parse: integer(100) },
    'backoff-max-ms': { type: 'string', description: 'Longest retry delay', default: '30000', parse: integer(100) },
    'timeout-ms': { type: 'string', description: 'Timeout of one HTTP request to Yahoo', default: '15000', parse: integer(100) },
    'quote-retry-base-ms': { type: 'string', description: 'While Yahoo refuses quote() (crumb/consent) quotes come from chart(); first quote() retry after this (doubles, with jitter)', default: '60000', parse: integer(1000) },
    'quote-retry-max-ms': { type: 'string', description: 'Longest wait between quote() retries while on chart()', default: '1800000', parse: integer(1000) },
    'state-dir': { type: 'string', description: 'Directory of the Yahoo session file (cookies + crumb), kept across restarts; none = memory only', default: join(homedir(), '.cache', 'tickflow') },
  },
  async open({ cfg, counters, log, signal, fetch }, flags) {
    const symbols = [...new Set(listFlag(flags, 'symbols').map((s) => s.toUpperCase()))];
    const timeoutMs = numberFlag(flags, 'timeout-ms');
    const stateDir = String(flags['state-dir']);
    const sessionFile = stateDir === 'none' || stateDir === '' ? undefined : join(stateDir, 'yahoo-session.json');
    const options = {
      symbols,
      intervalMs: numberFlag(flags, 'interval-ms'),
      closedSlowdown: numberFlag(flags, 'closed-slowdown'),
      breaker: {
        failureThreshold: numberFlag(flags, 'breaker-failures'),
        coolDownMs: numberFlag(flags, 'breaker-cooldown-ms'),
        baseDelayMs: numberFlag(flags, 'backoff-base-ms'),
        maxDelayMs: numberFlag(flags, 'backoff-max-ms'),
      },
      quoteRetry: { baseMs: numberFlag(flags, 'quote-retry-base-ms'), maxMs: numberFlag(flags, 'quote-retry-max-ms') },
    };
    log.info({ symbols, intervalMs: options.intervalMs, sessionFile }, 'polling Yahoo Finance');
    // The poller pushes each poll's quotes; the pump sends them (after lingerMs) and paces nothing.
    const source = pushSource(
      (sink, stop) => {
        const newClient = () => createYahooClient({ log: log.child({ module: 'yahoo-finance2' }), timeoutMs, sessionFile, ...(fetch ? { fetch } : {}) });
        return new QuotePoller(options, { newClient, sink, counters, log, clock: systemClock, quotesTopic: cfg.topics.quotes }).run(stop);
      },
      { signal },
    );
    return {
      source,
      finish: (r) => log.info({ quotes: r.quotes, deadLettered: r.rejects, counters: counters.snapshot() }, 'yahoo polling stopped'),
    };
  },
};
