/**
 * Shared pieces of the dashboards as code (@grafana/grafana-foundation-sdk builders). The SDK
 * has no InfluxDB query builder, so Flux targets are a small cog.Builder of their own.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { LegendDisplayMode, LegendPlacement, VizLegendOptionsBuilder, type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

export const DS: DataSourceRef = { type: 'influxdb', uid: 'tickflow-influxdb' };

export interface FluxQuery extends cog.Dataquery {
  refId: string;
  datasource: DataSourceRef;
  query: string;
  hide?: boolean;
}

/** A Flux target: `flux(query)` or `flux(query, 'B')`. Leading indentation of template literals is stripped. */
export function flux(query: string, refId = 'A'): cog.Builder<cog.Dataquery> {
  const lines = query.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  const text = lines.map((l) => l.slice(indent)).join('\n');
  // The method marks the object as a data query for the SDK types; JSON drops it.
  return { build: (): FluxQuery => ({ refId, datasource: DS, query: text, _implementsDataqueryVariant: () => undefined }) };
}

/** Grid placement helper: x, y, w, h. */
export const at = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

/** Flux filter for the single-symbol variable. */
export const SYMBOL = 'r.symbol == "${symbol}"';

/** Appends overrides (the builders' `overrides()` replaces them). */
export function withAll<B extends { withOverride(o: { matcher: { id: string; options?: unknown }; properties: { id: string; value?: unknown }[] }): B }>(
  b: B,
  overrides: readonly { matcher: { id: string; options?: unknown }; properties: { id: string; value?: unknown }[] }[],
): B {
  for (const o of overrides) b.withOverride(o);
  return b;
}

/** An override of the field named `name`: `byName('orders', { displayName: 'Orders', unit: 'none' })`. */
export function byName(name: string, properties: Record<string, unknown>): { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] } {
  return { matcher: { id: 'byName', options: name }, properties: Object.entries(properties).map(([id, value]) => ({ id, value })) };
}

/**
 * The legend of a time series, candlestick or bar chart panel: Grafana draws none unless
 * `showLegend` is true, and the SDK's builders default it to false.
 */
export const legend = (): VizLegendOptionsBuilder =>
  new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]);

/**
 * Text columns stay text: Grafana formats a numeric-looking string (an order id "536365") with
 * the field's unit, so a money unit would show it as an amount. Unit "string" keeps it as written.
 */
export const TEXT_AS_WRITTEN = { matcher: { id: 'byType', options: 'string' }, properties: [{ id: 'unit', value: 'string' }] };

/**
 * The one time zone of every dashboard: UTC. The Flux queries cut days with
 * date.truncate(unit: 1d), which is the UTC day, so "today" in a panel (now/d) must be the
 * UTC day too, whoever views it (README: "Time zone").
 */
export const TIME_ZONE = 'utc';

/** A Tickflow dashboard: uid tickflow-<name>, tagged, UTC, live (5 s). */
export function tickflowDashboard(title: string, name: string, from: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(`tickflow-${name}`)
    .tags(['tickflow', name])
    .description(description)
    .timezone(TIME_ZONE)
    .refresh('5s')
    .time({ from, to: 'now' });
}

/**
 * A plain value (a price, a count, an hour) in the theme's text colour. Without it a stat takes
 * Grafana's default thresholds (green, red from 80): a $190 price or 437 orders shown in red.
 */
export const PLAIN = { mode: 'fixed', fixedColor: 'text' } as const;

/**
 * A change whose sign means good or bad: red below 0, green above, the text colour at exactly 0
 * (no change, or nothing to compare with). Grafana picks the last step whose value is <= the
 * value, so "above 0" is a step at the smallest positive double.
 */
export const SIGNED = {
  color: { mode: 'thresholds' },
  thresholds: { mode: 'absolute', steps: [{ value: null, color: 'red' }, { value: 0, color: 'text' }, { value: Number.MIN_VALUE, color: 'green' }] },
} as const;

/** A signed percentage (a change vs a reference): 2 decimals, coloured by its sign (SIGNED). */
export const changePercent = (name: string, displayName: string) => byName(name, { displayName, unit: 'percent', decimals: 2, ...SIGNED });
