import { describe, expect, it } from 'vitest';
import { DAY_MS, Retention } from '../../../src/core/retention.js';

// Which bucket keeps a point: by its time against "now" (a Kafka timestamp), its bucket's
// retention and the margin; never the wall clock.
const NOW = Date.UTC(2026, 11, 7, 0, 5);
const HOUR = 3_600_000;
const r = Retention.defaults(HOUR); // raw 7 d, longterm 365 d, daily forever

describe('Retention', () => {
  it('keeps a point only if it is younger than its retention by the margin (the limit itself is kept)', () => {
    const limit = NOW - 7 * DAY_MS + HOUR;
    expect(r.keeps('raw', limit, NOW)).toBe(true);
    expect(r.keeps('raw', limit - 1, NOW)).toBe(false);
    expect(r.keeps('longterm', limit - 1, NOW)).toBe(true);
    expect(r.keeps('longterm', NOW - 365 * DAY_MS + HOUR - 1, NOW)).toBe(false);
  });

  it('retention 0 keeps everything: daily candles of any age, and keepAll for every kind', () => {
    expect(r.keeps('daily', Date.UTC(1990, 0, 1), NOW)).toBe(true);
    expect(Retention.keepAll.keeps('raw', 1, NOW)).toBe(true);
  });

  it('decides by the "now" it is given: the same point is kept when decided at an earlier record time', () => {
    const ts = NOW - 8 * DAY_MS;
    expect(r.keeps('raw', ts, NOW)).toBe(false);
    expect(r.keeps('raw', ts, NOW - 2 * DAY_MS)).toBe(true);
  });
});
