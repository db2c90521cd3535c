/**
 * One panel: Grafana's PanelChrome (title, frame) around the visualization. Stat, time series
 * and table panels are @grafana/ui's components; candlestick, bar chart and pie chart (not in
 * @grafana/ui) are the project's sketch (sketch.ts); ../renderers.ts lists which is which.
 */
import { createElement as h, type ReactNode } from 'react';
import { FieldType, getFieldDisplayName, type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { PanelChrome } from '@grafana/ui';
import { panelFrames, reducedValues, type PanelModel } from '../../check/panel.js';
import type { DashboardVariables } from '../../check/variables.js';
import type { Frame } from '../../model/frames.js';
import { barPlot, candlePlot, piePlot, seriesOf, withLegend } from './sketch.js';
import { statView } from './stat.js';
import { tableView } from './table.js';
import { graphable, timeSeriesView } from './time-series.js';

export interface PanelInput {
  panel: PanelModel & { gridPos: { x: number; y: number; w: number; h: number } };
  frames: Frame[];
  range: [number, number];
}
type Legend = { showLegend?: boolean } | undefined;

function noData(panel: PanelModel, theme: GrafanaTheme2) {
  const text = (panel.fieldConfig?.defaults?.noValue as string | undefined) ?? 'No data';
  return h('div', { 'data-no-data': '', style: { display: 'flex', height: '100%', alignItems: 'center', justifyContent: 'center', color: theme.colors.text.secondary } }, text);
}

function body(p: PanelInput, vars: DashboardVariables, theme: GrafanaTheme2, width: number, height: number): ReactNode {
  const { panel } = p;
  const options = panel.options;
  if (panel.type === 'stat') return statView(panel, p.frames, vars, theme, width, height);
  const data: DataFrame[] = panelFrames(panel, p.frames, vars);
  const nameOf = (f: DataFrame['fields'][number], frame: DataFrame) => getFieldDisplayName(f, frame, data);
  const legend = options?.legend as Legend;
  if (panel.type === 'piechart') {
    const values = reducedValues(panel, p.frames, vars).filter((v) => Number.isFinite(v.display.numeric));
    if (values.length === 0) return noData(panel, theme);
    const total = values.reduce((a, v) => a + Math.max(0, v.display.numeric), 0) || 1;
    const items = values.map((v, i) => ({
      label: v.display.title ?? '',
      color: theme.visualization.getColorByName(v.display.color ?? 'text'),
      yAxis: 1,
      getItemKey: () => `${i}`,
      getDisplayValues: () => ((legend as { values?: string[] } | undefined)?.values ?? []).includes('percent') ? [{ numeric: (v.display.numeric / total) * 100, text: `${Math.round((v.display.numeric / total) * 100)}%`, title: 'Percent' }] : [],
    }));
    return withLegend(legend as never, items, width, height, piePlot(values, theme, (options?.displayLabels as string[] | undefined) ?? []));
  }
  if (panel.type === 'table') return data.length > 0 && (data[0]?.length ?? 0) > 0 ? tableView(data, options, width, height) : noData(panel, theme);
  if (graphable(data).length === 0 && panel.type !== 'barchart') return noData(panel, theme);
  if (panel.type === 'timeseries') return timeSeriesView(data, options, p.range, width, height);
  const series = seriesOf(data, nameOf, theme);
  const items = (s: typeof series) => s.map((x, i) => ({ label: x.name, color: x.color, yAxis: 1, getItemKey: () => `${i}` }));
  if (panel.type === 'barchart') {
    const frame = data[0];
    const x = frame?.fields.find((f) => f.name === options?.xField) ?? frame?.fields.find((f) => f.type === FieldType.string);
    if (!frame || !x || series.length === 0) return noData(panel, theme);
    return withLegend(legend, items(series), width, height, barPlot(x.values.map(String), series));
  }
  if (panel.type === 'candlestick') {
    const time = (data[0]?.fields.find((f) => f.type === FieldType.time)?.values ?? []) as number[];
    const colors = (options?.colors ?? {}) as { up?: string; down?: string };
    const plot = candlePlot(series, time, p.range, theme.visualization.getColorByName(colors.up ?? 'green'), theme.visualization.getColorByName(colors.down ?? 'red'));
    // Open, high, low and close are the candles: the legend names the other fields.
    return withLegend(legend, items(series.filter((s) => !['open', 'high', 'low', 'close'].includes(s.field.name))), width, height, plot);
  }
  throw new Error(`panel ${panel.id}: no preview renderer for type ${panel.type}`);
}

export function panelView(p: PanelInput, vars: DashboardVariables, theme: GrafanaTheme2, width: number, height: number) {
  const children = (w: number, ht: number) => h('div', { 'data-panel-body': '', style: { width: w, height: ht } }, body(p, vars, theme, w, ht));
  return h(PanelChrome, { title: vars.interpolate(p.panel.title), width, height, children });
}
