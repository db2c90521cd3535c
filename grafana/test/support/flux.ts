import { InfluxDB } from '@influxdata/influxdb-client';
import type { Series } from '../../expr-eval.js';
import type { FluxColumn } from '../../model/frames.js';
import { serviceEnv } from '../../../test/support/env.js';

/** One Flux result table, as Grafana turns it into a data frame: group key -> labels. */
export interface FluxTable {
  columns: string[];
  /** String columns of the group key (not _start/_stop): what Grafana shows as labels. */
  labels: Record<string, string>;
  rows: Record<string, unknown>[];
  /** Column metadata as the data source reads it (for grafana/model/frames.ts). */
  meta: FluxColumn[];
}

/** Runs Flux with the given token (default: the test token) and keeps table boundaries. */
export async function runFlux(flux: string, token = serviceEnv().INFLUX_TOKEN): Promise<FluxTable[]> {
  const { INFLUX_URL, INFLUX_ORG } = serviceEnv();
  const api = new InfluxDB({ url: INFLUX_URL, token, timeout: 60_000 }).getQueryApi(INFLUX_ORG);
  const tables = new Map<string, FluxTable>();
  for await (const { values, tableMeta } of api.iterateRows(flux)) {
    const row = tableMeta.toObject(values);
    const id = `${String(row.result)}|${String(row.table)}`;
    let t = tables.get(id);
    if (!t) {
      const labels: Record<string, string> = {};
      for (const c of tableMeta.columns) {
        if (c.group && c.dataType === 'string' && c.label !== '_start' && c.label !== '_stop') labels[c.label] = String(row[c.label] ?? '');
      }
      const cols = tableMeta.columns.filter((c, i) => !(i === 0 && c.label === 'result') && !(i === 1 && c.label === 'table'));
      t = {
        columns: cols.map((c) => c.label),
        labels,
        rows: [],
        meta: cols.map((c) => ({ name: c.label, dataType: c.dataType, group: c.group })),
      };
      tables.set(id, t);
    }
    t.rows.push(row);
  }
  return [...tables.values()];
}

/** Flux tables -> the series an alert query yields (value column `_value`, or the only numeric one). */
export function toSeries(tables: FluxTable[]): Series[] {
  return tables.map((t) => {
    const numeric = t.columns.filter((c) => c !== '_time' && typeof t.rows[0]?.[c] === 'number');
    const valueCol = t.columns.includes('_value') ? '_value' : numeric[0];
    if (!valueCol) throw new Error(`table with labels ${JSON.stringify(t.labels)} has no numeric column`);
    return {
      labels: { ...t.labels },
      points: t.rows.map((r) => ({ t: r._time === undefined ? 0 : Date.parse(String(r._time)), v: typeof r[valueCol] === 'number' ? (r[valueCol] as number) : null })),
    };
  });
}
