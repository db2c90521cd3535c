/**
 * Dashboard time as Grafana's frontend computes it, with @grafana/data: a panel's relative time
 * override (`timeFrom`: "30d", "now/d") resolved in the dashboard's time zone, and the query
 * interval ($__interval, which the Flux macro v.windowPeriod is made from) for a range and a
 * number of data points, floored at the data source's minimum interval.
 */
import { dateMath, dateTimeForTimeZone, rangeUtil, type TimeRange } from '@grafana/data';

/** The data source's `timeInterval` (provisioning/datasources/influxdb.yaml). */
export const MIN_INTERVAL = '5s';

/**
 * The browser width a panel's default maxDataPoints is computed for: Grafana sends the panel's
 * width in pixels (grid width / 24 of the dashboard's); tests assume a 1920 px wide dashboard.
 */
export const DASHBOARD_WIDTH_PX = 1920;

export const defaultMaxDataPoints = (gridW: number): number => Math.round((gridW / 24) * DASHBOARD_WIDTH_PX);

const at = (now: number, tz: string, text: string, roundUp: boolean): number => {
  const base = dateTimeForTimeZone(tz, now);
  const math = text.replace(/^now/, '');
  const v = math === '' ? base : dateMath.parseDateMath(math, base, roundUp);
  if (!v) throw new Error(`cannot resolve "${text}"`);
  return v.valueOf();
};

/** The range a panel queries: the dashboard's [from, to], or its `timeFrom` override relative to `to`. */
export function panelRange(timeFrom: unknown, from: number, to: number, timeZone: string): [number, number] {
  if (typeof timeFrom !== 'string' || timeFrom === '') return [from, to];
  const r = rangeUtil.describeTextRange(timeFrom);
  return [at(to, timeZone, r.from, false), at(to, timeZone, r.to, true)];
}

/** The interval Grafana sends with a query over [from, to] for `maxDataPoints` points. */
export function queryIntervalMs(from: number, to: number, maxDataPoints: number): number {
  const range = { from: dateTimeForTimeZone('utc', from), to: dateTimeForTimeZone('utc', to), raw: { from: '', to: '' } } as unknown as TimeRange;
  return rangeUtil.calculateInterval(range, maxDataPoints, MIN_INTERVAL).intervalMs;
}
