import { backoffDelay } from '@tickflow/contracts';
import type { Logger } from './logger.js';

/** The repo's one sleep: resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryOptions {
  /** What is being retried, for the log line. */
  what: string;
  log: Logger;
  /** Reads the error's classification (`canRetry`, kafkajs `retriable`, HTTP status): false = rethrow at once. */
  canRetry: (err: unknown) => boolean;
  /** First delay, ms (doubles per attempt, equal jitter). Default 250. */
  baseMs?: number;
  /** Longest delay, ms. Default 10,000. */
  maxMs?: number;
  /** Aborting stops retrying: the last error is rethrown. */
  signal?: AbortSignal;
  /** Attempts after the first; default unlimited. */
  maxRetries?: number;
  /** Called about once a second while waiting (e.g. to heartbeat a consumer group). */
  onWait?: () => Promise<void>;
  random?: () => number;
  /** A floor for the next delay read from the error, e.g. HTTP Retry-After (ms). */
  minDelayMs?: (err: unknown) => number;
  /** How to wait; default the real `sleep` (tests pass a fake clock's). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The repo's one retry loop: backoff with jitter, abort-aware, classification read by the caller's `canRetry`. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const { baseMs = 250, maxMs = 10_000, maxRetries = Infinity, random = Math.random } = opts;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await fn(attempt);
      if (attempt > 0) opts.log.info({ attempt }, `${opts.what} recovered`);
      return result;
    } catch (err) {
      if (!opts.canRetry(err) || opts.signal?.aborted || attempt >= maxRetries) throw err;
      const delayMs = Math.max(opts.minDelayMs?.(err) ?? 0, backoffDelay(attempt + 1, baseMs, maxMs, random()));
      opts.log.warn({ err: err instanceof Error ? err.message : String(err), attempt: attempt + 1, delayMs }, `${opts.what} failed; retrying`);
      await waitWithHeartbeat(delayMs, opts);
      if (opts.signal?.aborted) throw err; // stopped while waiting: no further attempt
    }
  }
}

async function waitWithHeartbeat(ms: number, opts: RetryOptions): Promise<void> {
  if (!opts.onWait) return (opts.sleep ?? sleep)(ms, opts.signal);
  const until = Date.now() + ms;
  while (Date.now() < until && !opts.signal?.aborted) {
    await opts.onWait();
    await sleep(Math.min(1000, until - Date.now()), opts.signal);
  }
}
