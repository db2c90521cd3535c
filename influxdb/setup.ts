/**
 * InfluxDB setup as code: org, the three buckets of contracts' BUCKETS (raw, long-term, daily;
 * retention and shard group duration), and two least-privilege tokens (Grafana: read all three;
 * processor: write and read all three, since it writes the rollups itself). Idempotent: creates
 * what is missing, fixes retention that drifted, reuses tokens that still have the right rights,
 * and deletes the downsampling tasks of older installs (the processor's rollups replace them:
 * both running would count every hour twice).
 *
 * Library: setupInflux(options). CLI (`node --import tsx influxdb/setup.ts`): reads env,
 * see influxdb/README.md. Only the CLI part below reads process.env.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger, type Logger } from '@tickflow/common';
import { BUCKETS, type BucketKind } from '@tickflow/contracts';
import { z } from 'zod';
import { waitHealthy } from './wait-healthy.js';

export interface InfluxSetupOptions {
  url: string;
  /** An operator or all-access token (the one DOCKER_INFLUXDB_INIT_ADMIN_TOKEN sets). */
  token: string;
  org: string;
  rawBucket?: string;
  longBucket?: string;
  dailyBucket?: string;
  rawRetentionDays?: number;
  longRetentionDays?: number;
  /** 0 = forever. */
  dailyRetentionDays?: number;
  /** Aborts the request in flight (SIGTERM). */
  signal?: AbortSignal;
}

export interface BucketInfo {
  id: string;
  name: string;
  /** 0 = forever. */
  retentionSeconds: number;
  /** Undefined: InfluxDB's default for the retention. */
  shardGroupSeconds?: number | undefined;
}

export interface InfluxSetupResult {
  orgID: string;
  rawBucket: BucketInfo;
  longBucket: BucketInfo;
  dailyBucket: BucketInfo;
  /** Names of the legacy downsampling tasks this run deleted. */
  removedTasks: string[];
  /** Read on the three buckets, nothing else: for the Grafana datasource. */
  grafanaToken: string;
  /** Write and read on the three buckets: for the processor. */
  processorToken: string;
}

const DAY_S = 86_400;
const GRAFANA_TOKEN_DESC = 'tickflow grafana (read raw + long-term + daily)';
const PROCESSOR_TOKEN_DESC = 'tickflow processor (write raw + long-term + daily)';

/** The downsampling tasks older installs ran; the processor writes their rollups now. */
export const LEGACY_TASKS = ['tickflow-candles-1h', 'tickflow-candles-1d', 'tickflow-sales-1h'] as const;

/**
 * Shard group duration for a retention (days, 0 = forever). InfluxDB's default (7 d beyond six
 * months, also for forever) turns a 5-year backfill of a few daily points into ~260 near-empty
 * shards; long-lived, sparse buckets get longer groups. Short retentions keep the default, so a
 * group never outlives its data by much.
 */
export function shardGroupSeconds(retentionDays: number): number | undefined {
  if (retentionDays === 0) return 364 * DAY_S;
  if (retentionDays >= 180) return 28 * DAY_S;
  return undefined;
}

/** The buckets setup ensures, by kind: configured names and retentions, defaults from contracts. */
export function bucketPlan(o: InfluxSetupOptions): Record<BucketKind, { name: string; retentionSeconds: number; shardGroupSeconds: number | undefined }> {
  const plan = (kind: BucketKind, name: string | undefined, days: number | undefined) => {
    const d = days ?? BUCKETS[kind].retentionDays;
    return { name: name ?? BUCKETS[kind].name, retentionSeconds: d * DAY_S, shardGroupSeconds: shardGroupSeconds(d) };
  };
  return {
    raw: plan('raw', o.rawBucket, o.rawRetentionDays),
    longterm: plan('longterm', o.longBucket, o.longRetentionDays),
    daily: plan('daily', o.dailyBucket, o.dailyRetentionDays),
  };
}

interface Permission {
  action: 'read' | 'write';
  resource: { type: string; id?: string; orgID?: string };
}
interface Authorization {
  id: string;
  token: string;
  status: string;
  description?: string;
  orgID: string;
  permissions: Permission[];
}
interface RetentionRule {
  type: 'expire';
  everySeconds: number;
  shardGroupDurationSeconds?: number;
}

function client(url: string, token: string, signal?: AbortSignal) {
  /** `GET` lookups by name answer 404 when nothing matches: that is an empty list, not an error. */
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url.replace(/\/$/, '')}${path}`, {
      method,
      headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ?? null,
    });
    const text = await res.text();
    if (res.status === 404 && method === 'GET') return {} as T;
    if (!res.ok) throw new Error(`InfluxDB ${method} ${path}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
}
type Api = ReturnType<typeof client>;

async function ensureOrg(api: Api, name: string): Promise<string> {
  const found = await api<{ orgs?: { id: string }[] }>('GET', `/api/v2/orgs?org=${encodeURIComponent(name)}`);
  const id = found.orgs?.[0]?.id;
  if (id) return id;
  return (await api<{ id: string }>('POST', '/api/v2/orgs', { name })).id;
}

