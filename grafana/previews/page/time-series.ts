/**
 * The time series panel: @grafana/ui's TimeSeries (GraphNG, uPlot) with the frames after
 * Grafana's field config (check/panel.ts) and the panel's own legend options.
 */
import { createElement as h } from 'react';
import { dateTime, FieldType, type DataFrame, type TimeRange } from '@grafana/data';
import { TimeSeries } from '@grafana/ui';
import type { VizLegendOptions } from '@grafana/schema';

export const timeRange = (from: number, to: number): TimeRange => ({ from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } });

/** Frames with a time field and at least one number field: what the panel can graph. */
export const graphable = (frames: DataFrame[]): DataFrame[] =>
  frames.filter((f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number));

export function timeSeriesView(frames: DataFrame[], options: Record<string, unknown> | undefined, range: [number, number], width: number, height: number) {
  return h(TimeSeries as never, {
    frames: graphable(frames),
    timeRange: timeRange(...range),
    timeZone: 'utc',
    width,
    height,
    legend: options?.legend as VizLegendOptions,
    options,
    tweakScale: (o: unknown) => o,
    tweakAxis: (o: unknown) => o,
  } as never);
}
