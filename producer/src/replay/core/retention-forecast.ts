/**
 * Where a replay's rows will land, by their age when the processor writes them, against the
 * buckets' retentions (contracts BUCKETS; the same env the processor and influx-setup read).
 * The processor keeps a row's raw points while the raw bucket holds them, its rollups while a
 * long-lived bucket does (hourly: long-term; daily candles: daily), and only counts the rest.
 */
import { rebaser } from './rebase.js';

const DAY_MS = 86_400_000;

/** Retention in days per bucket; 0 = forever. */
export interface Retentions {
  raw: number;
  longterm: number;
  daily: number;
}

export interface ForecastInput {
  kind: 'quote' | 'sale';
  /** Rows per event time (ms; the inspect pass counts them per hour start). */
  times: ReadonlyMap<number, number>;
  first: number;
  last: number;
  now: number;
  keepTime: boolean;
  /** Event time per wall time; Infinity = max. */
  speed: number;
  retention: Retentions;
}

export interface Forecast {
  /** Rows whose raw points the raw bucket keeps. */
  raw: number;
  /** Rows only their rollups keep (long-term, and for quotes the daily candles). */
  rollupsOnly: number;
  /** Rows too old for every bucket: counted by the processor, written nowhere. */
  nowhere: number;
}

const keeps = (days: number, age: number): boolean => days === 0 || age < days * DAY_MS;

/**
 * A row's age when the processor writes it. Rebased, paced: its event time is its send time
 * (age 0). Rebased at max speed: the last row is now. Kept times: sent `(ts - first) / speed`
 * after the start, so a paced replay ages its rows while it runs.
 */
export function ageAtWrite(ts: number, i: Pick<ForecastInput, 'first' | 'last' | 'now' | 'keepTime' | 'speed'>): number {
  if (!i.keepTime) return Number.isFinite(i.speed) ? 0 : i.now - rebaser({ first: i.first, last: i.last }, i.now, i.speed)(ts);
  const sentAt = Number.isFinite(i.speed) ? i.now + (ts - i.first) / i.speed : i.now;
  return sentAt - ts;
}

export function forecast(i: ForecastInput): Forecast {
  const out: Forecast = { raw: 0, rollupsOnly: 0, nowhere: 0 };
  // Quotes also become daily candles (daily bucket); sales only hourly rollups (long-term).
  const longest = (age: number) => keeps(i.retention.longterm, age) || (i.kind === 'quote' && keeps(i.retention.daily, age));
  for (const [ts, rows] of i.times) {
    const age = ageAtWrite(ts, i);
    if (keeps(i.retention.raw, age)) out.raw += rows;
    else if (longest(age)) out.rollupsOnly += rows;
    else out.nowhere += rows;
  }
  return out;
}

const days = (d: number): string => (d === 0 ? 'forever' : `${d} days`);

/** The warning block `inspect` prints after its report. */
export function renderForecast(f: Forecast, i: Pick<ForecastInput, 'kind' | 'keepTime' | 'speed' | 'retention'>, buckets: { raw: string; longterm: string; daily: string }): string {
  const how = i.keepTime
    ? `--keep-time, speed ${Number.isFinite(i.speed) ? i.speed : 'max'}`
    : Number.isFinite(i.speed)
      ? `rebased, paced at speed ${i.speed}: every row is sent at its own time`
      : 'rebased: the last row lands at now (speed max)';
  const rollups = i.kind === 'quote' ? `${buckets.longterm} ${days(i.retention.longterm)}, daily candles in ${buckets.daily} ${days(i.retention.daily)}` : `${buckets.longterm} ${days(i.retention.longterm)}`;
  const out = [
    '',
    `retention (${how}):`,
    `  ${String(f.raw).padStart(9)} rows land in the raw bucket ${buckets.raw} (${days(i.retention.raw)})`,
    `  ${String(f.rollupsOnly).padStart(9)} rows only as rollups (${rollups})`,
    `  ${String(f.nowhere).padStart(9)} rows in no bucket: too old for every retention (counted, not shown)`,
  ];
  if (f.nowhere > 0) out.push(`warning:    ${f.nowhere} rows are older than every bucket keeps; the Pipeline dashboard counts them as "too old"`);
  if (f.rollupsOnly > 0) out.push(`warning:    ${f.rollupsOnly} rows are older than the raw bucket keeps: only the hourly/daily panels will show them`);
  return `${out.join('\n')}\n`;
}
