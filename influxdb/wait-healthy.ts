import { retry, type Logger } from '@tickflow/common';

export interface WaitHealthyOptions {
  url: string;
  /** Give up after this long, s (0 = one try). */
  seconds: number;
  log: Logger;
  /** SIGTERM/SIGINT: stop waiting at once. */
  signal?: AbortSignal;
  /** One /health request gets this long, ms. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Polls /health through the one retry() (backoff with jitter) until it answers 2xx, the time is up or `signal` aborts. */
export async function waitHealthy(o: WaitHealthyOptions): Promise<void> {
  const { url, seconds, log, signal } = o;
  const now = o.now ?? Date.now;
  const get = o.fetch ?? fetch;
  const until = now() + seconds * 1000;
  const probe = async (): Promise<void> => {
    if (signal?.aborted) throw new Error('stopped');
    const timeout = AbortSignal.timeout(o.requestTimeoutMs ?? 5000);
    const res = await get(`${url.replace(/\/$/, '')}/health`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  };
  try {
    await retry(probe, {
      what: `InfluxDB health at ${url}`,
      log,
      canRetry: () => now() < until,
      baseMs: 250,
      maxMs: 2000,
      ...(signal ? { signal } : {}),
      ...(o.sleep ? { sleep: o.sleep } : {}),
    });
  } catch (err) {
    if (signal?.aborted) throw new Error(`stopped (${String(signal.reason ?? 'aborted')}) while waiting for InfluxDB at ${url}`);
    throw new Error(`InfluxDB at ${url} not healthy after ${seconds} s (${err instanceof Error ? err.message : String(err)})`);
  }
}
