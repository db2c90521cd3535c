import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../../src/yahoo/core/circuit-breaker.js';

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

describe('CircuitBreaker rules (hand-checked)', () => {
  it("the failure that opens the breaker keeps a server's longer Retry-After; a shorter one gives the cool-down", () => {
    const b = new CircuitBreaker(opts);
    b.failure(0, 0);
    b.failure(0, 0);
    expect(b.failure(0, 0, 90_000)).toEqual({ delayMs: 90_000, opened: true });
    const c = new CircuitBreaker(opts);
    c.failure(0, 0);
    c.failure(0, 0);
    expect(c.failure(0, 0, 10_000)).toEqual({ delayMs: 60_000, opened: true });
  });

  it('a failure while half-open re-opens it, keeping a longer Retry-After too', () => {
    const b = new CircuitBreaker(opts);
    for (let i = 0; i < 3; i++) b.failure(0, 0);
    b.allow(60_000);
    expect(b.failure(60_000, 0, 120_000)).toEqual({ delayMs: 120_000, opened: true });
    expect(b.waitMs(60_000)).toBe(60_000);
  });

  it('backoff before opening: equal jitter, at least the Retry-After', () => {
    const b = new CircuitBreaker(opts);
    expect(b.failure(0, 0)).toEqual({ delayMs: 500, opened: false }); // 1000 / 2 + 0
    expect(b.failure(0, 0.5)).toEqual({ delayMs: 1500, opened: false }); // 2000 / 2 + 1000 / 2
    expect(new CircuitBreaker(opts).failure(0, 1, 300)).toEqual({ delayMs: 1000, opened: false }); // Retry-After shorter than the backoff
  });

  it('opens at exactly failureThreshold consecutive failures, not before', () => {
    const b = new CircuitBreaker({ ...opts, failureThreshold: 2 });
    expect(b.failure(0, 0).opened).toBe(false);
    expect(b.consecutiveFailures).toBe(1);
    expect(b.state).toBe('closed');
    expect(b.failure(0, 0).opened).toBe(true);
    expect(b.consecutiveFailures).toBe(2);
  });

  it('a further failure while already open does not count as opening it again', () => {
    const b = new CircuitBreaker({ ...opts, failureThreshold: 1 });
    expect(b.failure(0, 0).opened).toBe(true);
    expect(b.failure(10, 0)).toEqual({ delayMs: 60_000, opened: false });
    expect(b.waitMs(10)).toBe(60_000); // the cool-down restarts from the latest failure
  });

  it('allow: closed always; open until exactly the end of the cool-down; waitMs 0 unless open', () => {
    const b = new CircuitBreaker(opts);
    expect(b.allow(0)).toBe(true);
    expect(b.waitMs(0)).toBe(0);
    for (let i = 0; i < 3; i++) b.failure(1_000, 0);
    expect(b.allow(60_999)).toBe(false);
    expect(b.state).toBe('open');
    expect(b.waitMs(60_999)).toBe(1);
    expect(b.waitMs(70_000)).toBe(0); // past due: never negative
    expect(b.allow(61_000)).toBe(true);
    expect(b.state).toBe('half_open');
    expect(b.waitMs(61_000)).toBe(0);
    expect(b.allow(61_001)).toBe(true); // half-open lets requests through
  });
});
