// @vitest-environment jsdom
// (Grafana's frontend packages, which build the panel's query as Grafana sends it, expect a DOM.)
import { InfluxDB } from '@influxdata/influxdb-client';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMaxDataPoints, queryIntervalMs } from '../../grafana/check/time.js';
import { dashboardVariables, type VariableModel } from '../../grafana/check/variables.js';
import { interpolateFluxMacros } from '../../grafana/model/interpolate.js';
import { COMMANDS } from '../../producer/src/commands/index.js';
import { container, healthcheck, runOnce, start, type Container, type RunContext, type Running } from '../support/compose-run.js';
import { stage } from '../support/dockerfile.js';
import { uniqueName, serviceEnv } from '../support/env.js';
import { buildImageLayout, type ImageLayout } from '../support/image-layout.js';
import { serverNow } from '../support/influx.js';
import { freePort, startFreshInfluxd, type PrivateInfluxd } from '../support/influxd.js';
import { withAdmin } from '../support/kafka.js';
import { waitFor } from '../support/processes.js';
import { execArgv, interpolateAll, parseYaml, readText, ROOT, usesAppImage, type ComposeFile, type Service } from '../unit/compose-file.js';

// `docker compose --profile offline up` rehearsed without Docker: the image layout built the
// Dockerfile's way, then every app service started from it with the environment compose gives
// it, in depends_on order. Kafka is the test broker; InfluxDB is a fresh influxd onboarded from
// the generated secret files exactly as the influxdb image's entrypoint does; Grafana is modelled
// by its provisioned datasource (URL, org, bucket, $__file token) and a dashboard's query.

const raw = parseYaml(readText('docker-compose.yml')) as ComposeFile;
const PROFILES = new Set(['offline']);
/** Services not started here, and why. */
const NOT_RUN: Record<string, string> = {
  producer: 'live Yahoo polling needs the internet; tests have no network (its command and config: test/unit/compose-services.test.ts)',
};
const REPLAY_SYMBOL = 'RHAAPL';
const DATA_ROWS = readText('datasets/aapl-daily-2015-2017.csv').split('\n').filter((l) => l.trim()).length - 1;

let tmp = '';
let layout: ImageLayout;
let influx: PrivateInfluxd | undefined;
let compose: ComposeFile;
let dotenv: Record<string, string>;
let ctx: RunContext;
let alertPort = 0;
const running = new Map<string, Running>();
const svc = (name: string): Service => compose.services[name] as Service;
const ct = (name: string): Container => container(name, svc(name), dotenv, ctx, name === 'alert-sink' ? { 9094: alertPort } : {});
const active = () => Object.entries(compose.services).filter(([, s]) => !s.profiles || s.profiles.some((p) => PROFILES.has(p)));

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tickflow-rehearsal-'));
  layout = buildImageLayout(ROOT, join(tmp, 'image'));
  influx = await startFreshInfluxd(join(tmp, 'influxd'));
  alertPort = await freePort();
  // What a user would put in .env to run beside other stacks: own topics, group, symbol; and
  // a fast replay (100 file days per second: the 3-year file in ~11 s).
  dotenv = {
    TICKFLOW_QUOTES_TOPIC: uniqueName('rh-quotes'),
    TICKFLOW_SALES_TOPIC: uniqueName('rh-sales'),
    TICKFLOW_METRICS_TOPIC: uniqueName('rh-metrics'),
    TICKFLOW_KAFKA_GROUP_ID: uniqueName('rh-group'),
    TICKFLOW_TOPIC_PARTITIONS: '2',
    TICKFLOW_REPLAY_SYMBOL: REPLAY_SYMBOL,
    TICKFLOW_REPLAY_SPEED: '8640000',
  };
  compose = interpolateAll(raw, dotenv);
  ctx = {
    repo: ROOT,
    imageRoot: layout.stageRoot('runtime'),
    runtime: stage(layout.model, 'runtime'),
    stateDir: join(tmp, 'state'),
    hosts: { 'kafka:9092': serviceEnv().KAFKA_BROKERS, 'http://influxdb:8086': influx.url, 'alert-sink:9094': `127.0.0.1:${alertPort}` },
  };
}, 600_000);

