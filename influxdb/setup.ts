/**
 * InfluxDB setup as code: org, raw + long-term buckets (with retention), the downsampling
 * tasks in influxdb/tasks/*.flux, and two least-privilege tokens (Grafana: read both
 * buckets; processor: write the raw bucket). Idempotent: creates what is missing, fixes
 * retention and task scripts that drifted, reuses tokens that still have the right rights.
 *
 * Library: setupInflux(options). CLI (`node --import tsx influxdb/setup.ts`): reads env,
 * see influxdb/README.md. Only the CLI part below reads process.env.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger, type Logger } from '@tickflow/common';
import { z } from 'zod';
import { waitHealthy } from './wait-healthy.js';

export interface InfluxSetupOptions {
  url: string;
  /** An operator or all-access token (the one DOCKER_INFLUXDB_INIT_ADMIN_TOKEN sets). */
  token: string;
  org: string;
  rawBucket?: string;
  longBucket?: string;
  rawRetentionDays?: number;
  longRetentionDays?: number;
  /** Directory of *.flux task scripts; default influxdb/tasks next to this file. */
  tasksDir?: string;
  /** Aborts the request in flight (SIGTERM). */
  signal?: AbortSignal;
}

export interface InfluxSetupResult {
  orgID: string;
  rawBucket: { id: string; name: string; retentionSeconds: number };
  longBucket: { id: string; name: string; retentionSeconds: number };
  tasks: { id: string; name: string; status: string }[];
  /** Read on both buckets, nothing else: for the Grafana datasource. */
  grafanaToken: string;
  /** Write on the raw bucket (and read, for the client's health checks): for the processor. */
  processorToken: string;
}

/** influxdb/tasks next to this file; when bundled (dist/), influxdb/tasks under the working directory. */
export const DEFAULT_TASKS_DIR = [resolve(import.meta.dirname, 'tasks'), resolve(process.cwd(), 'influxdb/tasks')].find((d) => existsSync(d)) ?? resolve(import.meta.dirname, 'tasks');
const DAY_S = 86_400;
const GRAFANA_TOKEN_DESC = 'tickflow grafana (read raw + long-term)';
const PROCESSOR_TOKEN_DESC = 'tickflow processor (write raw)';

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

/** Rewrites a task script's bucket bindings (`raw_bucket = "..."`, `long_bucket = "..."`). */
export function renderTask(flux: string, buckets: { rawBucket: string; longBucket: string }): string {
  const bind = (src: string, name: string, value: string): string => {
    const re = new RegExp(`^${name} = ".*"$`, 'm');
    if (!re.test(src)) throw new Error(`task script has no line \`${name} = "..."\``);
    return src.replace(re, `${name} = ${JSON.stringify(value)}`);
  };
  return bind(bind(flux, 'raw_bucket', buckets.rawBucket), 'long_bucket', buckets.longBucket);
}

/** The task name from `option task = {name: "...", ...}`. */
export function taskName(flux: string): string {
  const m = /^option task = \{\s*name:\s*"([^"]+)"/m.exec(flux);
  if (!m?.[1]) throw new Error('task script has no `option task = {name: "...", ...}`');
  return m[1];
}

/** Task scripts in a directory, sorted by file name, as {file, flux}. */
export async function readTasks(dir = DEFAULT_TASKS_DIR): Promise<{ file: string; flux: string }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.flux')).sort();
  return Promise.all(files.map(async (file) => ({ file, flux: await readFile(join(dir, file), 'utf8') })));
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

