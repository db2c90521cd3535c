/**
 * What Grafana does to a Flux query before InfluxDB sees it:
 * 1. the frontend replaces template variables: the dashboard checks run Scenes' own code for
 *    this (check/variables.ts). The hand-written replacement below (`interpolateVariables`,
 *    `windowPeriodMs`) remains only for test/integration/compose-rehearsal.test.ts, which runs
 *    without a DOM; `variableRefs` finds references for the file validator (validate.ts);
 * 2. the InfluxDB data source's Go backend replaces the Flux macros `v.timeRangeStart`,
 *    `v.timeRangeStop`, `v.windowPeriod`, `v.defaultBucket`, `v.organization`, `v.bucket`
 *    (grafana/grafana pkg/tsdb/influxdb/flux/macros.go) and `$__interval`/`$__interval_ms`:
 *    modelled here (`interpolateFluxMacros`, `goDuration`).
 */

/** Grafana's template variable syntax (public/app/features/variables/utils.ts, variableRegex). */
export const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Names of the variables a text refers to (built-ins `__x` excluded), with the format used. */
export function variableRefs(text: string): { name: string; format: string | undefined; raw: string }[] {
  const refs: { name: string; format: string | undefined; raw: string }[] = [];
  for (const m of text.matchAll(VARIABLE_REGEX)) {
    const name = m[1] ?? m[2] ?? m[4];
    if (!name || name.startsWith('__')) continue;
    refs.push({ name, format: m[3] ?? m[6], raw: m[0] });
  }
  return refs;
}

/** @grafana/data escapeRegex (packages/grafana-data/src/text/string.ts). */
export const escapeRegex = (value: string): string => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

/** Grafana's variable formats (formatRegistry); multi-value default is `glob`. */
function format(value: string | string[], fmt: string | undefined): string {
  const values = Array.isArray(value) ? value : [value];
  const multi = Array.isArray(value) && value.length > 1;
  switch (fmt) {
    case 'regex':
      return multi ? `(${values.map(escapeRegex).join('|')})` : escapeRegex(values[0] ?? '');
    case 'pipe':
      return values.join('|');
    case 'csv':
      return values.join(',');
    case 'json':
      return JSON.stringify(Array.isArray(value) ? value : value);
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'raw':
      return values.join(',');
    case undefined:
    case 'glob':
      return multi ? `{${values.join(',')}}` : (values[0] ?? '');
    default:
      throw new Error(`unsupported variable format :${fmt}`);
  }
}

/** Replaces template variables; unknown ones are left as they are (as Grafana does). */
export function interpolateVariables(text: string, vars: Readonly<Record<string, string | string[]>>): string {
  return text.replace(VARIABLE_REGEX, (whole, n1?: string, n2?: string, f2?: string, n3?: string, _path?: string, f3?: string) => {
    const name = n1 ?? n2 ?? n3 ?? '';
    const value = vars[name];
    return value === undefined ? whole : format(value, f2 ?? f3);
  });
}

/** Go's time.Duration.String() for whole milliseconds (what v.windowPeriod becomes). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

const NICE_MS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_200_000, 1_800_000, 3_600_000];

/** The query interval Grafana derives from range / max data points, rounded, floored at the datasource's min interval. */
export function windowPeriodMs(rangeMs: number, maxDataPoints = 1000, minIntervalMs = 5000): number {
  const raw = rangeMs / maxDataPoints;
  const nice = NICE_MS.find((n) => n >= raw) ?? 3_600_000;
  return Math.max(nice, minIntervalMs);
}

export interface MacroContext {
  from: Date;
  to: Date;
  windowMs: number;
  defaultBucket: string;
  organization?: string;
}

/** The backend's Flux macro replacement. */
export function interpolateFluxMacros(flux: string, c: MacroContext): string {
  const macros: Record<string, string> = {
    timeRangeStart: c.from.toISOString(),
    timeRangeStop: c.to.toISOString(),
    windowPeriod: goDuration(c.windowMs),
    defaultBucket: JSON.stringify(c.defaultBucket),
    bucket: JSON.stringify(c.defaultBucket),
    organization: JSON.stringify(c.organization ?? ''),
  };
  return flux
    .replace(/\bv\.(timeRangeStart|timeRangeStop|windowPeriod|defaultBucket|bucket|organization)\b/g, (_, k: string) => macros[k] as string)
    .replaceAll('$__interval_ms', String(c.windowMs))
    .replaceAll('$__interval', goDuration(c.windowMs));
}

/** Pins `now()` (for tests that evaluate a rule "at" a given time): `option now` after the imports. */
export function withNow(flux: string, now: Date): string {
  const lines = flux.split('\n');
  let at = 0;
  lines.forEach((l, i) => {
    if (/^\s*import\s+"/.test(l)) at = i + 1;
  });
  lines.splice(at, 0, `option now = () => ${now.toISOString()}`);
  return lines.join('\n');
}
