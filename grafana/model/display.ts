/**
 * What Grafana's frontend does with frames before a panel draws them, written from
 * packages/grafana-data/src/field: fieldOverrides.ts (defaults, then every override whose
 * matcher matches), fieldState.ts (display names), templateProxies.ts (`${__field.*}`),
 * transformations/matchers (byName, byNames, byRegexp, byType, byFrameRefID, byValue). Template
 * references that resolve to nothing become "" (Scenes' interpolator) and are reported.
 */
import type { Field, Frame } from './frames.js';

export interface Override {
  matcher: { id: string; options?: unknown };
  properties: { id: string; value?: unknown }[];
}
export interface FieldConfigSource {
  defaults: Record<string, unknown>;
  overrides: Override[];
}
export interface ShownField {
  frame: Frame;
  field: Field;
  displayName: string;
}
export interface PanelView {
  fields: ShownField[];
  /** `${...}` references that resolved to nothing, with where they were used. */
  unresolved: string[];
  /** Overrides whose matcher matched no field. */
  unmatched: Override[];
}

/** @grafana/data formatLabels: '' for no labels. */
const formatLabels = (labels: Record<string, string>): string =>
  Object.keys(labels).length === 0 ? '' : `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;

function singleLabelName(frames: Frame[]): string | null {
  let single: string | null = null;
  for (const f of frames.flatMap((x) => x.fields)) {
    for (const k of Object.keys(f.labels ?? {})) {
      if (single === null) single = k;
      else if (k !== single) return null;
    }
  }
  return single;
}

/** fieldState.ts calculateFieldDisplayName. */
export function fieldDisplayName(field: Field, frame: Frame, all: Frame[]): string {
  const configName = field.config.displayName;
  if (typeof configName === 'string' && configName.length > 0) return configName;
  if (field.type === 'time' && !field.labels) return field.name || 'Time';
  const parts: string[] = [];
  const namesDiffer = all.some((f, i) => i > 0 && f.name !== all[i - 1]?.name);
  let frameNameAdded = false;
  let labelsAdded = false;
  if (namesDiffer && frame.name) {
    parts.push(frame.name);
    frameNameAdded = true;
  }
  if (field.name && field.name !== 'Value') parts.push(field.name);
  if (field.labels) {
    const single = singleLabelName(all);
    if (!single) {
      if (Object.keys(field.labels).length > 0) {
        parts.push(formatLabels(field.labels));
        labelsAdded = true;
      }
    } else if (field.labels[single]) {
      parts.push(field.labels[single]);
      labelsAdded = true;
    }
  }
  if (!frameNameAdded && !labelsAdded && field.name === 'Value' && frame.name) parts.push(frame.name);
  return parts.length ? parts.join(' ') : field.name || 'Value';
}

const TEMPLATE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Interpolates a field-config string with `__field`, `__series` and dashboard variables. */
export function interpolateField(text: string, field: Field, frame: Frame, all: Frame[], vars: Readonly<Record<string, string | string[]>>, unresolved: string[]): string {
  return text.replace(TEMPLATE, (whole, n1?: string, n2?: string, _f2?: string, n3?: string, path?: string) => {
    const name = n1 ?? n2 ?? n3 ?? '';
    let value: string | undefined;
    if (name === '__field') {
      const [head, key] = (path ?? '').split('.', 2);
      if (head === 'name') value = field.name;
      else if (head === 'displayName') value = fieldDisplayName({ ...field, config: {} }, frame, all);
      else if (head === 'labels' && key !== undefined) value = field.labels?.[key];
      else if (head === 'labels') value = field.labels ? formatLabels(field.labels) : undefined;
    } else if (name === '__series' && path === 'name') {
      value = frame.name || undefined;
    } else if (vars[name] !== undefined) {
      const v = vars[name];
      value = Array.isArray(v) ? v.join(' + ') : v;
    }
    if (value === undefined || value === '') {
      unresolved.push(whole);
      return '';
    }
    return value;
  });
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1] as string] = value;
}

function reduceNumbers(values: Field['values'], reducer: string): number {
  const nums = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  switch (reducer) {
    case 'max':
      return Math.max(...nums);
    case 'min':
      return Math.min(...nums);
    case 'logmin':
      return nums.filter((n) => n > 0).reduce((a, b) => Math.min(a, b), Number.MAX_VALUE);
    case 'mean':
      return nums.reduce((a, b) => a + b, 0) / nums.length;
    case 'range':
      return Math.max(...nums) - Math.min(...nums);
    case 'lastNotNull':
    case 'last':
      return nums[nums.length - 1] ?? NaN;
    default:
      throw new Error(`byValue reducer "${reducer}" not modelled`);
  }
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/** stringToJsRegex: "/re/flags" or an anchored pattern. */
function toRegex(pattern: string): RegExp {
  const m = /^\/(.*)\/(\w*)$/.exec(pattern);
  return m ? new RegExp(m[1] as string, m[2]) : new RegExp(`^${pattern}$`);
}

export function matches(m: Override['matcher'], field: Field, frame: Frame, all: Frame[]): boolean {
  const name = () => fieldDisplayName(field, frame, all);
  switch (m.id) {
    case 'byName': // fieldNameMatchers.ts: the field's own name or its display name
      return field.name === m.options || name() === m.options;
    case 'byNames': {
      const o = m.options as { names?: string[]; mode?: string };
      const hit = (o.names ?? []).some((n) => n === field.name || n === name());
      return o.mode === 'exclude' ? !hit : hit;
    }
    case 'byRegexp':
      return toRegex(String(m.options)).test(name());
    case 'byType':
      return field.type === m.options;
    case 'byFrameRefID':
      return frame.refId === m.options;
    case 'byValue': {
      if (field.type !== 'number') return false;
      const o = m.options as { reducer: string; op?: string; value?: number };
      const cmp = COMPARE[o.op ?? 'gte'];
      if (!cmp) throw new Error(`byValue op "${o.op}" not modelled`);
      return cmp(reduceNumbers(field.values, o.reducer), o.value ?? 0);
    }
    default:
      throw new Error(`matcher "${m.id}" not modelled in grafana/model/display.ts`);
  }
}

/** applyFieldOverrides: defaults (templates expanded), then matching overrides, in order. */
export function applyFieldConfig(frames: Frame[], fc: FieldConfigSource, vars: Readonly<Record<string, string | string[]>> = {}): PanelView {
  const unresolved: string[] = [];
  const matched = new Set<Override>();
  const fields: ShownField[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      const config: Record<string, unknown> = structuredClone(fc.defaults);
      field.config = config;
      const sink = field.type === 'time' ? [] : unresolved; // the time axis shows no name
      const expand = (v: unknown) => (typeof v === 'string' ? interpolateField(v, field, frame, frames, vars, sink) : v);
      if (config.displayName !== undefined) config.displayName = expand(config.displayName);
      for (const o of fc.overrides) {
        if (!matches(o.matcher, field, frame, frames)) continue;
        matched.add(o);
        for (const p of o.properties) setPath(config, p.id, p.id === 'displayName' ? expand(p.value) : structuredClone(p.value));
      }
      fields.push({ frame, field, displayName: fieldDisplayName(field, frame, frames) });
    }
  }
  return { fields, unresolved, unmatched: fc.overrides.filter((o) => !matched.has(o)) };
}
