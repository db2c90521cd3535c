/**
 * Whether Grafana draws a chart panel's legend, and with which names: @grafana/ui's TimeSeries
 * (the time series panel, and the candlestick panel that renders it) rendered to markup with
 * the panel's own `options.legend` and a series of the panel's. Server-side rendering stops
 * before uPlot draws, after the layout has placed (or left out) the legend.
 */
import './dom.js';
import { applyFieldOverrides, createTheme, dateTime, FieldType, toDataFrame } from '@grafana/data';
import { TimeSeries } from '@grafana/ui';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export interface LegendResult {
  /** The layout has a legend area. */
  drawn: boolean;
  /** The series named in it. */
  names: string[];
}

/** Renders a time series with one series named `series` under the panel's legend options. */
export function legendOf(options: Record<string, unknown> | undefined, series = 'price'): LegendResult {
  const raw = toDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [0, 60_000, 120_000] }, { name: series, type: FieldType.number, values: [1, 3, 2] }] });
  const frames = applyFieldOverrides({ data: [raw], fieldConfig: { defaults: {}, overrides: [] }, replaceVariables: (s: string) => s, theme: createTheme() });
  const html = renderToStaticMarkup(
    createElement(TimeSeries as never, {
      frames,
      width: 600,
      height: 300,
      timeRange: { from: dateTime(0), to: dateTime(120_000), raw: { from: '', to: '' } },
      timeZone: 'utc',
      legend: options?.legend,
      tweakScale: (o: unknown) => o,
      tweakAxis: (o: unknown) => o,
    } as never),
  );
  const legend = /data-testid="data-testid viz-layout-legend"(.*)$/s.exec(html)?.[1] ?? '';
  return { drawn: legend !== '', names: legend.includes(`>${series}<`) ? [series] : [] };
}
