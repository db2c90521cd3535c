import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, progressFigures } from '../../../src/pump/progress.js';

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

  it('formats durations', () => {
    expect([formatDuration(9), formatDuration(125), formatDuration(7260)]).toEqual(['9s', '2m05s', '2h01m']);
  });
});
