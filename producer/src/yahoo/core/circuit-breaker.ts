import { backoffDelay } from '@tickflow/contracts';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses requests before letting one probe through (half-open). */
  coolDownMs: number;
  /** First retry delay; doubles per consecutive failure up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * Circuit breaker as a pure state machine: time and randomness come in as arguments.
 * closed --N consecutive failures--> open --cool-down--> half_open --success--> closed
 *                                                            \--failure--> open
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';

  constructor(private readonly opts: BreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a request may go out at `now`; an open breaker half-opens once cooled down. */
  allow(now: number): boolean {
    if (this.current !== 'open') return true;
    if (now < this.openedAt + this.opts.coolDownMs) return false;
    this.current = 'half_open';
    return true;
  }

  /** ms until allow(now) turns true (0 when it already is). */
  waitMs(now: number): number {
    return this.current === 'open' ? Math.max(0, this.openedAt + this.opts.coolDownMs - now) : 0;
  }

  success(): void {
    this.failures = 0;
    this.current = 'closed';
  }

  /**
   * Records a failure at `now`. Returns the delay before the next attempt (at least `minDelayMs`,
   * e.g. a server's Retry-After) and whether this failure opened the breaker.
   */
  failure(now: number, random01: number, minDelayMs = 0): { delayMs: number; opened: boolean } {
    this.failures++;
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent today, half-open is only reached with failures >= threshold (kept so a probe failure always re-opens)
    if (this.current === 'half_open' || this.failures >= this.opts.failureThreshold) {
      const opened = this.current !== 'open';
      this.current = 'open';
      this.openedAt = now;
      return { delayMs: Math.max(minDelayMs, this.opts.coolDownMs), opened };
    }
    const delay = backoffDelay(this.failures, this.opts.baseDelayMs, this.opts.maxDelayMs, random01);
    return { delayMs: Math.max(minDelayMs, delay), opened: false };
  }
}
