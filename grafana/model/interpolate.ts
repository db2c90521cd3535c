/**
 * What the InfluxDB data source's Go backend does to a Flux query before InfluxDB sees it
 * (after the frontend has replaced template variables: Scenes' own code, check/variables.ts,
 * with the query interval from @grafana/data, check/time.ts): it replaces the Flux macros
 * `v.timeRangeStart`, `v.timeRangeStop`, `v.windowPeriod`, `v.defaultBucket`,
 * `v.organization`, `v.bucket` (grafana/grafana pkg/tsdb/influxdb/flux/macros.go) and
 * `$__interval`/`$__interval_ms`: modelled here (`interpolateFluxMacros`, `goDuration`).
 */

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
