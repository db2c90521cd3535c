import { fmt } from './lib/stats.js';

/** One line of the results table (and of results.json). */
export interface Row {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 50,000", when the issue sets one. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface ThroughputPoint {
  kind: 'quotes tick' | 'quotes candle' | 'sales' | 'naive';
  entities: number;
  eventsPerSec: number;
  /** InfluxDB lines written per event (processor runs). */
  linesPerEvent?: number;
  /** CPU per event of each process of the pipeline, µs (processor runs; NaN where unreadable). */
  cpuUsPerEvent?: { processor: number; influxd: number; kafka: number };
}

export interface LatencyPoint {
  offered: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
}

export class Results {
  readonly rows: Row[] = [];
  readonly throughput: ThroughputPoint[] = [];
  readonly latency: LatencyPoint[] = [];
  readonly notes: string[] = [];

  add(row: Row): Row {
    this.rows.push(row);
    const flag = row.met === undefined ? '' : row.met ? '  [target met]' : '  [target MISSED]';
    process.stderr.write(`[bench] ${row.section} | ${row.name}: ${fmt(row.value)} ${row.unit}${flag}\n`);
    return row;
  }
}

/** Plain-text table: section, measurement, value, unit, target, met. */
export function table(rows: readonly Row[]): string {
  const head = ['Section', 'Measurement', 'Value', 'Unit', 'Target', 'Met'];
  const body = rows.map((r) => [r.section, r.name + (r.note ? ` (${r.note})` : ''), fmt(r.value), r.unit, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
