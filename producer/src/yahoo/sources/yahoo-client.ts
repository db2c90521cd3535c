import type { Logger } from '@tickflow/common';
import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import { YahooHttpError } from '../core/yahoo-errors.js';
import { SessionFile } from './session-file.js';

export type FetchLike = typeof fetch;

/** The two calls the producer makes; both return Yahoo's (library-validated) payload, untyped. */
export interface YahooClient {
  /** One batched /v7/finance/quote request for all symbols; needs a crumb + cookie session. */
  quote(symbols: readonly string[]): Promise<unknown[]>;
  /** One /v8/finance/chart request in Yahoo's own layout (timestamp[] + indicators); no crumb. */
  chart(symbol: string, q: { period1: number; period2: number; interval: string }): Promise<unknown>;
  /** Writes the cookie jar (with the crumb yahoo-finance2 keeps in it) to the session file, if changed. */
  saveSession(): Promise<void>;
  /**
   * Forgets the crumb and this client's cookies (yahoo-finance2 4.x keeps the crumb per cookie
   * jar, in the jar), and the saved session with them.
   */
  resetSession(): Promise<void>;
}

export interface YahooClientOptions {
  /** Injected so tests replay recorded responses; defaults to the global fetch. */
  fetch?: FetchLike;
  log: Logger;
  /** Wall clock, for Retry-After given as an HTTP date. */
  now?: () => number;
  /** Per-request timeout, so a hung connection becomes a (retried) network error. */
  timeoutMs?: number;
  /** File the cookie jar persists in across restarts (no new consent/crumb round); none = memory only. */
  sessionFile?: string;
}

/**
 * A yahoo-finance2 instance with its own cookie jar: creating a new client is how we get a fresh
 * crumb/cookie session. Notices and the npm version check (a network call) are off; the library's
 * console output goes to our logger.
 */
export function createYahooClient(opts: YahooClientOptions): YahooClient {
  const log = opts.log;
  const session = opts.sessionFile ? new SessionFile(opts.sessionFile, log) : undefined;
  const cookieJar = session?.load() ?? new ExtendedCookieJar();
  const yf = new YahooFinance({
    fetch: guardedFetch(opts.fetch ?? globalThis.fetch, opts.now ?? Date.now, opts.timeoutMs ?? 15_000),
    cookieJar,
    suppressNotices: ['yahooSurvey', 'ripHistorical'],
    versionCheck: false,
    validation: { logErrors: false, logOptionsErrors: false },
    logger: {
      info: (...a: unknown[]) => log.debug({ yahoo: a }, 'yahoo-finance2'),
      debug: (...a: unknown[]) => log.trace({ yahoo: a }, 'yahoo-finance2'),
      dir: (...a: unknown[]) => log.trace({ yahoo: a }, 'yahoo-finance2'),
      warn: (...a: unknown[]) => log.warn({ yahoo: a }, 'yahoo-finance2 warning'),
      error: (...a: unknown[]) => log.error({ yahoo: a }, 'yahoo-finance2 error'),
    },
  });
  return {
    async quote(symbols) {
      return (await yf.quote([...symbols], { return: 'array' })) as unknown[];
    },
    async chart(symbol, q) {
      return yf.chart(symbol, {
        period1: new Date(q.period1),
        period2: new Date(q.period2),
        interval: q.interval as '1d',
        includePrePost: false,
        events: '',
        return: 'object',
      });
    },
    async saveSession() {
      await session?.save(cookieJar);
    },
    async resetSession() {
      await getCrumbClear(cookieJar);
      await session?.save(cookieJar);
    },
  };
}

/**
 * Adds a timeout, and turns a 429 into a YahooHttpError (with Retry-After) before yahoo-finance2
 * sees it: the library would otherwise print the URL to the console and throw a generic HTTPError.
 */
function guardedFetch(fetchFn: FetchLike, now: () => number, timeoutMs: number): FetchLike {
  return async (input, init) => {
    const res = await fetchFn(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 429) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
      await res.body?.cancel();
      const url = new URL(String(input instanceof Request ? input.url : input));
      const sessionStep = url.pathname.includes('/getcrumb') || !url.host.startsWith('query');
      throw new YahooHttpError(429, `HTTP 429 Too Many Requests from ${url.host}${sessionStep ? url.pathname : ''}`, retryAfterMs, sessionStep);
    }
    return res;
  };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
