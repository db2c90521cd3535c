/**
 * What a panel displays, computed by Grafana's frontend code (@grafana/data): the panel's field
 * config applied to the frames (applyFieldOverrides: defaults, matchers, overrides, display
 * processors with units and decimals), display names (getFieldDisplayName), and for stat,
 * gauge and pie panels the reduced values they show (getFieldDisplayValues).
 */
import type {
  FieldType} from '@grafana/data';
import {
  applyFieldOverrides,
  createTheme,
  getFieldDisplayName,
  getFieldDisplayValues,
  type DataFrame,
  type FieldConfigSource,
  type FieldDisplay,
  type ReduceDataOptions,
  type TimeZone,
} from '@grafana/data';
import type { Frame } from '../model/frames.js';
import { fieldConfigRegistry } from './field-config.js';
import type { DashboardVariables } from './variables.js';

export interface PanelModel {
  id: number;
  type: string;
  title: string;
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: { matcher: { id: string; options?: unknown }; properties: { id: string; value?: unknown }[] }[] };
  options?: Record<string, unknown>;
}

const theme = createTheme();

/** The data source's frames as @grafana/data DataFrames. */
export function toDataFrames(frames: readonly Frame[]): DataFrame[] {
  return frames.map((f) => ({
    name: f.name,
    refId: f.refId,
    length: f.fields[0]?.values.length ?? 0,
    fields: f.fields.map((x) => ({ name: x.name, type: x.type as FieldType, labels: x.labels, values: [...x.values], config: {} })),
  }));
}

function customIds(fc: PanelModel['fieldConfig']): string[] {
  const ids = Object.keys((fc?.defaults?.custom as Record<string, unknown> | undefined) ?? {}).map((k) => `custom.${k}`);
  for (const o of fc?.overrides ?? []) for (const p of o.properties) if (p.id.startsWith('custom.')) ids.push(p.id);
  return ids;
}

/** The panel's frames after Grafana applies its field config, as the visualization receives them. */
export function panelFrames(panel: PanelModel, frames: readonly Frame[] | DataFrame[], vars: DashboardVariables, timeZone: TimeZone = 'utc'): DataFrame[] {
  const data = frames.length > 0 && 'length' in (frames[0] as object) ? (frames as DataFrame[]) : toDataFrames(frames as Frame[]);
  return applyFieldOverrides({
    data,
    fieldConfig: { defaults: panel.fieldConfig?.defaults ?? {}, overrides: panel.fieldConfig?.overrides ?? [] } as FieldConfigSource,
    fieldConfigRegistry: fieldConfigRegistry(customIds(panel.fieldConfig)),
    replaceVariables: (text, scopedVars, format) => vars.interpolate(text, scopedVars, format as string | undefined),
    theme,
    timeZone,
  });
}

/** Every field's display name, as legends, tooltips, table headers and stat titles show it. */
export function displayNames(frames: DataFrame[]): string[] {
  return frames.flatMap((f) => f.fields.map((x) => getFieldDisplayName(x, f, frames)));
}

/** What a stat, gauge or pie chart shows: one entry per value, with its title and formatted text. */
export function reducedValues(panel: PanelModel, frames: readonly Frame[], vars: DashboardVariables, timeZone: TimeZone = 'utc'): FieldDisplay[] {
  const data = panelFrames(panel, frames, vars, timeZone);
  return getFieldDisplayValues({
    data,
    fieldConfig: { defaults: panel.fieldConfig?.defaults ?? {}, overrides: panel.fieldConfig?.overrides ?? [] } as FieldConfigSource,
    reduceOptions: (panel.options?.reduceOptions ?? { calcs: [] }) as ReduceDataOptions,
    replaceVariables: (text, scopedVars, format) => vars.interpolate(text, scopedVars, format as string | undefined),
    theme,
    timeZone,
  });
}

/** A displayed value as text: prefix, text and suffix. */
export const shown = (d: FieldDisplay): string => `${d.display.prefix ?? ''}${d.display.text}${d.display.suffix ?? ''}`;
