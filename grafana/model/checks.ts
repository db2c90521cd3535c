/**
 * What a user would see wrong in a panel, given the frames Grafana would build from its
 * queries (frames.ts) and the panel's field config (display.ts, units.ts). Each problem is a
 * sentence naming the panel; an empty list means the panel reads well.
 */
import { applyFieldConfig, type FieldConfigSource, type PanelView } from './display.js';
import type { Frame } from './frames.js';
import { formatValue, keepsDigits } from './units.js';

export interface PanelModel {
  id: number;
  type: string;
  title: string;
  fieldConfig?: FieldConfigSource;
  maxDataPoints?: number;
  options?: { reduceOptions?: { fields?: string } };
}

/** Stat/pie panels show only the fields their `reduceOptions.fields` selects (numeric by default). */
export function selected(panel: PanelModel, name: string, displayName: string): boolean {
  const sel = panel.options?.reduceOptions?.fields;
  if (!sel) return true;
  const m = /^\/(.*)\/(\w*)$/.exec(sel);
  return m ? new RegExp(m[1] as string, m[2]).test(displayName) || new RegExp(m[1] as string, m[2]).test(name) : sel === displayName || sel === name;
}

export interface CheckOptions {
  vars?: Readonly<Record<string, string | string[]>>;
  /** Significant digits the smallest and largest value must keep on screen. */
  digits?: number;
}

/** Grafana refuses a series longer than 10 x maxDataPoints (flux/executor.go maxPointsEnforceFactor). */
export const MAX_POINTS_FACTOR = 10;

export function viewPanel(panel: PanelModel, frames: Frame[], vars: CheckOptions['vars'] = {}): PanelView {
  return applyFieldConfig(frames, panel.fieldConfig ?? { defaults: {}, overrides: [] }, vars);
}

const numbers = (values: unknown[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

export function panelProblems(panel: PanelModel, frames: Frame[], o: CheckOptions = {}): string[] {
  const where = `panel ${panel.id} "${panel.title}"`;
  const out: string[] = [];
  const view = viewPanel(panel, frames, o.vars);
  const shown = view.fields.filter((f) => f.field.type !== 'time' && selected(panel, f.field.name, f.displayName));
  if (shown.length === 0) out.push(`${where}: no series`);
  for (const ref of new Set(view.unresolved)) out.push(`${where}: ${ref} resolves to nothing`);
  const names = new Map<string, number>();
  for (const f of shown) {
    const n = f.displayName.trim();
    if (n === '') out.push(`${where}: a series has an empty display name`);
    // What the data source leaks when a query drops the names: "_value", "{_start=...}".
    else if (/(^|\s)_(value|time|start|stop|field|measurement)\b|\{.*=/.test(n)) out.push(`${where}: a series is named "${n}", a raw Flux column or label set`);
    names.set(n, (names.get(n) ?? 0) + 1);
  }
  for (const [n, count] of names) if (count > 1) out.push(`${where}: ${count} series are all named "${n}"`);
  for (const ov of view.unmatched) {
    // byValue overrides are conditional on the data by design (decimals.ts tiers).
    if (ov.matcher.id !== 'byValue') out.push(`${where}: override ${ov.matcher.id}=${JSON.stringify(ov.matcher.options)} matches no field`);
  }
  const byName = new Map(shown.map((f) => [f.displayName, f]));
  for (const f of shown) {
    const cfg = f.field.config;
    const custom = (cfg.custom ?? {}) as Record<string, unknown>;
    if (f.field.type === 'number' && cfg.unit !== 'string') {
      const vals = numbers(f.field.values);
      for (const v of vals.length ? [Math.min(...vals), Math.max(...vals)] : []) {
        const text = formatValue(v, cfg.unit as string | undefined, cfg.decimals as number | undefined);
        if (!keepsDigits(v, text, o.digits ?? 4)) {
          out.push(`${where}: "${f.displayName}" shows ${v} as "${text.prefix}${text.text}${text.suffix}" (unit ${String(cfg.unit ?? 'none')}, decimals ${String(cfg.decimals ?? 'auto')})`);
        }
      }
    }
    const below = custom.fillBelowTo;
    if (typeof below === 'string') {
      const target = byName.get(below);
      if (!target) out.push(`${where}: "${f.displayName}" fills below to "${below}", which is no series`);
      else if (!fillsBetween(f.field.values, target.field.values)) out.push(`${where}: "${f.displayName}" is below "${below}": the fill is not between them`);
    } else if (Number(custom.fillOpacity ?? 0) > 0 && /bollinger|bb_(upper|lower)/i.test(f.displayName)) {
      out.push(`${where}: "${f.displayName}" is filled down to zero, not between the bands (use custom.fillBelowTo)`);
    }
  }
  const limit = (panel.maxDataPoints ?? 1000) * MAX_POINTS_FACTOR;
  for (const fr of frames) {
    const len = fr.fields[0]?.values.length ?? 0;
    if (len > limit) out.push(`${where}: a series of ${len} points exceeds Grafana's limit of ${limit} (10 x maxDataPoints)`);
  }
  return out;
}

/** Every row where both are numbers: upper >= lower. */
function fillsBetween(upper: unknown[], lower: unknown[]): boolean {
  return upper.every((u, i) => typeof u !== 'number' || typeof lower[i] !== 'number' || u >= (lower[i] as number));
}
