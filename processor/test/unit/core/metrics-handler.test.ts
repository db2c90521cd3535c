import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord } from '../../../src/core/handler.js';
import { MetricsHandler } from '../../../src/core/metrics-handler.js';

const TS = Date.UTC(2026, 10, 30, 9, 0);
const event = { v: 1, service: 'producer', instance: 'host-1', ts: TS, source: 'sim', counters: { sent_total: 120, dlq: 2 } };
const rec = (value: unknown, timestamp = TS): InRecord => ({ value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), offset: '7', timestamp });

describe('MetricsHandler', () => {
  it('turns a producer health event into one pipeline point, kind=producer, at the event time', () => {
    const h = new MetricsHandler(60_000);
    const out = emptyOutput();
    h.handle(rec(event), out);
    expect(out).toEqual({
      points: [{
        measurement: 'pipeline',
        tags: { kind: 'producer', instance: 'host-1', service: 'producer', source: 'sim' },
        fields: { sent_total: 120, dlq: 2 },
        ts: TS,
      }],
      rejected: [],
      processed: 1,
      tooOld: 0,
      rawSkipped: 0,
    });
  });

  it('an event with no counters is processed but writes no point (a point needs a field)', () => {
    const out = emptyOutput();
    new MetricsHandler(60_000).handle(rec({ ...event, counters: {} }), out);
    expect(out).toEqual({ points: [], rejected: [], processed: 1, tooOld: 0, rawSkipped: 0 });
  });

  it('dead-letters bad events with the decode reason, and one too far in the future', () => {
    const h = new MetricsHandler(60_000);
    const out = emptyOutput();
    const bad = rec('{');
    h.handle(bad, out);
    h.handle(rec({ ...event, counters: { 'Bad-Name': 1 } }), out);
    h.handle(rec({ ...event, ts: TS + 60_001 }), out);
    h.handle(rec({ ...event, ts: TS + 60_000 }), out); // the bound itself passes
    expect(out.rejected.map((r) => r.reason)).toEqual(['not_json', 'invalid_value', 'future_timestamp']);
    expect(out.rejected[0]?.record).toBe(bad);
    expect(out.rejected[0]?.error).toMatch(/JSON/);
    expect(out.processed).toBe(1);
  });

  it('is stateless: nothing to checkpoint, nothing emitted at batch end', () => {
    const h = new MetricsHandler(60_000);
    const out = emptyOutput();
    h.handle(rec(event), out);
    h.endBatch();
    h.restore();
    expect(h.takeDirty()).toEqual(new Map());
    expect(out.points).toHaveLength(1);
  });
});