afterAll(async () => {
  for (const r of running.values()) await r.stop();
  await influx?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the image', () => {
  it('holds each bundle the build produces and no sources', () => {
    const dist = join(layout.stageRoot('runtime'), 'app/dist');
    for (const f of ['producer.js', 'processor.js', 'alert-sink.js', 'secrets-init.js']) expect(statSync(join(dist, f)).isFile(), f).toBe(true);
    const files = [...(layout.plan.stages.get('runtime')?.keys() ?? [])];
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('--help works with an EMPTY environment, for the producer, each of its commands and the processor', () => {
    const runtime = ct('producer-sales');
    const cases = [['dist/producer.js', '--help'], ...COMMANDS.map((c) => ['dist/producer.js', c.name, '--help']), ['dist/processor.js', '--help']];
    const failed: string[] = [];
    for (const args of cases) {
      const r = runOnce({ ...runtime, env: {} }, ['node', ...args]);
      if (r.code !== 0 || !/usage/i.test(r.output)) failed.push(`node ${args.join(' ')}: exit ${r.code}: ${r.output.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  });
});

describe('docker compose --profile offline up, rehearsed', () => {
  it('secrets-init generates each secret once (0640), logs only where the Grafana password is, and keeps them on the next start', () => {
    const c = ct('secrets-init');
    const first = runOnce(c, svc('secrets-init').command as string[]);
    expect(first.code, first.output).toBe(0);
    const files = ['INFLUX_ADMIN_PASSWORD_FILE', 'INFLUX_ADMIN_TOKEN_FILE', 'GRAFANA_ADMIN_PASSWORD_FILE'].map((v) => c.env[v] as string);
    const values = files.map((f) => readFileSync(f, 'utf8'));
    for (const [i, f] of files.entries()) {
      expect(statSync(f).mode & 0o777, f).toBe(0o640);
      expect(values[i]?.length, f).toBeGreaterThanOrEqual(24);
      expect(first.output).not.toContain(values[i]);
    }
    expect(first.output).toContain(`docker compose exec grafana cat ${c.env.GRAFANA_ADMIN_PASSWORD_FILE}`);
    const again = runOnce(c, svc('secrets-init').command as string[]);
    expect(again.code).toBe(0);
    expect(again.output).not.toContain('docker compose exec grafana cat');
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(values);
  });

  it('influxdb (its image entrypoint, modelled) onboards with the generated password and token', async () => {
    const c = ct('influxdb');
    const e = c.env;
    const read = (v: string) => readFileSync(e[v] as string, 'utf8').trim();
    const body = { username: e.DOCKER_INFLUXDB_INIT_USERNAME, password: read('DOCKER_INFLUXDB_INIT_PASSWORD_FILE'), token: read('DOCKER_INFLUXDB_INIT_ADMIN_TOKEN_FILE') };
    const res = await fetch(`${influx?.url}/api/v2/setup`, { method: 'POST', body: JSON.stringify({ ...body, org: e.DOCKER_INFLUXDB_INIT_ORG, bucket: e.DOCKER_INFLUXDB_INIT_BUCKET }) });
    expect(res.status, await res.text()).toBe(201);
    const signin = await fetch(`${influx?.url}/api/v2/signin`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${body.username}:${body.password}`).toString('base64')}` } });
    expect(signin.status).toBe(204);
    // Its health check (`influx ping`) asks /health.
    expect((await fetch(`${influx?.url}/health`)).ok).toBe(true);
  });

  it('kafka-init (modelled) creates the topics its script names', async () => {
    const e = svc('kafka-init').environment as Record<string, string>;
    const n = Number(e.TOPIC_PARTITIONS);
    const topics = [e.QUOTES_TOPIC, e.SALES_TOPIC].flatMap((t) => [{ topic: t as string, numPartitions: n }, { topic: `${t}.dlq`, numPartitions: 1 }]);
    const all = [...topics, { topic: e.METRICS_TOPIC as string, numPartitions: 1 }];
    await withAdmin((a) => a.createTopics({ topics: all, waitForLeaders: true }));
    const listed = await withAdmin((a) => a.listTopics());
    expect(listed).toEqual(expect.arrayContaining(all.map((t) => t.topic)));
  });

  it('starts every app service in depends_on order: one-shots exit 0, the rest pass their health checks', async () => {
    // app-image only builds the image (here: the layout built in beforeAll).
    // ready is run once all are healthy (below).
    const done = new Set(['app-image', 'secrets-init', 'influxdb', 'kafka', 'kafka-init', 'ready']);
    const apps = active().filter(([n, s]) => usesAppImage(s) && !done.has(n) && !NOT_RUN[n]);
    expect(apps.map(([n]) => n).sort()).toEqual(['alert-sink', 'archiver', 'influx-setup', 'processor', 'producer-replay', 'producer-sales', 'producer-sim']);
    for (const [n] of active()) if (NOT_RUN[n]) expect(Object.values(compose.services).some((o) => o.depends_on?.[n]), `${n} is needed by another service`).toBe(false);
    const pending = [...apps];
    while (pending.length > 0) {
      const i = pending.findIndex(([, s]) => Object.keys(s.depends_on ?? {}).every((d) => done.has(d) || !usesAppImage(compose.services[d] ?? {})));
      expect(i, `no startable service among ${pending.map(([n]) => n).join(', ')}`).toBeGreaterThanOrEqual(0);
      const [name, s] = pending.splice(i, 1)[0] as [string, Service];
      const r = start(ct(name), execArgv(s));
      running.set(name, r);
      const neededToFinish = Object.values(compose.services).some((o) => o.depends_on?.[name]?.condition === 'service_completed_successfully');
      if (s.restart === 'no' && neededToFinish) expect(await r.exit, `${name}:\n${r.output()}`).toBe(0);
      done.add(name);
    }
    for (const [name, s] of apps) {
      const r = running.get(name) as Running;
      if (s.restart === 'no') {
        expect(await r.exit, `${name}:\n${r.output()}`).toBe(0);
        continue;
      }
      const hc = healthcheck(s, ctx.runtime);
      expect(hc, `${name} has a health check`).toBeDefined();
      const c = ct(name);
      await waitFor(`${name} healthy:\n${r.output().slice(-2000)}`, async () => r.child.exitCode === null && runOnce(c, hc as string[]).code === 0, 90_000, 1000);
    }
    // Everything healthy: ready prints its one line, with the password command that works.
    const ready = runOnce(ct('ready'), execArgv(svc('ready')));
    expect(ready.code).toBe(0);
    const line = ready.output.trim();
    expect(line.split('\n')).toHaveLength(1);
    const cmd = /password: docker compose exec grafana (cat \S+)$/.exec(line)?.[1] ?? '';
    expect(runOnce(ct('grafana'), cmd).output).toBe(readFileSync(ct('grafana').env.GF_SECURITY_ADMIN_PASSWORD__FILE as string, 'utf8'));
    // The scoped tokens reached their files (0640) and no log.
    const setup = ct('influx-setup');
    for (const v of ['INFLUX_GRAFANA_TOKEN_FILE', 'INFLUX_PROCESSOR_TOKEN_FILE']) {
      const file = setup.env[v] as string;
      expect(statSync(file).mode & 0o777, file).toBe(0o640);
      const token = readFileSync(file, 'utf8');
      expect(token.length).toBeGreaterThan(20);
      for (const [name, r] of running) expect(r.output(), `${name} logs a token`).not.toContain(token);
    }
  }, 420_000);

  it("Grafana's provisioned datasource, with its $__file token, shows the replayed file in the Markets dashboard's default range", async () => {
    const c = ct('grafana');
    expect(readFileSync(c.env.GF_SECURITY_ADMIN_PASSWORD__FILE as string, 'utf8').length).toBeGreaterThanOrEqual(24);
    const ds = (parseYaml(readText('grafana/provisioning/datasources/influxdb.yaml')) as { datasources: { url: string; jsonData: Record<string, string>; secureJsonData: Record<string, string> }[] }).datasources[0];
    const expand = (v = '') => v.replace(/\$__file\{([^}]+)\}/g, (_, p: string) => readFileSync(c.map(p), 'utf8').trim()).replace(/\$\{(\w+)\}/g, (_, n: string) => c.env[n] ?? '');
    const [url, org, bucket, token] = [expand(ds?.url), expand(ds?.jsonData.organization), expand(ds?.jsonData.defaultBucket), expand(ds?.secureJsonData.token)];
    expect(url).toBe(influx?.url);
    const query = new InfluxDB({ url, token, timeout: 30_000 }).getQueryApi(org);
    const dashboard = JSON.parse(readText('grafana/dashboards/markets.json')) as {
      time: { from: string };
      templating?: { list: VariableModel[] };
      panels: { type?: string; title?: string; gridPos: { w: number }; maxDataPoints?: number; targets?: { query?: string }[] }[];
    };
    const m = /^now-(\d+)([mhd])$/.exec(dashboard.time.from);
    const rangeMs = Number(m?.[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m?.[2] as 'm' | 'h' | 'd'];
    expect(rangeMs).toBeGreaterThan(0);
    const count = `from(bucket: ${JSON.stringify(bucket)}) |> range(start: -${rangeMs / 1000}s) |> filter(fn: (r) => r._measurement == "quote" and r._field == "price" and r.symbol == "${REPLAY_SYMBOL}") |> count()`;
    let n = 0;
    await waitFor(`${DATA_ROWS} replayed quotes in the last ${dashboard.time.from} (have ${n}):\n${running.get('processor')?.output().slice(-1500)}`, async () => {
      n = Number((await query.collectRows<{ _value: number }>(count))[0]?._value ?? 0);
      return n === DATA_ROWS;
    }, 120_000, 2000);
    // What the price chart shows: the first time series panel that reads quotes, its own query
    // as Grafana sends it with the symbol variable set to the replayed symbol.
    // Variables over the quote symbols select the replayed one; the others keep their defaults.
    // Scenes interpolates them, @grafana/data gives the query interval, the Flux macros follow.
    const list = dashboard.templating?.list ?? [];
    const replayed = Object.fromEntries(list.filter((v) => v.type === 'query' && String(v.query).includes('tag: "symbol"')).map((v) => [v.name, [REPLAY_SYMBOL]]));
    const vars = dashboardVariables(list, replayed, replayed);
    const panel = dashboard.panels.find((p) => p.type === 'timeseries' && p.targets?.some((t) => t.query?.includes('"quote"')));
    const to = new Date(await serverNow(query));
    const from = new Date(to.getTime() - rangeMs);
    const windowMs = queryIntervalMs(from.getTime(), to.getTime(), panel?.maxDataPoints ?? defaultMaxDataPoints(panel?.gridPos.w ?? 24));
    const rows = [];
    for (const t of panel?.targets ?? []) {
      const flux = interpolateFluxMacros(vars.interpolate(t.query ?? ''), { from, to, windowMs, defaultBucket: bucket, organization: org });
      rows.push(...(await query.collectRows<{ symbol?: string }>(flux)));
    }
    expect(rows.filter((r) => r.symbol === REPLAY_SYMBOL).length, `panel "${panel?.title}"`).toBeGreaterThan(0);
    // Least privilege: the datasource token cannot write.
    const write = await fetch(`${url}/api/v2/write?org=${org}&bucket=${bucket}`, { method: 'POST', headers: { Authorization: `Token ${token}` }, body: 'x v=1' });
    expect([401, 403, 404]).toContain(write.status);
  }, 240_000);
});
