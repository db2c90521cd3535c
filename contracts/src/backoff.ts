/**
 * The repo's one backoff formula: exponential with "equal jitter". Half the delay is fixed and
 * half random, so retries of many clients spread out yet never fire sooner than half the
 * nominal delay (no tight loop). `attempt` is 1 for the first retry. Pure: randomness comes in.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random01: number): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(nominal / 2 + (nominal / 2) * random01);
}
