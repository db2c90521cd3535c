import '../../check/dom.js';
import { dashboardVariables, type DashboardVariables } from '../../check/variables.js';
import { defaultMaxDataPoints, panelRange, queryIntervalMs } from '../../check/time.js';
import { interpolateFluxMacros, withNow } from '../../model/interpolate.js';
import { tablesToFrames, type Frame } from '../../model/frames.js';
import type { PanelShape } from '../../check/schemas.js';
import { allPanels, type Dashboard } from '../../check/validate.js';
import { runFlux } from './flux.js';

export interface PanelRun {
  panel: PanelShape;
  /** The range the panel queried (its `timeFrom` override applied). */
  range: [number, number];
  frames: Frame[];
  /** The Flux each target ran, after variables and macros. */
  queries: string[];
  /** Variables referred to that the dashboard does not define. */
  unresolved: string[];
}

export interface DashboardRun {
  from: number;
  to: number;
  /** The values picked for this run (the rest hold their saved value). */
  pick: Record<string, string | string[]>;
  vars: Record<string, string | string[]>;
  /** What each query variable's query listed. */
  options: Record<string, string[]>;
  panels: PanelRun[];
  annotations: { name: string; frames: Frame[] }[];
  /** The dashboard's variables as Scenes holds them, with this run's values. */
  variables: DashboardVariables;
}

/**
 * Grafana's view of a dashboard at [from, to] (viewed at `to`): query variables list what their
 * Flux returns and hold `pick[name]` or their saved value (All); then every panel's targets run
 * with Scenes' interpolation, the panel's time override and query interval (@grafana/data), the
 * data source's Flux macros, and the data source's frame builder.
 */
export async function runDashboard(d: Dashboard, from: number, to: number, bucket: string, pick: Record<string, string | string[]> = {}): Promise<DashboardRun> {
  const tz = String((d as { timezone?: string }).timezone ?? 'browser');
  if (tz === 'browser') throw new Error(`${d.uid}: a "browser" time zone makes "today" depend on the viewer`);
  // The dashboard is viewed at `to`: Flux's now() (relative ranges such as -7d) is that instant.
  const atNow = (flux: string) => withNow(flux, new Date(to));
  const ctx = (f: number, t: number, maxPoints: number) => ({ from: new Date(f), to: new Date(t), windowMs: queryIntervalMs(f, t, maxPoints), defaultBucket: bucket });
  const options: Record<string, string[]> = {};
  for (const v of d.templating.list) {
    if (v.type !== 'query') continue;
    const values = (await runFlux(atNow(interpolateFluxMacros(String(v.query), ctx(from, to, 1000))))).flatMap((t) => t.rows.map((r) => String(r._value)));
    if (values.length === 0) throw new Error(`variable ${v.name} of ${d.uid} has no values`);
    options[v.name] = values;
  }
  const vars = dashboardVariables(d.templating.list as never, options, pick);
  const run = async (query: string, refId: string, f: number, t: number, maxPoints: number) => {
    const text = vars.interpolate(query);
    const flux = interpolateFluxMacros(text, ctx(f, t, maxPoints));
    const frames = tablesToFrames(await runFlux(atNow(flux)).catch((err: unknown) => Promise.reject(new Error(`${d.uid}: ${String(err)}\n${flux}`))), refId);
    return { flux, frames, unresolved: vars.undefinedRefs(query) };
  };
  const panels: PanelRun[] = [];
  for (const panel of allPanels(d)) {
    const [f, t] = panelRange(panel.timeFrom, from, to, tz);
    const maxPoints = (panel.maxDataPoints as number | undefined) ?? defaultMaxDataPoints(panel.gridPos.w);
    const out: PanelRun = { panel, range: [f, t], frames: [], queries: [], unresolved: vars.undefinedRefs(panel.title) };
    for (const target of panel.targets ?? []) {
      const r = await run(target.query ?? '', target.refId, f, t, maxPoints);
      out.frames.push(...r.frames);
      out.queries.push(r.flux);
      out.unresolved.push(...r.unresolved);
    }
    panels.push(out);
  }
  const annotations = [];
  for (const a of (d.annotations as { list?: { name: string; target?: { query?: string } }[] } | undefined)?.list ?? []) {
    if (a.target?.query) annotations.push({ name: a.name, frames: (await run(a.target.query, 'Anno', from, to, defaultMaxDataPoints(24))).frames });
  }
  return { from, to, pick, vars: vars.values, options, panels, annotations, variables: vars };
}
