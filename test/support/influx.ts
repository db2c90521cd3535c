import { InfluxDB, type QueryApi } from '@influxdata/influxdb-client';
import { BUCKETS, type BucketKind } from '@tickflow/contracts';
import { serviceEnv, uniqueName } from './env.js';

/** Which InfluxDB: the shared one (serviceEnv) unless a test's private one is given. */
type Target = { INFLUX_URL: string; INFLUX_TOKEN: string; INFLUX_ORG: string };

async function api(path: string, init: RequestInit = {}, target: Target = serviceEnv()): Promise<Response> {
  const { INFLUX_URL, INFLUX_TOKEN } = target;
  const res = await fetch(`${INFLUX_URL}${path}`, {
    ...init,
    headers: { Authorization: `Token ${INFLUX_TOKEN}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`InfluxDB ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export async function orgId(target: Target = serviceEnv()): Promise<string> {
  const { INFLUX_ORG } = target;
  const body = (await (await api(`/api/v2/orgs?org=${encodeURIComponent(INFLUX_ORG)}`, {}, target)).json()) as { orgs: { id: string }[] };
  const id = body.orgs[0]?.id;
  if (!id) throw new Error(`org ${INFLUX_ORG} not found`);
  return id;
}

/** Creates a bucket with infinite retention (tests write old event times) and returns its name. */
export async function createBucket(name: string): Promise<string> {
  await api('/api/v2/buckets', { method: 'POST', body: JSON.stringify({ orgID: await orgId(), name, retentionRules: [] }) });
  return name;
}

/**
 * The long-lived buckets a processor started by startProcessor() writes by default (infinite
 * retention, shared by the tests; the global setup creates them). Tests that check them create
 * their own with createBuckets().
 */
export const TEST_BUCKETS = { longterm: 'tickflow_longterm', daily: 'tickflow_daily' } as const;

/** Creates bucket `name` unless it exists (retention 0 = infinite). */
export async function ensureBucket(name: string, retentionSeconds = 0, target: Target = serviceEnv()): Promise<void> {
  const orgID = await orgId(target);
  const found = (await (await api(`/api/v2/buckets?orgID=${orgID}&name=${encodeURIComponent(name)}`, {}, target).catch(() => undefined))?.json()) as { buckets: { name: string }[] } | undefined;
  if (found?.buckets.some((x) => x.name === name)) return;
  const retentionRules = retentionSeconds > 0 ? [{ type: 'expire', everySeconds: retentionSeconds }] : [];
  await api('/api/v2/buckets', { method: 'POST', body: JSON.stringify({ orgID, name, retentionRules }) }, target);
}

/** The TEST_BUCKETS in the shared InfluxDB (global setup) or a test's private one. */
export async function ensureTestBuckets(target: Target = serviceEnv()): Promise<void> {
  for (const name of Object.values(TEST_BUCKETS)) await ensureBucket(name, 0, target);
}

export interface StackBuckets {
  names: Record<BucketKind, string>;
  /** The processor env that writes them with the same retentions (pass to startProcessor). */
  env: Record<string, string>;
}

/**
 * Three fresh buckets (raw, longterm, daily) with the default stack's retentions (contracts
 * BUCKETS: 7 d, 365 d, forever) or `days`, and the processor env for them. The test token
 * (the operator's) writes every bucket.
 */
export async function createBuckets(prefix: string, days: Partial<Record<BucketKind, number>> = {}): Promise<StackBuckets> {
  const names = { raw: uniqueName(`${prefix}-raw`), longterm: uniqueName(`${prefix}-longterm`), daily: uniqueName(`${prefix}-daily`) };
  const d = { raw: BUCKETS.raw.retentionDays, longterm: BUCKETS.longterm.retentionDays, daily: BUCKETS.daily.retentionDays, ...days };
  for (const kind of ['raw', 'longterm', 'daily'] as const) await ensureBucket(names[kind], d[kind] * 86_400);
  const env = {
    INFLUX_BUCKET: names.raw,
    INFLUX_LONGTERM_BUCKET: names.longterm,
    INFLUX_DAILY_BUCKET: names.daily,
    INFLUX_RAW_RETENTION_DAYS: String(d.raw),
    INFLUX_LONGTERM_RETENTION_DAYS: String(d.longterm),
    INFLUX_DAILY_RETENTION_DAYS: String(d.daily),
  };
  return { names, env };
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
