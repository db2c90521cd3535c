import { InfluxDB, type QueryApi } from '@influxdata/influxdb-client';
import { serviceEnv } from './env.js';

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const { INFLUX_URL, INFLUX_TOKEN } = serviceEnv();
  const res = await fetch(`${INFLUX_URL}${path}`, {
    ...init,
    headers: { Authorization: `Token ${INFLUX_TOKEN}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`InfluxDB ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export async function orgId(): Promise<string> {
  const { INFLUX_ORG } = serviceEnv();
  const body = (await (await api(`/api/v2/orgs?org=${encodeURIComponent(INFLUX_ORG)}`)).json()) as { orgs: { id: string }[] };
  const id = body.orgs[0]?.id;
  if (!id) throw new Error(`org ${INFLUX_ORG} not found`);
  return id;
}

/** Creates a bucket with infinite retention (tests write old event times) and returns its name. */
export async function createBucket(name: string): Promise<string> {
  await api('/api/v2/buckets', { method: 'POST', body: JSON.stringify({ orgID: await orgId(), name, retentionRules: [] }) });
  return name;
}

export interface Row {
  [column: string]: unknown;
}

/** Runs Flux and returns rows as objects (the client's CSV parser, typed columns). */
export async function queryRows(flux: string): Promise<Row[]> {
  const { INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG } = serviceEnv();
  const q = new InfluxDB({ url: INFLUX_URL, token: INFLUX_TOKEN, timeout: 60_000 }).getQueryApi(INFLUX_ORG);
  return (await q.collectRows(flux)) as Row[];
}

/**
 * InfluxDB's own now, ms: it judges retention and relative ranges (`-1h`) by its clock, so a
 * test that writes "now" and expects the server to agree reads the server's clock, not ours.
 */
export async function serverNow(q?: QueryApi): Promise<number> {
  const rows = q ? await q.collectRows<Row>('import "array"\narray.from(rows: [{_time: now()}])') : await queryRows('import "array"\narray.from(rows: [{_time: now()}])');
  const t = Date.parse(String(rows[0]?._time));
  if (!Number.isFinite(t)) throw new Error(`InfluxDB returned no now(): ${JSON.stringify(rows)}`);
  return t;
}
