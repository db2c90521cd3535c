/**
 * Shared pieces of the dashboards as code (@grafana/grafana-foundation-sdk builders). The SDK
 * has no InfluxDB query builder, so Flux targets are a small cog.Builder of their own.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
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

/** A Tickflow dashboard: uid tickflow-<name>, tagged, browser time zone, live (5 s). */
export function tickflowDashboard(title: string, name: string, from: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(`tickflow-${name}`)
    .tags(['tickflow', name])
    .description(description)
    .timezone('browser')
    .refresh('5s')
    .time({ from, to: 'now' });
}
