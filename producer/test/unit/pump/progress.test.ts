import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, progressFigures, progressTracker } from '../../../src/pump/progress.js';

describe('progress figures', () => {
  it('gives done/total, percent, the rate since the last report and an ETA from the pace so far', () => {
    const prev = { sent: 1000, source: { done: 1000, total: 10_000, unit: 'rows' }, elapsedMs: 5000 };
    const now = { sent: 3000, source: { done: 2500, total: 10_000, unit: 'rows' }, elapsedMs: 10_000 };
    const f = progressFigures(now, prev);
    expect(f).toEqual({ done: 2500, total: 10_000, unit: 'rows', percent: 25, eventsPerSec: 400, etaSec: 30 });
    expect(formatProgress(f)).toBe('2,500/10,000 rows (25%), 400 events/s, ETA 30s');
  });

  it('without a source total: events sent, no ETA', () => {
    const f = progressFigures({ sent: 12_345, source: undefined, elapsedMs: 2000 }, undefined);
    expect(f).toMatchObject({ done: 12_345, total: undefined, unit: 'events', eventsPerSec: 6173, etaSec: undefined });
    expect(formatProgress(f)).toBe('12,345 events, 6,173 events/s');
  });

  it('bases the ETA on the pace since the current unit of work began (read the file, then send)', () => {
    const next = progressTracker();
    const read = (elapsedMs: number, done: number) => next({ sent: 0, source: { done, total: 1000, unit: 'bytes read' }, elapsedMs });
    const send = (elapsedMs: number, done: number) => next({ sent: done, source: { done, total: 100, unit: 'events' }, elapsedMs });
    expect(read(10_000, 500).etaSec).toBe(10);
    expect(read(20_000, 1000).etaSec).toBe(0);
    // Sending began after 20 s of reading: 25 events in 5 s leave 75 for 15 s, not 75 * 25/25 s.
    expect(send(25_000, 25)).toMatchObject({ done: 25, total: 100, unit: 'events', etaSec: 15 });
    expect(send(30_000, 50).etaSec).toBe(10);
  });

  it('formats durations', () => {
    expect([formatDuration(9), formatDuration(125), formatDuration(7260)]).toEqual(['9s', '2m05s', '2h01m']);
  });
});
