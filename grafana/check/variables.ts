/**
 * A dashboard's template variables as Grafana 13's dashboards hold them: Scenes variables, so
 * values, "All", and every interpolation format (`:regex`, `:csv`, `${__field.labels.x}`, ...)
 * are Scenes' own code. A query variable's options are what its query returned (the tests run
 * it against InfluxDB); the variable itself is a Scenes multi-value variable holding them.
 */
import './dom.js';
import { ConstantVariable, CustomVariable, EmbeddedScene, SceneFlexLayout, SceneVariableSet, sceneGraph, VariableDependencyConfig, type SceneObject, type SceneVariable } from '@grafana/scenes';
import type { ScopedVars } from '@grafana/data';

export interface VariableModel {
  type: string;
  name: string;
  query?: unknown;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  current?: { text?: unknown; value?: unknown };
}

export type Pick = Readonly<Record<string, string | string[]>>;
export const ALL = '$__all';

export interface DashboardVariables {
  scene: SceneObject;
  /** Grafana's interpolation of dashboard text (queries, titles, display names). */
  interpolate(text: string, scopedVars?: ScopedVars, format?: string): string;
  /** The values each variable holds: its options when at All without a custom all value. */
  values: Record<string, string | string[]>;
  /** Variables a text refers to (Scenes' own parsing) that the dashboard does not define. */
  undefinedRefs(text: string): string[];
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

function variable(v: VariableModel, options: readonly string[] | undefined, picked: string | string[] | undefined): SceneVariable {
  // A constant is set per deployment (the long-term bucket's name): a test may give its own.
  if (v.type === 'constant') return new ConstantVariable({ name: v.name, value: String(picked ?? v.query ?? '') });
  const list = options ?? (v.type === 'custom' ? String(v.query ?? '').split(',').map((s) => s.trim()) : []);
  const current = picked ?? (v.current?.value as string | string[] | undefined) ?? (v.multi ? [ALL] : list[0] ?? '');
  const value = asList(current);
  const isAll = value.includes(ALL);
  return new CustomVariable({
    name: v.name,
    query: list.join(','),
    isMulti: v.multi === true,
    includeAll: v.includeAll === true,
    ...(v.allValue ? { allValue: v.allValue } : {}),
    options: list.map((o) => ({ label: o, value: o })),
    value: isAll ? ALL : v.multi ? value : (value[0] ?? ''),
    text: isAll ? 'All' : v.multi ? value : (value[0] ?? ''),
  });
}

/** The variables of `templating.list`, query variables holding `options[name]`, values from `pick` or the saved current value. */
export function dashboardVariables(list: readonly VariableModel[], options: Readonly<Record<string, readonly string[]>> = {}, pick: Pick = {}): DashboardVariables {
  const variables = list.map((v) => variable(v, options[v.name], pick[v.name]));
  const scene = new EmbeddedScene({ $variables: new SceneVariableSet({ variables }), body: new SceneFlexLayout({ children: [] }) });
  const values = Object.fromEntries(
    variables.map((v) => {
      const x = v.getValue();
      // "All" with a custom all value is an object that formats as that value.
      const one = (y: unknown) => (typeof y === 'object' && y !== null && 'formatter' in y ? (y as { formatter(): string }).formatter() : String(y));
      return [v.state.name, Array.isArray(x) ? x.map(one) : one(x)];
    }),
  );
  const undefinedRefs = (text: string): string[] => {
    const holder = { state: { text } } as unknown as SceneObject;
    const names = [...new VariableDependencyConfig(holder, { statePaths: ['text' as never] }).getNames()];
    return names.filter((n) => !n.startsWith('__') && !(n in values));
  };
  return { scene, values, undefinedRefs, interpolate: (text, scopedVars, format) => sceneGraph.interpolate(scene, text, scopedVars, format) };
}