async function ensureBucket(api: Api, orgID: string, want: { name: string; retentionSeconds: number; shardGroupSeconds: number | undefined }): Promise<BucketInfo> {
  const { name, retentionSeconds, shardGroupSeconds: sg } = want;
  const q = `/api/v2/buckets?orgID=${orgID}&name=${encodeURIComponent(name)}`;
  const existing = (await api<{ buckets?: { id: string; retentionRules: RetentionRule[] }[] }>('GET', q)).buckets?.[0];
  const rule: RetentionRule = { type: 'expire', everySeconds: retentionSeconds, ...(sg === undefined ? {} : { shardGroupDurationSeconds: sg }) };
  const info = { name, retentionSeconds, shardGroupSeconds: sg };
  if (!existing) return { id: (await api<{ id: string }>('POST', '/api/v2/buckets', { orgID, name, retentionRules: [rule] })).id, ...info };
  // A bucket that never expires may come back with no rule at all.
  const have = existing.retentionRules[0];
  const drifted = (have?.everySeconds ?? 0) !== retentionSeconds || (sg !== undefined && have?.shardGroupDurationSeconds !== sg);
  if (drifted) await api('PATCH', `/api/v2/buckets/${existing.id}`, { retentionRules: [rule] });
  return { id: existing.id, ...info };
}

const permKey = (p: Permission) => `${p.action}:${p.resource.type}:${p.resource.id ?? '*'}`;

/** Reuses an active token with this description and exactly these permissions; else replaces it. */
async function ensureToken(api: Api, orgID: string, description: string, permissions: Permission[]): Promise<string> {
  const want = permissions.map(permKey).sort().join(',');
  const { authorizations = [] } = await api<{ authorizations?: Authorization[] }>('GET', `/api/v2/authorizations?orgID=${orgID}`);
  for (const a of authorizations.filter((x) => x.description === description)) {
    if (a.status === 'active' && a.permissions.map(permKey).sort().join(',') === want) return a.token;
    await api('DELETE', `/api/v2/authorizations/${a.id}`);
  }
  return (await api<Authorization>('POST', '/api/v2/authorizations', { orgID, description, permissions })).token;
}

/** Deletes the legacy downsampling tasks still installed in the org; returns their names. */
async function removeLegacyTasks(api: Api, orgID: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of LEGACY_TASKS) {
    const { tasks = [] } = await api<{ tasks?: { id: string; name: string }[] }>('GET', `/api/v2/tasks?orgID=${orgID}&name=${encodeURIComponent(name)}`);
    for (const t of tasks.filter((x) => x.name === name)) {
      await api('DELETE', `/api/v2/tasks/${t.id}`);
      removed.push(name);
    }
  }
  return removed;
}

export async function setupInflux(o: InfluxSetupOptions): Promise<InfluxSetupResult> {
  const api = client(o.url, o.token, o.signal);
  const plan = bucketPlan(o);
  const orgID = await ensureOrg(api, o.org);
  const rawBucket = await ensureBucket(api, orgID, plan.raw);
  const longBucket = await ensureBucket(api, orgID, plan.longterm);
  const dailyBucket = await ensureBucket(api, orgID, plan.daily);
  const removedTasks = await removeLegacyTasks(api, orgID);
  const ids = [rawBucket.id, longBucket.id, dailyBucket.id];
  const perms = (actions: Permission['action'][]): Permission[] => actions.flatMap((action) => ids.map((id) => ({ action, resource: { type: 'buckets', id, orgID } })));
  const grafanaToken = await ensureToken(api, orgID, GRAFANA_TOKEN_DESC, perms(['read']));
  const processorToken = await ensureToken(api, orgID, PROCESSOR_TOKEN_DESC, perms(['write', 'read']));
  return { orgID, rawBucket, longBucket, dailyBucket, removedTasks, grafanaToken, processorToken };
}

/** The env file compose picks up (one KEY=value a line; tokens are opaque base64url-ish strings). */
export function tokensEnvFile(r: InfluxSetupResult, org: string): string {
  return [
    `INFLUX_ORG=${org}`,
    `INFLUX_BUCKET=${r.rawBucket.name}`,
    `INFLUX_LONGTERM_BUCKET=${r.longBucket.name}`,
    `INFLUX_DAILY_BUCKET=${r.dailyBucket.name}`,
    `INFLUX_GRAFANA_TOKEN=${r.grafanaToken}`,
    `INFLUX_PROCESSOR_TOKEN=${r.processorToken}`,
    '',
  ].join('\n');
}

// ---- CLI: the only part that reads env ------------------------------------------------

