/**
 * The field-config defaults Grafana merges into a panel before drawing it (the panel plugin's
 * `useFieldConfig` defaults and the standard options' defaults). They live in Grafana's app
 * (public/app/core/components/OptionsUI/registry.tsx, each plugin's module.tsx), not in a
 * package, so they are restated here: the colour scheme and the default thresholds. Without
 * them every series would be grey and a stat's value would not take its threshold colour.
 */
const THRESHOLDS = { mode: 'absolute', steps: [{ value: -Infinity, color: 'green' }, { value: 80, color: 'red' }] };
const CLASSIC = { mode: 'palette-classic' };
const BY_TYPE: Record<string, Record<string, unknown>> = {
  stat: { color: { mode: 'thresholds' } },
  table: { color: { mode: 'thresholds' } },
  timeseries: { color: CLASSIC },
  candlestick: { color: CLASSIC },
  barchart: { color: CLASSIC },
  piechart: { color: CLASSIC },
};

export function withPluginDefaults<P extends { type: string; fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] } }>(panel: P): P {
  const own = panel.fieldConfig?.defaults ?? {};
  const defaults = { thresholds: THRESHOLDS, ...(BY_TYPE[panel.type] ?? {}), ...own };
  return { ...panel, fieldConfig: { ...panel.fieldConfig, defaults, overrides: panel.fieldConfig?.overrides ?? [] } };
}
