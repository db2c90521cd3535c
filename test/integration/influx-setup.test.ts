import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_TASKS, setupInflux, type InfluxSetupOptions, type InfluxSetupResult } from '../../influxdb/setup.js';
import { serviceEnv, uniqueName } from '../support/env.js';
import { serverNow } from '../support/influx.js';

// Setup runs in an org of its own, so its buckets, tasks and tokens never touch other tests.
const { INFLUX_URL, INFLUX_TOKEN } = serviceEnv();
const opts: InfluxSetupOptions = {
  url: INFLUX_URL,
  token: INFLUX_TOKEN,
  org: uniqueName('setup-org'),
  rawBucket: 'raw',
  longBucket: 'long',
  dailyBucket: 'daily',
  rawRetentionDays: 3,
  longRetentionDays: 365,
  dailyRetentionDays: 0,
};
let result: InfluxSetupResult;

async function api<T>(path: string, init: RequestInit = {}, token = INFLUX_TOKEN): Promise<{ status: number; body: T }> {
  const res = await fetch(`${INFLUX_URL}${path}`, { ...init, headers: { Authorization: `Token ${token}`, ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}
const write = (bucket: string, lines: string[], token: string) =>
  api(`/api/v2/write?org=${encodeURIComponent(opts.org)}&bucket=${bucket}&precision=ms`, { method: 'POST', body: lines.join('\n') }, token);
const query = (flux: string, token: string) =>
  api<string>(`/api/v2/query?org=${encodeURIComponent(opts.org)}`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.flux' }, body: flux }, token);

/** Runs a TS entry point with exactly `env` (plus PATH), as an init container would. */
async function runScript(entry: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

beforeAll(async () => {
  result = await setupInflux(opts);
});

afterAll(async () => {
  if (result) await api(`/api/v2/orgs/${result.orgID}`, { method: 'DELETE' });
});

type Rule = { everySeconds: number; shardGroupDurationSeconds?: number };
const rules = async () => {
  const { body } = await api<{ buckets: { name: string; retentionRules: Rule[] }[] }>(`/api/v2/buckets?orgID=${result.orgID}`);
  return Object.fromEntries(body.buckets.map((b) => [b.name, b.retentionRules[0]]));
};

describe('setupInflux', () => {
  it('creates the three buckets with their retention and shard group duration (daily: forever)', async () => {
    const r = await rules();
    expect(r.raw?.everySeconds).toBe(3 * 86_400);
    expect(r.long).toMatchObject({ everySeconds: 365 * 86_400, shardGroupDurationSeconds: 28 * 86_400 });
    expect(r.daily?.everySeconds ?? 0).toBe(0);
    expect(r.daily?.shardGroupDurationSeconds).toBe(364 * 86_400);
    expect(result.removedTasks).toEqual([]);
  });

  it('is idempotent: a second run reuses tokens and buckets, and fixes drifted retention', async () => {
    const again = await setupInflux({ ...opts, rawRetentionDays: 7 });
    expect(again.grafanaToken).toBe(result.grafanaToken);
    expect(again.processorToken).toBe(result.processorToken);
    expect([again.rawBucket.id, again.longBucket.id, again.dailyBucket.id]).toEqual([result.rawBucket.id, result.longBucket.id, result.dailyBucket.id]);
    expect((await rules()).raw?.everySeconds).toBe(7 * 86_400);
  });

  it('deletes the downsampling tasks an older install left, so no hour is counted twice', async () => {
    const flux = (name: string) => `option task = {name: "${name}", every: 1h}\nfrom(bucket: "raw") |> range(start: -1h) |> to(bucket: "long")`;
    for (const name of [...LEGACY_TASKS, 'someone-elses-task']) {
      const made = await api<{ id: string }>('/api/v2/tasks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ orgID: result.orgID, flux: flux(name) }) });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const again = await setupInflux(opts);
    expect([...again.removedTasks].sort()).toEqual([...LEGACY_TASKS].sort());
    const { body } = await api<{ tasks: { id: string; name: string }[] }>(`/api/v2/tasks?orgID=${result.orgID}`);
    expect(body.tasks.map((t) => t.name)).toEqual(['someone-elses-task']);
    // Deleting an org leaves its tasks behind.
    for (const t of body.tasks) await api(`/api/v2/tasks/${t.id}`, { method: 'DELETE' });
  });

  it('gives Grafana a read-only token on the three buckets and the processor write + read on them', async () => {
    // InfluxDB's own clock judges range(start: -1h).
    const line = [`quote,symbol=PERM price=1,volume=0 ${(await serverNow()) - 60_000}`];
    for (const bucket of ['raw', 'long', 'daily']) {
      expect((await write(bucket, line, result.processorToken)).status, bucket).toBe(204);
      expect((await write(bucket, line, result.grafanaToken)).status, bucket).toBe(403);
      for (const token of [result.grafanaToken, result.processorToken]) {
        const q = await query(`from(bucket: "${bucket}") |> range(start: -1h) |> limit(n: 1)`, token);
        expect(q.status, `${bucket}: ${q.body}`).toBe(200);
        expect(q.body).toContain('PERM');
      }
    }
    const { body } = await api<{ authorizations: { token: string; permissions: { action: string; resource: { type: string; id?: string } }[] }[] }>(
      `/api/v2/authorizations?orgID=${result.orgID}`,
    );
    const perms = (token: string) => body.authorizations.find((a) => a.token === token)?.permissions.map((p) => `${p.action}:${p.resource.type}:${p.resource.id}`).sort();
    const ids = [result.rawBucket.id, result.longBucket.id, result.dailyBucket.id];
    expect(perms(result.grafanaToken)).toEqual(ids.map((id) => `read:buckets:${id}`).sort());
    expect(perms(result.processorToken)).toEqual(ids.flatMap((id) => [`read:buckets:${id}`, `write:buckets:${id}`]).sort());
  });

  it('the CLI reads env and writes the tokens to INFLUX_TOKENS_FILE (mode 600)', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'tickflow-setup-')), 'influx-tokens.env');
    const env = {
      INFLUX_URL,
      INFLUX_ADMIN_TOKEN: INFLUX_TOKEN,
      INFLUX_ORG: opts.org,
      INFLUX_BUCKET: 'raw',
      INFLUX_LONGTERM_BUCKET: 'long',
      INFLUX_DAILY_BUCKET: 'daily',
      INFLUX_RAW_RETENTION_DAYS: '7',
      INFLUX_LONGTERM_RETENTION_DAYS: '365',
      INFLUX_DAILY_RETENTION_DAYS: '0',
      INFLUX_TOKENS_FILE: file,
    };
    const run = await runScript('influxdb/setup.ts', env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`INFLUX_GRAFANA_TOKEN=${result.grafanaToken}\n`);
    expect(text).toContain(`INFLUX_PROCESSOR_TOKEN=${result.processorToken}\n`);
    expect(text).toContain(`INFLUX_BUCKET=raw\n`);
    expect(text).toContain(`INFLUX_DAILY_BUCKET=daily\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(run.stderr).not.toContain(result.grafanaToken);

    const bad = await runScript('influxdb/setup.ts', { INFLUX_URL: 'not a url', INFLUX_ADMIN_TOKEN: 'x' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INFLUX_URL');
  });
});
