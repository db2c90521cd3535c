import { describe, expect, it } from 'vitest';
import { panelProblems } from '../../model/checks.js';
import { applyFieldConfig, fieldDisplayName } from '../../model/display.js';
import { tablesToFrames, type FluxColumn } from '../../model/frames.js';
import { formatValue, keepsDigits, toFixed } from '../../model/units.js';

// Flux tables as InfluxDB returns them (column metadata + rows), and what Grafana makes of them.
const col = (name: string, dataType: string, group = false): FluxColumn => ({ name, dataType, group });
const T = '2026-11-30T10:00:00Z';
const series = (field: string, symbol: string, value: number) => ({
  meta: [col('_start', 'dateTime:RFC3339', true), col('_stop', 'dateTime:RFC3339', true), col('_time', 'dateTime:RFC3339'), col('_value', 'double'), col('_field', 'string', true), col('_measurement', 'string', true), col('symbol', 'string', true)],
  rows: [{ _start: T, _stop: T, _time: T, _value: value, _field: field, _measurement: 'quote', symbol }],
});

describe('Flux tables -> frames (pkg/tsdb/influxdb/flux/builder.go)', () => {
  it('simple series: frame named after _measurement, value field after _field, labels without _ columns', () => {
    const [f] = tablesToFrames([series('price', 'AAPL', 1)]);
    expect(f?.name).toBe('quote');
    expect(f?.fields.map((x) => x.name)).toEqual(['Time', 'price']);
    expect(f?.fields[0]?.labels).toBeUndefined();
    expect(f?.fields[1]?.labels).toEqual({ symbol: 'AAPL' });
  });

  it('so ${__field.labels._field} resolves to nothing, and the fallback name is not distinct', () => {
    const frames = tablesToFrames([series('sma_20', 'AAPL', 1), series('ema_20', 'AAPL', 2)]);
    const view = applyFieldConfig(frames, { defaults: { displayName: '${__field.labels.symbol} ${__field.labels._field}' }, overrides: [{ matcher: { id: 'byRegexp', options: '.* sma_20$' }, properties: [] }] });
    expect(view.unresolved).toEqual(['${__field.labels._field}', '${__field.labels._field}']);
    expect(view.fields.filter((x) => x.field.type !== 'time').map((x) => x.displayName)).toEqual(['AAPL ', 'AAPL ']);
    expect(view.unmatched).toHaveLength(1);
  });

  it('a table without a time column is a plain table: every column a field, group columns as labels', () => {
    const [f] = tablesToFrames([{ meta: [col('key', 'string', true), col('_value', 'double')], rows: [{ key: 'card', _value: 5 }] }]);
    expect(f?.name).toBe('');
    expect(f?.fields.map((x) => [x.name, x.labels])).toEqual([['_value', { key: 'card' }]]);
    expect(fieldDisplayName(f!.fields[0]!, f!, [f!])).toBe('_value card');
  });

  it('more than one value column (pivot): fields keep their column names, time keeps `_time`', () => {
    const [f] = tablesToFrames([{ meta: [col('_time', 'dateTime:RFC3339'), col('open', 'double'), col('close', 'double')], rows: [{ _time: T, open: 1, close: 2 }] }]);
    expect(f?.fields.map((x) => x.name)).toEqual(['_time', 'open', 'close']);
  });

  it('two tables of one result block with the same group key are one frame (executor.go: not per table id)', () => {
    const a = series('rsi_14', 'AAPL', 1);
    const b = series('rsi_14', 'AAPL', 2);
    expect(tablesToFrames([a, b]).map((f) => f.fields[1]?.values)).toEqual([[1, 2]]);
    expect(tablesToFrames([a, { ...b, block: 1 }])).toHaveLength(2); // new column metadata: a new frame
  });

  it('an empty result is one empty frame', () => {
    expect(tablesToFrames([], 'B')).toEqual([{ name: '', refId: 'B', fields: [] }]);
  });

  it('non-string group values are labels printed as Go prints them', () => {
    const t = { meta: [col('_time', 'dateTime:RFC3339'), col('_value', 'double'), col('partition', 'long', true), col('ok', 'boolean', true)], rows: [{ _time: T, _value: 1, partition: 2, ok: true }] };
    expect(tablesToFrames([t])[0]?.fields[1]?.labels).toEqual({ partition: '2', ok: 'true' });
  });

  it('a new frame at every change of group key', () => {
    const t = series('price', 'AAPL', 1);
    t.rows.push({ ...t.rows[0]!, symbol: 'MSFT', _value: 2 });
    expect(tablesToFrames([t]).map((f) => f.fields[1]?.labels?.symbol)).toEqual(['AAPL', 'MSFT']);
  });
});

describe('values on screen (valueFormats)', () => {
  it('toFixed as Grafana: auto decimals, padding, exponent kept', () => {
    expect(toFixed(12.345)).toBe('12.3'); // about two significant digits
    expect(toFixed(123.45)).toBe('123');
    expect(toFixed(1.5, 3)).toBe('1.500');
    expect(toFixed(1.234e-8, 10)).toBe('1.23e-8');
    expect(toFixed(1.234e-8, 4)).toBe('0.0000');
  });

  it('a 1e-8 price with decimals 4 shows $0.0000: fewer than 4 significant digits', () => {
    const f = formatValue(1.234e-8, 'currencyUSD', 4);
    expect(`${f.prefix}${f.text}${f.suffix}`).toBe('$0.0000');
    expect(keepsDigits(1.234e-8, f)).toBe(false);
    expect(keepsDigits(91234.5, formatValue(91234.5, 'prefix:$', 2))).toBe(true);
    expect(keepsDigits(1234.5, formatValue(1234.5, 'currencyUSD', 2))).toBe(false); // $1.23K
  });

  it('panelProblems reports the digits, names and fills a user would see wrong', () => {
    const frames = tablesToFrames([series('bb_upper', 'SHIB', 2e-8), series('bb_lower', 'SHIB', 1e-8)]);
    const problems = panelProblems(
      { id: 1, type: 'timeseries', title: 'P', fieldConfig: { defaults: { unit: 'currencyUSD', decimals: 4 }, overrides: [{ matcher: { id: 'byName', options: 'bb_upper SHIB' }, properties: [{ id: 'custom.fillOpacity', value: 8 }] }] } },
      frames,
    );
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('shows 2e-8 as "$0.0000"'), expect.stringContaining('filled down to zero, not between the bands')]),
    );
  });
});
