import { describe, expect, it } from 'vitest';
import { escapeRegex, goDuration, interpolateFluxMacros, interpolateVariables, variableRefs, windowPeriodMs, withNow } from '../../model/interpolate.js';

describe('template variables (as Grafana\'s frontend replaces them)', () => {
  const vars = { symbol: ['AAPL', 'BTC-USD', 'BRK.B'], one: ['ETH-USD'], n: '5' };
  it('regex format: escaped values, multi values as an alternation', () => {
    expect(interpolateVariables('r.symbol =~ /^${symbol:regex}$/', vars)).toBe('r.symbol =~ /^(AAPL|BTC-USD|BRK\\.B)$/');
    expect(interpolateVariables('/^${one:regex}$/', vars)).toBe('/^ETH-USD$/');
    expect(escapeRegex('a/b(c)')).toBe('a\\/b\\(c\\)');
  });
  it('other formats and syntaxes; unknown variables stay', () => {
    expect(interpolateVariables('$symbol', vars)).toBe('{AAPL,BTC-USD,BRK.B}');
    expect(interpolateVariables('${symbol:pipe} [[n]] $n ${symbol:json}', vars)).toBe('AAPL|BTC-USD|BRK.B 5 5 ["AAPL","BTC-USD","BRK.B"]');
    expect(interpolateVariables('${symbol:doublequote}', vars)).toBe('"AAPL","BTC-USD","BRK.B"');
    expect(interpolateVariables('$nope ${__field.labels.symbol}', vars)).toBe('$nope ${__field.labels.symbol}');
  });
  it('lists references with their format, built-ins excluded', () => {
    expect(variableRefs('${symbol:regex} $n ${__field.labels.x} $__interval').map((r) => `${r.name}:${r.format ?? ''}`)).toEqual(['symbol:regex', 'n:']);
  });
});

describe('Flux macros (as the datasource backend replaces them)', () => {
  it('time range, window period, buckets', () => {
    const flux = 'from(bucket: v.defaultBucket) |> range(start: v.timeRangeStart, stop: v.timeRangeStop) |> aggregateWindow(every: v.windowPeriod, fn: last) // $__interval_ms';
    const out = interpolateFluxMacros(flux, { from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-05T01:00:00Z'), windowMs: 60_000, defaultBucket: 'tickflow' });
    expect(out).toBe('from(bucket: "tickflow") |> range(start: 2026-01-05T00:00:00.000Z, stop: 2026-01-05T01:00:00.000Z) |> aggregateWindow(every: 1m0s, fn: last) // 60000');
  });
  it('Go durations and Grafana-like intervals', () => {
    expect([goDuration(5000), goDuration(60_000), goDuration(90_000), goDuration(3_600_000), goDuration(500)]).toEqual(['5s', '1m0s', '1m30s', '1h0m0s', '500ms']);
    expect(windowPeriodMs(3_600_000)).toBe(5000); // 3.6 s raw -> 5 s (and the datasource's min of 5 s)
    expect(windowPeriodMs(24 * 3_600_000)).toBe(120_000);
  });
  it('pins now() after the imports', () => {
    expect(withNow('import "date"\nx = now()', new Date('2026-01-05T00:00:00Z'))).toBe('import "date"\noption now = () => 2026-01-05T00:00:00.000Z\nx = now()');
  });
});