const days = (def: number) => z.coerce.number().int().positive().default(def);
/** 0 = forever. */
const daysOrForever = (def: number) => z.coerce.number().int().nonnegative().default(def);
const path = z.string().min(1).optional();
const cliEnv = z.object({
  INFLUX_URL: z.url({ error: 'required, e.g. http://influxdb:8086' }),
  INFLUX_ADMIN_TOKEN: z.string().min(1).optional(),
  // Compose hands the operator token over as a file (secrets-init wrote it), never as env.
  INFLUX_ADMIN_TOKEN_FILE: path,
  INFLUX_TOKEN: z.string().min(1).optional(),
  INFLUX_ORG: z.string().min(1).default('tickflow'),
  INFLUX_BUCKET: z.string().min(1).default(BUCKETS.raw.name),
  INFLUX_LONGTERM_BUCKET: z.string().min(1).default(BUCKETS.longterm.name),
  INFLUX_DAILY_BUCKET: z.string().min(1).default(BUCKETS.daily.name),
  INFLUX_RAW_RETENTION_DAYS: days(BUCKETS.raw.retentionDays),
  INFLUX_LONGTERM_RETENTION_DAYS: days(BUCKETS.longterm.retentionDays),
  INFLUX_DAILY_RETENTION_DAYS: daysOrForever(BUCKETS.daily.retentionDays),
  INFLUX_TOKENS_FILE: path,
  // One raw token per file, each in a volume only its consumer mounts (compose).
  INFLUX_GRAFANA_TOKEN_FILE: path,
  INFLUX_PROCESSOR_TOKEN_FILE: path,
  INFLUX_SETUP_WAIT_SECONDS: z.coerce.number().int().nonnegative().default(60),
});

/** Writes a secret (no newline) readable by owner and group only. */
async function writeSecret(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, { mode: 0o640 });
  await chmod(file, 0o640);
}

async function cli(log: Logger, signal: AbortSignal): Promise<void> {
  // An empty variable (compose's `${X:-}`) means unset.
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = cliEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const e = parsed.data;
  const fromFile = e.INFLUX_ADMIN_TOKEN_FILE ? (await readFile(e.INFLUX_ADMIN_TOKEN_FILE, 'utf8')).trim() : undefined;
  const token = e.INFLUX_ADMIN_TOKEN ?? (fromFile || undefined) ?? e.INFLUX_TOKEN;
  if (!token) throw new Error('Invalid configuration:\n  INFLUX_ADMIN_TOKEN: required (an operator/all-access token, or INFLUX_ADMIN_TOKEN_FILE naming a file that holds it)');
  await waitHealthy({ url: e.INFLUX_URL, seconds: e.INFLUX_SETUP_WAIT_SECONDS, log, signal });
  const r = await setupInflux({
    url: e.INFLUX_URL,
    token,
    org: e.INFLUX_ORG,
    rawBucket: e.INFLUX_BUCKET,
    longBucket: e.INFLUX_LONGTERM_BUCKET,
    rawRetentionDays: e.INFLUX_RAW_RETENTION_DAYS,
    longRetentionDays: e.INFLUX_LONGTERM_RETENTION_DAYS,
    dailyBucket: e.INFLUX_DAILY_BUCKET,
    dailyRetentionDays: e.INFLUX_DAILY_RETENTION_DAYS,
    signal,
  });
  const envText = tokensEnvFile(r, e.INFLUX_ORG);
  const summary = { org: e.INFLUX_ORG, rawBucket: r.rawBucket, longBucket: r.longBucket, dailyBucket: r.dailyBucket, removedTasks: r.removedTasks };
  const perConsumer = (
    [
      [e.INFLUX_GRAFANA_TOKEN_FILE, r.grafanaToken],
      [e.INFLUX_PROCESSOR_TOKEN_FILE, r.processorToken],
    ] as const
  ).filter((x): x is readonly [string, string] => Boolean(x[0]));
  for (const [file, token] of perConsumer) await writeSecret(file, token);
  if (perConsumer.length > 0 && !e.INFLUX_TOKENS_FILE) {
    process.stderr.write(`${JSON.stringify({ ...summary, tokenFiles: perConsumer.map(([f]) => f) })}\n`);
  } else if (e.INFLUX_TOKENS_FILE) {
    await mkdir(dirname(e.INFLUX_TOKENS_FILE), { recursive: true });
    await writeFile(e.INFLUX_TOKENS_FILE, envText, { mode: 0o600 });
    await chmod(e.INFLUX_TOKENS_FILE, 0o600);
    process.stderr.write(`${JSON.stringify({ ...summary, tokensFile: e.INFLUX_TOKENS_FILE })}\n`);
  } else {
    // No file: the tokens go to stdout (e.g. `... > tokens.env`), the summary to stderr.
    process.stdout.write(envText);
    process.stderr.write(`${JSON.stringify(summary)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // stdout may carry the tokens (see cli): logs go to stderr.
  const log = createLogger('influx-setup', 'info');
  // As a container's PID 1, Node ignores SIGTERM unless it handles it: stop waiting, exit.
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => stop.abort(name);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  cli(log, stop.signal).catch((err: unknown) => {
    process.stderr.write(`influxdb setup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(stop.signal.aborted ? 128 + (stop.signal.reason === 'SIGINT' ? 2 : 15) : 1);
  });
}
