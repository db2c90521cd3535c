import { describe, expect, it } from 'vitest';
import { tablesToFrames, type FluxColumn } from '../../model/frames.js';

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

  it('a table without a time column is a plain table: every column a field, group columns as labels', () => {
    const [f] = tablesToFrames([{ meta: [col('key', 'string', true), col('_value', 'double')], rows: [{ key: 'card', _value: 5 }] }]);
    expect(f?.name).toBe('');
    expect(f?.fields.map((x) => [x.name, x.labels])).toEqual([['_value', { key: 'card' }]]);
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
