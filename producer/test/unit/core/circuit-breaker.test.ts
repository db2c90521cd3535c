import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/core/circuit-breaker.js';

const opts = { failureThreshold: 3, coolDownMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000 };


describe('CircuitBreaker', () => {
  it('backs off, then opens after N consecutive failures and refuses until the cool-down is over', () => {
    const b = new CircuitBreaker(opts);
    expect(b.failure(0, 1)).toEqual({ delayMs: 1000, opened: false });
    expect(b.failure(1000, 1)).toEqual({ delayMs: 2000, opened: false });
    expect(b.failure(3000, 1)).toEqual({ delayMs: 60_000, opened: true });
    expect(b.state).toBe('open');
    expect(b.allow(3000 + 59_999)).toBe(false);
    expect(b.waitMs(3000 + 50_000)).toBe(10_000);
  });

  it('half-opens after the cool-down: one success closes it, one failure re-opens it', () => {
    const b = new CircuitBreaker(opts);
    for (let i = 0; i < 3; i++) b.failure(0, 0);
    expect(b.allow(60_000)).toBe(true);
    expect(b.state).toBe('half_open');
    expect(b.failure(60_000, 0)).toEqual({ delayMs: 60_000, opened: true });
    expect(b.allow(60_001)).toBe(false);
    expect(b.allow(120_000)).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(0);
  });

  it('a success resets the consecutive count', () => {
    const b = new CircuitBreaker(opts);
    b.failure(0, 0);
    b.failure(0, 0);
    b.success();
    expect(b.failure(0, 0).opened).toBe(false);
  });

  it("honours a server's Retry-After when it is longer than the backoff", () => {
    expect(new CircuitBreaker(opts).failure(0, 0, 7000).delayMs).toBe(7000);
  });
});
