import { InfluxDB } from '@influxdata/influxdb-client';
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
  /** The annotated-CSV block the table came in (a new block: new column metadata). */
  block: number;
}

/** Runs Flux with the given token (default: the test token) and keeps table boundaries. */
export async function runFlux(flux: string, token = serviceEnv().INFLUX_TOKEN): Promise<FluxTable[]> {
  const { INFLUX_URL, INFLUX_ORG } = serviceEnv();
  const api = new InfluxDB({ url: INFLUX_URL, token, timeout: 60_000 }).getQueryApi(INFLUX_ORG);
  // In result order; a new block whenever the column metadata (the CSV annotation) changes.
  const tables: FluxTable[] = [];
  let block = -1;
  let lastMeta: unknown;
  let lastId: string | undefined;
  let t: FluxTable | undefined;
  for await (const { values, tableMeta } of api.iterateRows(flux)) {
    const row = tableMeta.toObject(values);
    const id = `${String(row.result)}|${String(row.table)}`;
    if (tableMeta !== lastMeta) block++;
    if (!t || tableMeta !== lastMeta || id !== lastId) {
      lastMeta = tableMeta;
      lastId = id;
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
        block,
      };
      tables.push(t);
    }
    t.rows.push(row);
  }
  return tables;
}
