import { evaluateRule, type RuleEvaluation, type RuleQuery, type Series } from '../../model/expr-eval.js';
import { interpolateFluxMacros, withNow } from '../../model/interpolate.js';
import type { Rule } from '../../check/schemas.js';
import { allRules, loadProject } from '../../check/validate.js';
import { framesToSeries } from '../../model/alert-input.js';
import { tablesToFrames } from '../../model/frames.js';
import { runFlux } from './flux.js';

export async function provisionedRules(): Promise<Map<string, Rule>> {
  const errors: string[] = [];
  const project = await loadProject(undefined, errors);
  if (errors.length > 0) throw new Error(`grafana files invalid:\n${errors.join('\n')}`);
  return new Map(allRules(project).map((r) => [r.rule.uid, r.rule]));
}

/** A rule's datasource queries, as Grafana's scheduler would run them at `now` (range from relativeTimeRange). */
export function ruleQueries(rule: Rule, bucket: string, now: Date): { refId: string; flux: string }[] {
  return rule.data
    .filter((q) => q.datasourceUid !== '__expr__')
    .map((q) => {
      const r = q.relativeTimeRange ?? { from: 600, to: 0 };
      const ctx = { from: new Date(now.getTime() - r.from * 1000), to: new Date(now.getTime() - r.to * 1000), windowMs: 1000, defaultBucket: bucket };
      // Grafana evaluates at the real clock; tests pin now() so "seconds since" queries are exact.
      return { refId: q.refId, flux: withNow(interpolateFluxMacros(String(q.model.query), ctx), now) };
    });
}

export interface AlertOutcome extends RuleEvaluation {
  /** The state after the rule's noDataState is applied to NoData. */
  finalState: 'Alerting' | 'Normal' | 'NoData' | 'Error';
  results: Record<string, Series[]>;
  firing: string[];
}

/** Runs a rule's queries against `bucket` at `now` and evaluates its expressions. */
export async function evaluateAt(rule: Rule, bucket: string, now: Date, label = 'symbol'): Promise<AlertOutcome> {
  const results: Record<string, Series[]> = {};
  for (const q of ruleQueries(rule, bucket, now)) results[q.refId] = framesToSeries(tablesToFrames(await runFlux(q.flux), q.refId));
  const ev = evaluateRule(rule.data as RuleQuery[], rule.condition, results);
  const noData = rule.noDataState === 'Alerting' ? 'Alerting' : rule.noDataState === 'OK' ? 'Normal' : 'NoData';
  const error = rule.execErrState === 'Alerting' ? 'Alerting' : rule.execErrState === 'OK' ? 'Normal' : 'Error';
  const finalState = ev.state === 'NoData' ? noData : ev.state === 'Error' ? error : ev.state;
  const firing = ev.instances.filter((i) => i.firing).map((i) => i.labels[label] ?? JSON.stringify(i.labels)).sort();
  return { ...ev, finalState, results, firing };
}
