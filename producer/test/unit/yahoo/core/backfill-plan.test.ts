import { describe, expect, it } from 'vitest';
import { BACKFILL_INTERVALS, isBackfillInterval, planChunks, YAHOO_INTERVAL_LIMITS } from '../../../../src/yahoo/core/backfill-plan.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-02-15T12:00:00Z');

describe('planChunks', () => {
  it('serves 1d in a single request whatever the length', () => {
    const p = planChunks({ from: Date.parse('2000-01-01'), to: Date.parse('2026-02-01'), interval: '1d', now: NOW });
    expect(p).toEqual({ ok: true, chunks: [{ period1: Date.parse('2000-01-01'), period2: Date.parse('2026-02-01') }] });
  });

  it('splits 1m into contiguous, non-overlapping chunks of at most 8 days', () => {
    const from = NOW - 20 * DAY;
    const p = planChunks({ from, to: NOW, interval: '1m', now: NOW });
    if (!p.ok) throw new Error(p.error);
    expect(p.chunks.map((c) => (c.period2 - c.period1) / DAY)).toEqual([8, 8, 4]);
    expect(p.chunks[0]?.period1).toBe(from);
    expect(p.chunks.at(-1)?.period2).toBe(NOW);
    for (let i = 1; i < p.chunks.length; i++) expect(p.chunks[i]?.period1).toBe(p.chunks[i - 1]?.period2);
  });

  it('refuses 1m data older than 30 days, saying why and what to use instead', () => {
    const p = planChunks({ from: Date.parse('2026-01-01'), to: Date.parse('2026-02-01'), interval: '1m', now: NOW });
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.error).toContain('only for the last 30 days');
      expect(p.error).toContain('2026-01-01');
      expect(p.error).toContain('--interval 2m|5m|15m|30m|1h|1d'); // the intervals that do reach back 45 days
    }
  });

  it('limits 5m/15m to the last 60 days and 1h to the last 730 days', () => {
    expect(planChunks({ from: NOW - 59 * DAY, to: NOW, interval: '5m', now: NOW }).ok).toBe(true);
    expect(planChunks({ from: NOW - 61 * DAY, to: NOW, interval: '15m', now: NOW }).ok).toBe(false);
    const h = planChunks({ from: NOW - 700 * DAY, to: NOW, interval: '1h', now: NOW });
    expect(h.ok && h.chunks.length).toBe(1);
    expect(planChunks({ from: NOW - 731 * DAY, to: NOW, interval: '1h', now: NOW }).ok).toBe(false);
  });

  it('clamps a future --to to now and rejects an empty or reversed range', () => {
    const p = planChunks({ from: NOW - DAY, to: NOW + 10 * DAY, interval: '1d', now: NOW });
    expect(p).toMatchObject({ ok: true, clampedTo: NOW });
    expect(planChunks({ from: NOW - DAY, to: NOW - 2 * DAY, interval: '1d', now: NOW }).ok).toBe(false);
    expect(planChunks({ from: NOW + DAY, to: NOW + 2 * DAY, interval: '1d', now: NOW }).ok).toBe(false);
  });

  it('puts chunk edges on whole seconds (chart() takes epoch seconds)', () => {
    const p = planChunks({ from: NOW - 10 * DAY + 123, to: NOW - 456, interval: '1m', now: NOW });
    if (!p.ok) throw new Error(p.error);
    for (const c of p.chunks) expect([c.period1 % 1000, c.period2 % 1000]).toEqual([0, 0]);
  });

  it('accepts custom limits (how tests and the bench force many chunks)', () => {
    const p = planChunks({ from: NOW - 100 * DAY, to: NOW, interval: '1d', now: NOW }, { ...limits(), '1d': { maxChunkMs: 30 * DAY, lookbackMs: Infinity } });
    expect(p.ok && p.chunks.length).toBe(4);
  });
});

function limits(): Parameters<typeof planChunks>[1] & object {
  const l = { maxChunkMs: Infinity, lookbackMs: Infinity };
  return { '1m': l, '2m': l, '5m': l, '15m': l, '30m': l, '1h': l, '1d': l };
}

describe('planChunks edges (hand-checked)', () => {
  it('a --from exactly at the oldest servable time is accepted, 1 s earlier refused', () => {
    expect(planChunks({ from: NOW - 30 * DAY, to: NOW, interval: '1m', now: NOW }).ok).toBe(true);
    expect(planChunks({ from: NOW - 30 * DAY - 1000, to: NOW, interval: '1m', now: NOW }).ok).toBe(false);
  });

  it('refusal names the interval, the day count, the oldest time and only intervals that reach back', () => {
    const p = planChunks({ from: NOW - 61 * DAY, to: NOW, interval: '5m', now: NOW });
    expect(p).toEqual({
      ok: false,
      error:
        'Yahoo keeps 5m candles only for the last 60 days (since 2025-12-17T12:00:00.000Z); --from 2025-12-16T12:00:00.000Z is older. ' +
        'Use a later --from or --interval 1h|1d.',
    });
  });

  it('an empty range names both ends; a --to in the future is shown as now', () => {
    const p = planChunks({ from: NOW + DAY, to: NOW + 2 * DAY, interval: '1d', now: NOW });
    expect(p).toEqual({ ok: false, error: 'empty range: --from 2026-02-16T12:00:00.000Z must be before --to 2026-02-15T12:00:00.000Z (and not in the future)' });
    expect(planChunks({ from: NOW - DAY, to: NOW - DAY + 999, interval: '1d', now: NOW }).ok).toBe(false); // same whole second
  });

  it('a --to equal to now is not "clamped"; chunks of exactly maxChunk fit', () => {
    expect(planChunks({ from: NOW - 16 * DAY, to: NOW, interval: '1m', now: NOW })).toEqual({
      ok: true,
      chunks: [{ period1: NOW - 16 * DAY, period2: NOW - 8 * DAY }, { period1: NOW - 8 * DAY, period2: NOW }],
    });
  });

  it('isBackfillInterval knows exactly the served intervals', () => {
    expect(BACKFILL_INTERVALS.every(isBackfillInterval)).toBe(true);
    expect(['1w', '3m', '', '1D'].some(isBackfillInterval)).toBe(false);
    expect(YAHOO_INTERVAL_LIMITS['1m']).toEqual({ maxChunkMs: 8 * DAY, lookbackMs: 30 * DAY });
    expect(YAHOO_INTERVAL_LIMITS['30m']).toEqual({ maxChunkMs: 60 * DAY, lookbackMs: 60 * DAY });
    expect(YAHOO_INTERVAL_LIMITS['1h']).toEqual({ maxChunkMs: 730 * DAY, lookbackMs: 730 * DAY });
  });

  it('suggests the intervals whose history reaches back exactly as far as --from too', () => {
    const p = planChunks({ from: NOW - 60 * DAY, to: NOW, interval: '1m', now: NOW });
    expect(p.ok ? '' : p.error).toMatch(/--interval 2m\|5m\|15m\|30m\|1h\|1d\.$/);
  });
});