async function ensureBucket(api: Api, orgID: string, name: string, retentionSeconds: number) {
  const q = `/api/v2/buckets?orgID=${orgID}&name=${encodeURIComponent(name)}`;
  const existing = (await api<{ buckets?: { id: string; retentionRules: { everySeconds: number }[] }[] }>('GET', q)).buckets?.[0];
  const retentionRules = [{ type: 'expire', everySeconds: retentionSeconds }];
  if (!existing) {
    const b = await api<{ id: string }>('POST', '/api/v2/buckets', { orgID, name, retentionRules });
    return { id: b.id, name, retentionSeconds };
  }
  if (existing.retentionRules[0]?.everySeconds !== retentionSeconds) {
    await api('PATCH', `/api/v2/buckets/${existing.id}`, { retentionRules });
  }
  return { id: existing.id, name, retentionSeconds };
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

async function ensureTask(api: Api, orgID: string, flux: string) {
  const name = taskName(flux);
  const { tasks = [] } = await api<{ tasks?: { id: string; name: string; flux: string; status: string }[] }>(
    'GET',
    `/api/v2/tasks?orgID=${orgID}&name=${encodeURIComponent(name)}`,
  );
  const existing = tasks.find((t) => t.name === name);
  if (!existing) return api<{ id: string; name: string; status: string }>('POST', '/api/v2/tasks', { orgID, flux, status: 'active' });
  if (existing.flux === flux && existing.status === 'active') return existing;
  return api<{ id: string; name: string; status: string }>('PATCH', `/api/v2/tasks/${existing.id}`, { flux, status: 'active' });
}

export async function setupInflux(o: InfluxSetupOptions): Promise<InfluxSetupResult> {
  const api = client(o.url, o.token, o.signal);
  const names = { rawBucket: o.rawBucket ?? 'tickflow', longBucket: o.longBucket ?? 'tickflow_longterm' };
  const orgID = await ensureOrg(api, o.org);
  const rawBucket = await ensureBucket(api, orgID, names.rawBucket, (o.rawRetentionDays ?? 7) * DAY_S);
  const longBucket = await ensureBucket(api, orgID, names.longBucket, (o.longRetentionDays ?? 365) * DAY_S);
  const tasks = [];
  for (const t of await readTasks(o.tasksDir)) {
    const task = await ensureTask(api, orgID, renderTask(t.flux, names));
    tasks.push({ id: task.id, name: task.name, status: task.status });
  }
  const bucketPerm = (action: Permission['action'], id: string): Permission => ({ action, resource: { type: 'buckets', id, orgID } });
  const grafanaToken = await ensureToken(api, orgID, GRAFANA_TOKEN_DESC, [bucketPerm('read', rawBucket.id), bucketPerm('read', longBucket.id)]);
  const processorToken = await ensureToken(api, orgID, PROCESSOR_TOKEN_DESC, [bucketPerm('write', rawBucket.id), bucketPerm('read', rawBucket.id)]);
  return { orgID, rawBucket, longBucket, tasks, grafanaToken, processorToken };
}

/** The env file compose picks up (one KEY=value a line; tokens are opaque base64url-ish strings). */
export function tokensEnvFile(r: InfluxSetupResult, org: string): string {
  return [
    `INFLUX_ORG=${org}`,
    `INFLUX_BUCKET=${r.rawBucket.name}`,
    `INFLUX_LONGTERM_BUCKET=${r.longBucket.name}`,
    `INFLUX_GRAFANA_TOKEN=${r.grafanaToken}`,
    `INFLUX_PROCESSOR_TOKEN=${r.processorToken}`,
    '',
  ].join('\n');
}

// ---- CLI: the only part that reads env ------------------------------------------------

const days = (def: number) => z.coerce.number().int().positive().default(def);
const path = z.string().min(1).optional();
const cliEnv = z.object({
  INFLUX_URL: z.url({ error: 'required, e.g. http://influxdb:8086' }),
  INFLUX_ADMIN_TOKEN: z.string().min(1).optional(),
  // Compose hands the operator token over as a file (secrets-init wrote it), never as env.
  INFLUX_ADMIN_TOKEN_FILE: path,
  INFLUX_TOKEN: z.string().min(1).optional(),
  INFLUX_ORG: z.string().min(1).default('tickflow'),
  INFLUX_BUCKET: z.string().min(1).default('tickflow'),
  INFLUX_LONGTERM_BUCKET: z.string().min(1).default('tickflow_longterm'),
  INFLUX_RAW_RETENTION_DAYS: days(7),
  INFLUX_LONGTERM_RETENTION_DAYS: days(365),
  INFLUX_TOKENS_FILE: path,
  // One raw token per file, each in a volume only its consumer mounts (compose).
  INFLUX_GRAFANA_TOKEN_FILE: path,
  INFLUX_PROCESSOR_TOKEN_FILE: path,
  INFLUX_SETUP_WAIT_SECONDS: z.coerce.number().int().nonnegative().default(60),
  INFLUX_TASKS_DIR: z.string().min(1).optional(),
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
    tasksDir: e.INFLUX_TASKS_DIR,
    signal,
  });
  const envText = tokensEnvFile(r, e.INFLUX_ORG);
  const summary = { org: e.INFLUX_ORG, rawBucket: r.rawBucket, longBucket: r.longBucket, tasks: r.tasks };
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
