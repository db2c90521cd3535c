import { interpolateFluxMacros, interpolateVariables, variableRefs, windowPeriodMs, withNow } from '../../interpolate.js';
import { tablesToFrames, type Frame } from '../../model/frames.js';
import type { PanelShape } from '../../schemas.js';
import { allPanels, type Dashboard } from '../../validate.js';
import { runFlux } from './flux.js';

export interface PanelRun {
  panel: PanelShape;
  frames: Frame[];
  /** The Flux each target ran, after variables and macros. */
  queries: string[];
  /** `$var` references left after interpolation (an undefined variable). */
  unresolved: string[];
}

export interface DashboardRun {
  vars: Record<string, string | string[]>;
  panels: PanelRun[];
  annotations: { name: string; frames: Frame[] }[];
}

const DAY = 86_400_000;
const UNIT: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY, y: 365 * DAY };

/** A panel's relative time override (`timeFrom`: "30d", "now/d"), as Grafana applies it. */
export function panelRange(timeFrom: unknown, from: number, to: number): [number, number] {
  if (typeof timeFrom !== 'string' || timeFrom === '') return [from, to];
  if (timeFrom === 'now/d') return [to - (to % DAY), to];
  const m = /^(\d+)([mhdwy])$/.exec(timeFrom);
  if (!m) throw new Error(`timeFrom "${timeFrom}" not modelled`);
  return [to - Number(m[1]) * (UNIT[m[2] as string] as number), to];
}

/**
 * Grafana's view of a dashboard at [from, to]: variables from their queries (single-value: the
 * first, multi-value: All) unless given in `pick`, every panel's targets run, frames built.
 */
export async function runDashboard(d: Dashboard, from: number, to: number, bucket: string, pick: Record<string, string | string[]> = {}): Promise<DashboardRun> {
  // The dashboard is viewed at `to`: Flux's now() (relative ranges such as -7d) is that instant.
  const atNow = (flux: string) => withNow(flux, new Date(to));
  const ctx = (f: number, t: number, maxPoints = 1000) => ({ from: new Date(f), to: new Date(t), windowMs: windowPeriodMs(t - f, maxPoints), defaultBucket: bucket });
  const vars: Record<string, string | string[]> = {};
  for (const v of d.templating.list) {
    const given = pick[v.name];
    if (given !== undefined) vars[v.name] = given;
    else if (v.type === 'constant') vars[v.name] = String(v.query);
    else if (v.type === 'custom') vars[v.name] = String((v.current as { value?: string } | undefined)?.value ?? String(v.query).split(',')[0]);
    else if (v.type === 'query') {
      const values = (await runFlux(atNow(interpolateFluxMacros(String(v.query), ctx(from, to))))).flatMap((t) => t.rows.map((r) => String(r._value)));
      if (values.length === 0) throw new Error(`variable ${v.name} of ${d.uid} has no values`);
      vars[v.name] = v.multi ? values : (values[0] as string);
    }
  }
  const run = async (query: string, refId: string, f: number, t: number, maxPoints?: number) => {
    const text = interpolateVariables(query, vars);
    const flux = interpolateFluxMacros(text, ctx(f, t, maxPoints));
    const frames = tablesToFrames(await runFlux(atNow(flux)).catch((err: unknown) => Promise.reject(new Error(`${d.uid}: ${String(err)}\n${flux}`))), refId);
    return { flux, frames, unresolved: variableRefs(text).map((r) => r.raw) };
  };
  const panels: PanelRun[] = [];
  for (const panel of allPanels(d)) {
    const [f, t] = panelRange(panel.timeFrom, from, to);
    const out: PanelRun = { panel, frames: [], queries: [], unresolved: variableRefs(interpolateVariables(panel.title, vars)).map((r) => r.raw) };
    for (const target of panel.targets ?? []) {
      const r = await run(target.query ?? '', target.refId, f, t, panel.maxDataPoints as number | undefined);
      out.frames.push(...r.frames);
      out.queries.push(r.flux);
      out.unresolved.push(...r.unresolved);
    }
    panels.push(out);
  }
  const annotations = [];
  for (const a of (d.annotations as { list?: { name: string; target?: { query?: string } }[] } | undefined)?.list ?? []) {
    if (a.target?.query) annotations.push({ name: a.name, frames: (await run(a.target.query, 'Anno', from, to)).frames });
  }
  return { vars, panels, annotations };
}
