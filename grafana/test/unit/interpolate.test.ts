import { describe, expect, it } from 'vitest';
import { queryIntervalMs } from '../../check/time.js';
import { goDuration, interpolateFluxMacros, withNow } from '../../model/interpolate.js';

describe('Flux macros (as the datasource backend replaces them)', () => {
  it('time range, window period, buckets', () => {
    const flux = 'from(bucket: v.defaultBucket) |> range(start: v.timeRangeStart, stop: v.timeRangeStop) |> aggregateWindow(every: v.windowPeriod, fn: last) // $__interval_ms';
    const out = interpolateFluxMacros(flux, { from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-05T01:00:00Z'), windowMs: 60_000, defaultBucket: 'tickflow' });
    expect(out).toBe('from(bucket: "tickflow") |> range(start: 2026-01-05T00:00:00.000Z, stop: 2026-01-05T01:00:00.000Z) |> aggregateWindow(every: 1m0s, fn: last) // 60000');
  });
  it('Go durations', () => {
    expect([goDuration(5000), goDuration(60_000), goDuration(90_000), goDuration(3_600_000), goDuration(500)]).toEqual(['5s', '1m0s', '1m30s', '1h0m0s', '500ms']);
  });
  it('pins now() after the imports', () => {
    expect(withNow('import "date"\nx = now()', new Date('2026-01-05T00:00:00Z'))).toBe('import "date"\noption now = () => 2026-01-05T00:00:00.000Z\nx = now()');
  });
});

describe('the query interval v.windowPeriod is made from (@grafana/data rangeUtil)', () => {
  it('is range / max data points rounded, floored at the data source\'s 5 s', () => {
    expect(queryIntervalMs(0, 3_600_000, 1000)).toBe(5000); // 3.6 s raw
    expect(queryIntervalMs(0, 24 * 3_600_000, 1000)).toBe(60_000);
  });
});
