// @vitest-environment jsdom
// What a user would see wrong, read off Grafana's own display code (check/problems.ts).
import { describe, expect, it } from 'vitest';
import { neededDigits, neededFor, panelProblems, writtenDigits } from '../../check/problems.js';
import { dashboardVariables } from '../../check/variables.js';
import { tablesToFrames, type FluxColumn } from '../../model/frames.js';

const col = (name: string, dataType: string, group = false): FluxColumn => ({ name, dataType, group });
const T = '2026-11-30T10:00:00Z';
const series = (field: string, symbol: string, value: number) => ({
  meta: [col('_start', 'dateTime:RFC3339', true), col('_stop', 'dateTime:RFC3339', true), col('_time', 'dateTime:RFC3339'), col('_value', 'double'), col('_field', 'string', true), col('_measurement', 'string', true), col('symbol', 'string', true)],
  rows: [{ _start: T, _stop: T, _time: T, _value: value, _field: field, _measurement: 'quote', symbol }],
});
const vars = dashboardVariables([]);

describe('panel problems', () => {
  it('digits lost on screen, a band filled to zero, an override that matches nothing', () => {
    const frames = tablesToFrames([series('bb_upper', 'SHIB', 2e-8), series('bb_lower', 'SHIB', 1e-8)]);
    const problems = panelProblems(
      { id: 1, type: 'timeseries', title: 'P', fieldConfig: { defaults: { unit: 'currencyUSD', decimals: 4 }, overrides: [{ matcher: { id: 'byName', options: 'nope' }, properties: [{ id: 'custom.fillOpacity', value: 8 }] }] } },
      frames,
      vars,
    );
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('shows 2e-8 as "$0.0000"'), expect.stringContaining('override byName="nope" matches no field')]));
  });

  it('${__field.labels._field} is empty (the builder moved _field to the field name): two series with one name', () => {
    const frames = tablesToFrames([series('sma_20', 'AAPL', 1), series('ema_20', 'AAPL', 2)]);
    const problems = panelProblems({ id: 2, type: 'timeseries', title: 'P', fieldConfig: { defaults: { displayName: '${__field.labels.symbol} ${__field.labels._field}' }, overrides: [] } }, frames, vars);
    expect(problems).toEqual(['panel 2 "P": 2 series are all named "AAPL"']);
  });

  it('counts the digits a reader sees against the digits the value has', () => {
    expect([writtenDigits('$0.0000'), writtenDigits('$1.23K'), writtenDigits('91234.50')]).toEqual([0, 3, 7]);
    expect([neededDigits(5, 4), neededDigits(12.3, 4), neededDigits(1 / 3, 4), neededDigits(0, 4)]).toEqual([1, 3, 4, 0]);
  });

  it('reads a percentage to 0.01 points, a duration or a signed series to 3 digits of its largest magnitude', () => {
    expect([neededFor(0.07008, 'percent', [0.07008], 4), neededFor(0.001, 'percentunit', [0.001], 4)]).toEqual([1, 1]);
    expect([neededFor(2534, 'ms', [500, 2534], 4), neededFor(500, 'ms', [500, 2534], 4)]).toEqual([3, 1]);
    expect([neededFor(-0.00483, undefined, [-0.00483, 0.0295], 4), neededFor(190.2612, 'prefix:$', [190.2612], 4)]).toEqual([2, 4]);
    expect([neededFor(0.00627, undefined, [0.00627, 0.0299], 4, true), neededFor(0.00627, undefined, [0.00627, 0.0299], 4)]).toEqual([2, 3]);
  });
});
