import { sleep } from '@tickflow/common';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTasks, setupInflux, taskName, type InfluxSetupOptions, type InfluxSetupResult } from '../../influxdb/setup.js';
import { serviceEnv, uniqueName } from '../support/env.js';

// Setup runs in an org of its own, so its buckets, tasks and tokens never touch other tests.
const { INFLUX_URL, INFLUX_TOKEN } = serviceEnv();
const opts: InfluxSetupOptions = {
  url: INFLUX_URL,
  token: INFLUX_TOKEN,
  org: uniqueName('setup-org'),
  rawBucket: 'raw',
  longBucket: 'long',
  rawRetentionDays: 3,
  longRetentionDays: 30,
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
  // Deleting an org leaves its tasks behind: delete them first.
  for (const t of result?.tasks ?? []) await api(`/api/v2/tasks/${t.id}`, { method: 'DELETE' });
  if (result) await api(`/api/v2/orgs/${result.orgID}`, { method: 'DELETE' });
});

describe('setupInflux', () => {
  it('creates both buckets with their retention', async () => {
    const { body } = await api<{ buckets: { name: string; retentionRules: { everySeconds: number }[] }[] }>(`/api/v2/buckets?orgID=${result.orgID}`);
    const retention = Object.fromEntries(body.buckets.map((b) => [b.name, b.retentionRules[0]?.everySeconds ?? 0]));
    expect(retention.raw).toBe(3 * 86_400);
    expect(retention.long).toBe(30 * 86_400);
  });

  it('is idempotent: a second run reuses tokens and tasks, and fixes drifted retention', async () => {
    const again = await setupInflux({ ...opts, rawRetentionDays: 7 });
    expect(again.grafanaToken).toBe(result.grafanaToken);
    expect(again.processorToken).toBe(result.processorToken);
    expect(again.tasks.map((t) => t.id)).toEqual(result.tasks.map((t) => t.id));
    expect(again.rawBucket.id).toBe(result.rawBucket.id);
    const { body } = await api<{ retentionRules: { everySeconds: number }[] }>(`/api/v2/buckets/${result.rawBucket.id}`);
    expect(body.retentionRules[0]?.everySeconds).toBe(7 * 86_400);
  });

  it('installs one active task per Flux file, bound to the configured buckets', async () => {
    const files = await readTasks();
    expect(files.map((f) => taskName(f.flux)).sort()).toEqual(result.tasks.map((t) => t.name).sort());
    for (const t of result.tasks) {
      const { body } = await api<{ status: string; every: string; offset: string; flux: string }>(`/api/v2/tasks/${t.id}`);
      const file = files.find((f) => taskName(f.flux) === t.name)?.flux ?? '';
      const [, every, offset] = /every: (\w+), offset: (\w+)/.exec(file) ?? [];
      expect(body).toMatchObject({ status: 'active', every, offset });
      expect(body.flux).toContain('raw_bucket = "raw"');
      expect(body.flux).toContain('long_bucket = "long"');
    }
  });

  it('gives Grafana a read-only token and the processor a raw-bucket write token', async () => {
    const line = [`quote,symbol=PERM price=1,volume=0 ${Date.now() - 60_000}`];
    expect((await write('raw', line, result.processorToken)).status).toBe(204);
    expect((await write('long', line, result.processorToken)).status).toBeGreaterThanOrEqual(400);
    expect((await write('raw', line, result.grafanaToken)).status).toBe(403);
    expect((await write('long', line, result.grafanaToken)).status).toBe(403);
    for (const bucket of ['raw', 'long']) {
      const q = await query(`from(bucket: "${bucket}") |> range(start: -1h) |> limit(n: 1)`, result.grafanaToken);
      expect(q.status, `${bucket}: ${q.body}`).toBe(200);
    }
    const { body } = await api<{ authorizations: { token: string; permissions: { action: string; resource: { type: string; id?: string } }[] }[] }>(
      `/api/v2/authorizations?orgID=${result.orgID}`,
    );
    const grafana = body.authorizations.find((a) => a.token === result.grafanaToken);
    expect(grafana?.permissions.map((p) => `${p.action}:${p.resource.type}:${p.resource.id}`).sort()).toEqual(
      [`read:buckets:${result.longBucket.id}`, `read:buckets:${result.rawBucket.id}`].sort(),
    );
  });

  it('the CLI reads env and writes the tokens to INFLUX_TOKENS_FILE (mode 600)', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'tickflow-setup-')), 'influx-tokens.env');
    const env = {
      INFLUX_URL,
      INFLUX_ADMIN_TOKEN: INFLUX_TOKEN,
      INFLUX_ORG: opts.org,
      INFLUX_BUCKET: 'raw',
      INFLUX_LONGTERM_BUCKET: 'long',
      INFLUX_RAW_RETENTION_DAYS: '7',
      INFLUX_LONGTERM_RETENTION_DAYS: '30',
      INFLUX_TOKENS_FILE: file,
    };
    const run = await runScript('influxdb/setup.ts', env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`INFLUX_GRAFANA_TOKEN=${result.grafanaToken}\n`);
    expect(text).toContain(`INFLUX_PROCESSOR_TOKEN=${result.processorToken}\n`);
    expect(text).toContain(`INFLUX_BUCKET=raw\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(run.stderr).not.toContain(result.grafanaToken);

    const bad = await runScript('influxdb/setup.ts', { INFLUX_URL: 'not a url', INFLUX_ADMIN_TOKEN: 'x' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INFLUX_URL');
  });
});

describe('downsampling tasks (run by InfluxDB\'s task engine over seeded data)', () => {
  // The last complete hour but one, well inside the raw bucket's retention.
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  const prices = [101.5, 103.25, 99.75, 104, 102.5, 100.25];
  const volumes = [10, 0, 25, 5, 7, 3];

  beforeAll(async () => {
    const lines: string[] = [];
    prices.forEach((p, i) => lines.push(`quote,symbol=ACME price=${p},volume=${volumes[i]} ${hour + i * 600_000 + 1000}`));
    // Just outside the hour on both sides: must not count.
    lines.push(`quote,symbol=ACME price=1,volume=1000 ${hour - 1}`, `quote,symbol=ACME price=999,volume=1000 ${hour + 3_600_000}`);
    // Per-partition, per-minute partials as the processor writes them.
    for (const [partition, minute, revenue, orders] of [[0, 0, 100, 2], [1, 0, 50.5, 1], [0, 30, 1200, 1], [2, 59, 10, 1]] as const) {
      lines.push(`sales,dim=category,key=Books,partition=${partition},window=60s revenue=${revenue},orders=${orders},units=${orders * 2},high_ticket=${revenue >= 1000 ? 1 : 0} ${hour + minute * 60_000}`);
    }
    lines.push(`sales,dim=category,key=Books,partition=0,window=60s revenue=7,orders=1,units=1,high_ticket=0 ${hour + 3_600_000}`);
    // sales_cube partials: two partitions of one cell, another cell, one outside the hour.
    const cell = (city: string, p: number) => `sales_cube,category=Books,city=${city},country=FR,partition=${p},payment_method=card,segment=consumer,window=60s`;
    lines.push(`${cell('Paris', 0)} revenue=30,orders=1,units=1,high_ticket=0 ${hour + 60_000}`);
    lines.push(`${cell('Paris', 1)} revenue=1000.5,orders=1,units=3,high_ticket=1 ${hour + 45 * 60_000}`);
    lines.push(`${cell('Lyon', 1)} revenue=12,orders=2,units=2,high_ticket=0 ${hour + 10 * 60_000}`);
    lines.push(`${cell('Paris', 0)} revenue=99,orders=1,units=1,high_ticket=0 ${hour + 3_600_000}`);
    expect((await write('raw', lines, result.processorToken)).status).toBe(204);
    for (const t of result.tasks) await runTaskOnce(t.id, new Date(hour + 3_600_000).toISOString());
  });

  async function runTaskOnce(taskId: string, scheduledFor: string): Promise<void> {
    const started = await api<{ id: string }>(`/api/v2/tasks/${taskId}/runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scheduledFor }),
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    for (let i = 0; i < 120; i++) {
      const { body } = await api<{ status: string; log?: { message: string }[] }>(`/api/v2/tasks/${taskId}/runs/${started.body.id}`);
      if (body.status === 'success') return;
      if (body.status === 'failed' || body.status === 'canceled') throw new Error(`task run ${body.status}: ${JSON.stringify(body.log)}`);
      await sleep(250);
    }
    throw new Error(`task ${taskId} run did not finish`);
  }

  const longRows = async (measurement: string) => {
    const q = await query(
      `from(bucket: "long") |> range(start: 0) |> filter(fn: (r) => r._measurement == "${measurement}")
        |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> group()`,
      result.grafanaToken,
    );
    expect(q.status, q.body).toBe(200);
    const [header, ...rows] = q.body.trim().split(/\r?\n/).map((l) => l.split(','));
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
  };

  it('candles-1h writes one OHLCV candle per symbol and hour, at the hour start', async () => {
    const rows = await longRows('candle');
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(Date.parse(c._time!)).toBe(hour);
    expect(c.symbol).toBe('ACME');
    expect(c.interval).toBe('1h');
    expect(Number(c.open)).toBe(prices[0]);
    expect(Number(c.high)).toBe(Math.max(...prices));
    expect(Number(c.low)).toBe(Math.min(...prices));
    expect(Number(c.close)).toBe(prices.at(-1));
    expect(Number(c.volume)).toBe(volumes.reduce((a, b) => a + b, 0));
    expect(Number(c.trades)).toBe(prices.length);
  });

  it('sales-1h sums the partials across partitions and minutes', async () => {
    const rows = await longRows('sales');
    expect(rows).toHaveLength(1);
    const s = rows[0]!;
    expect(Date.parse(s._time!)).toBe(hour);
    expect(s).toMatchObject({ dim: 'category', key: 'Books', window: '1h' });
    expect(s.partition ?? '').toBe('');
    expect(Number(s.revenue)).toBeCloseTo(100 + 50.5 + 1200 + 10, 9);
    expect(Number(s.orders)).toBe(5);
    expect(Number(s.units)).toBe(10);
    expect(Number(s.high_ticket)).toBe(1);
  });

  it('sales-1h sums the sales_cube partials per cell, across partitions and minutes', async () => {
    const rows = (await longRows('sales_cube')).sort((a, b) => String(a.city).localeCompare(String(b.city)));
    expect(rows.map((r) => [r.city, r.category, r.country, r.segment, r.payment_method, r.window, r.partition ?? ''])).toEqual([
      ['Lyon', 'Books', 'FR', 'consumer', 'card', '1h', ''],
      ['Paris', 'Books', 'FR', 'consumer', 'card', '1h', ''],
    ]);
    expect(rows.map((r) => [Date.parse(r._time!), Number(r.revenue), Number(r.orders), Number(r.units), Number(r.high_ticket)])).toEqual([
      [hour, 12, 2, 2, 0],
      [hour, 1030.5, 2, 4, 1],
    ]);
  });

  it('candles-1d turns the hourly candles of a day into one daily candle', async () => {
    const daily = result.tasks.find((t) => t.name === 'tickflow-candles-1d');
    expect(daily).toBeDefined();
    // Two hourly candles of a past day (a run scheduled in the future would wait for it).
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
    const hourly = [
      [day + 3_600_000, 10, 12, 9, 11, 100, 5],
      [day + 5 * 3_600_000, 11, 11.5, 8.5, 9.5, 50, 2],
    ] as const;
    const lines = hourly.map(([t, o, h, l, c, v, n]) => `candle,interval=1h,symbol=DAYS open=${o},high=${h},low=${l},close=${c},volume=${v},trades=${n} ${t}`);
    expect((await write('long', lines, INFLUX_TOKEN)).status).toBe(204);
    await runTaskOnce(daily!.id, new Date(day + 86_400_000).toISOString());
    const rows = (await longRows('candle')).filter((r) => r.interval === '1d');
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c.symbol).toBe('DAYS');
    expect(Date.parse(c._time!)).toBe(day);
    expect([c.open, c.high, c.low, c.close, c.volume, c.trades].map(Number)).toEqual([10, 12, 8.5, 9.5, 150, 7]);
  });
});
