/**
 * What a user would see wrong in a panel, read off what Grafana's own code computes for it
 * (panel.ts: applyFieldOverrides, getFieldDisplayName, the display processors). Each problem is
 * a sentence naming the panel; an empty list means the panel reads well.
 */
import { FieldMatcherID, fieldMatchers, FieldType, getFieldDisplayName, getFieldMatcher, type DataFrame, type Field } from '@grafana/data';
import type { Frame } from '../model/frames.js';
import { panelFrames, toDataFrames, type PanelModel } from './panel.js';
import { defaultMaxDataPoints } from './time.js';
import type { DashboardVariables } from './variables.js';

/**
 * The data source refuses a series longer than 10 x maxDataPoints
 * (pkg/tsdb/influxdb/flux/executor_test.go: MaxDataPoints 2 is truncated at 21 points).
 */
export const MAX_POINTS_FACTOR = 10;

/** Significant digits written in a displayed number ("0.0000" has none, "91234.50" seven). */
export function writtenDigits(text: string): number {
  const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '');
  return digits.length;
}

/** Significant digits a value needs (at most `max`): 5 needs 1, 12.3 needs 3, 1/3 needs `max`. */
export function neededDigits(value: number, max: number): number {
  if (value === 0) return 0;
  const s = Math.abs(value).toPrecision(max).replace('.', '').replace(/e.*$/, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.min(max, Math.max(1, s.length));
}

/**
 * The digits a value of a field needs, by what a reader reads off it: a percentage to 0.01
 * points; a duration or a signed series (crossing zero, or sized as signed by the panel: an
 * oscillator read against its zero line) to 3 significant digits of the field's largest
 * magnitude ("2.53 s" of a 2534 ms age, "0.0063" beside a MACD of 0.0299); anything else
 * (prices, amounts, counts) to `digits` significant digits of the value itself.
 */
export function neededFor(v: number, unit: string | undefined, values: readonly number[], digits: number, signed = false): number {
  const at = (step: number) => neededDigits(Math.round(v / step) * step, digits);
  if (unit === 'percent') return at(0.01);
  if (unit === 'percentunit') return at(0.0001);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (DURATION_UNITS.has(unit ?? '') || signed || (lo < 0 && hi > 0)) {
    const top = Math.max(Math.abs(lo), Math.abs(hi));
    return top === 0 ? 0 : at(10 ** (Math.floor(Math.log10(top)) - 2));
  }
  return neededDigits(v, digits);
}

/** The panel sizes its decimals for signed values: a byValue "min < -x" override (src/decimals.ts signedTiers). */
const sizedAsSigned = (panel: PanelModel): boolean =>
  (panel.fieldConfig?.overrides ?? []).some((o) => o.matcher.id === 'byValue' && (o.matcher.options as { reducer?: string; op?: string } | undefined)?.reducer === 'min' && (o.matcher.options as { op?: string }).op === 'lt');

const DURATION_UNITS = new Set(['ns', 'µs', 'ms', 's', 'm', 'h', 'd', 'dtdurationms', 'dtdurations']);

const shownText = (f: Field, v: number): string => {
  const d = f.display?.(v);
  return `${d?.prefix ?? ''}${d?.text ?? String(v)}${d?.suffix ?? ''}`;
};

const numbers = (values: unknown[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** The fields a panel shows: a stat/gauge/pie's `reduceOptions.fields` (matched by Grafana on display names), else every non-time field. */
function shownFields(panel: PanelModel, data: DataFrame[]): { frame: DataFrame; field: Field; name: string }[] {
  const pattern = (panel.options?.reduceOptions as { fields?: string } | undefined)?.fields;
  const match = pattern ? getFieldMatcher({ id: FieldMatcherID.byRegexp, options: pattern }) : undefined;
  return data.flatMap((frame) =>
    frame.fields.filter((f) => f.type !== FieldType.time && (!match || match(f, frame, data))).map((field) => ({ frame, field, name: getFieldDisplayName(field, frame, data) })),
  );
}

export function panelProblems(panel: PanelModel & { maxDataPoints?: number; gridPos?: { w: number } }, frames: Frame[], vars: DashboardVariables, digits = 4): string[] {
  const where = `panel ${panel.id} "${panel.title}"`;
  const out: string[] = [];
  const data = panelFrames(panel, frames, vars);
  const shown = shownFields(panel, data);
  if (shown.length === 0) out.push(`${where}: no series`);
  const names = new Map<string, number>();
  for (const { name } of shown) {
    const n = name.trim();
    if (n === '') out.push(`${where}: a series has an empty display name`);
    // What the data source leaks when a query drops the names: "_value", "{_start=...}".
    else if (/(^|\s)_(value|time|start|stop|field|measurement)\b|\{.*=/.test(n)) out.push(`${where}: a series is named "${n}", a raw Flux column or label set`);
    names.set(n, (names.get(n) ?? 0) + 1);
  }
  for (const [n, count] of names) if (count > 1) out.push(`${where}: ${count} series are all named "${n}"`);
  const raw = toDataFrames(frames);
  for (const o of panel.fieldConfig?.overrides ?? []) {
    // byValue overrides are conditional on the data by design (src/decimals.ts tiers).
    if (o.matcher.id === 'byValue') continue;
    const matcher = fieldMatchers.get(o.matcher.id).get(o.matcher.options);
    if (!data.some((fr, i) => fr.fields.some((f, j) => matcher(f, fr, data) || matcher(raw[i]?.fields[j] as Field, raw[i] as DataFrame, raw)))) {
      out.push(`${where}: override ${o.matcher.id}=${JSON.stringify(o.matcher.options)} matches no field`);
    }
  }
  const byName = new Map(shown.map((s) => [s.name, s.field]));
  const signed = sizedAsSigned(panel);
  for (const { field, name } of shown) {
    const custom = (field.config.custom ?? {}) as Record<string, unknown>;
    if (field.type === FieldType.number && field.config.unit !== 'string') {
      const vals = numbers(field.values);
      for (const v of vals.length ? [Math.min(...vals), Math.max(...vals)] : []) {
        const text = shownText(field, v);
        if (writtenDigits(text) < neededFor(v, field.config.unit, vals, digits, signed)) out.push(`${where}: "${name}" shows ${v} as "${text}" (unit ${String(field.config.unit ?? 'none')}, decimals ${String(field.config.decimals ?? 'auto')})`);
      }
    }
    const below = custom.fillBelowTo;
    if (typeof below === 'string') {
      const target = byName.get(below);
      if (!target) out.push(`${where}: "${name}" fills below to "${below}", which is no series`);
      else if (!field.values.every((u, i) => typeof u !== 'number' || typeof target.values[i] !== 'number' || u >= (target.values[i] as number))) {
        out.push(`${where}: "${name}" is below "${below}": the fill is not between them`);
      }
    } else if (Number(custom.fillOpacity ?? 0) > 0 && /bollinger|bb_(upper|lower)/i.test(name)) {
      out.push(`${where}: "${name}" is filled down to zero, not between the bands (use custom.fillBelowTo)`);
    }
  }
  const limit = (panel.maxDataPoints ?? defaultMaxDataPoints(panel.gridPos?.w ?? 24)) * MAX_POINTS_FACTOR;
  for (const fr of frames) {
    const len = fr.fields[0]?.values.length ?? 0;
    if (len > limit) out.push(`${where}: a series of ${len} points exceeds the data source's limit of ${limit} (10 x maxDataPoints)`);
  }
  return out;
}
