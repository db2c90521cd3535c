import { backoffDelay } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { retry, sleep } from '../../src/retry.js';

const log = createLogger('test', 'silent');

describe('backoffDelay (equal jitter)', () => {
  it('doubles from the base up to the cap; half fixed, half random', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, 1000, 8000, 0))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 1000, 8000, 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(10_000, 1, 60_000, 1)).toBe(60_000); // no overflow on huge attempts
  });
});

describe('sleep', () => {
  it('resolves at once when the signal aborts', async () => {
    const ac = new AbortController();
    const started = performance.now();
    const done = sleep(60_000, ac.signal);
    ac.abort();
    await done;
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('retry', () => {
  it('retries while canRetry says so, then returns the result', async () => {
    const seen: number[] = [];
    const r = await retry(async (attempt) => {
      seen.push(attempt);
      if (attempt < 2) throw new Error('flaky');
      return 42;
    }, { what: 't', log, canRetry: () => true, baseMs: 1, maxMs: 2 });
    expect(r).toBe(42);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('rethrows at once when canRetry is false, and after maxRetries', async () => {
    const fatal = new Error('fatal');
    let calls = 0;
    await expect(retry(async () => { calls++; throw fatal; }, { what: 't', log, canRetry: () => false })).rejects.toBe(fatal);
    expect(calls).toBe(1);
    calls = 0;
    await expect(retry(async () => { calls++; throw fatal; }, { what: 't', log, canRetry: () => true, baseMs: 1, maxRetries: 3 })).rejects.toBe(fatal);
    expect(calls).toBe(4);
  });

  it('waits at least what the error asks (Retry-After), through the injected sleep', async () => {
    const waits: number[] = [];
    const err = Object.assign(new Error('429'), { retryAfterMs: 7000 });
    await retry(async (a) => { if (a === 0) throw err; }, {
      what: 't', log, canRetry: () => true, baseMs: 100, maxMs: 1000, random: () => 0,
      minDelayMs: (e) => (e as { retryAfterMs?: number }).retryAfterMs ?? 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([7000]);
    await retry(async (a) => { if (a === 0) throw new Error('x'); }, { what: 't', log, canRetry: () => true, baseMs: 100, random: () => 0, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([7000, 50]); // equal jitter: half of the base with random 0
  });

  it('an abort during the wait rethrows the last error at once, without another attempt', async () => {
    const stop = new AbortController();
    const last = new Error('429');
    let calls = 0;
    const run = retry(async () => {
      calls++;
      throw last;
    }, { what: 't', log, canRetry: () => true, baseMs: 3_600_000, maxMs: 3_600_000, signal: stop.signal });
    await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await expect(run).rejects.toBe(last);
    expect(calls).toBe(1);
  });

  it('heartbeats while waiting', async () => {
    let beats = 0;
    await retry(async (a) => { if (a === 0) throw new Error('x'); }, { what: 't', log, canRetry: () => true, baseMs: 20, maxMs: 20, onWait: async () => { beats++; } });
    expect(beats).toBeGreaterThan(0);
  });
});
