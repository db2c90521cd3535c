import { describe, expect, it } from 'vitest';
import { planChunks } from '../../../src/core/backfill-plan.js';

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
