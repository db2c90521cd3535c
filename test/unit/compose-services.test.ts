import { ConfigError } from '@tickflow/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokensEnvFile, type InfluxSetupResult } from '../../influxdb/setup.js';
import { loadArchiverConfig } from '../../archiver/src/config.js';
import { loadConfig as processorConfig } from '../../processor/src/config.js';
import { NODE_FLAGS as PROCESSOR_NODE_FLAGS } from '../../processor/src/defaults.js';
import { parseCli } from '../../producer/src/cli.js';
import { loadConfig as producerConfig } from '../../producer/src/config.js';
import { containerEnv, interpolateAll, nodeArgs, parseEnvFile, parseYaml, readText, referencedVars, ROOT, type ComposeFile, type Env } from './compose-file.js';

// Each container's environment, as compose builds it on a fresh clone (no .env: defaults
// only), must satisfy the real config schema of the program it runs.

const DOTENV: Env = {};
/** The commented-out defaults .env.example documents: they must be compose's defaults. */
const documentedDefaults = parseEnvFile(readText('.env.example').replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1')).values;
const compose = interpolateAll(parseYaml(readText('docker-compose.yml')) as ComposeFile, DOTENV);
const service = (name: string) => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** Variable names a config loader reports as missing when given an empty environment. */
function requiredVars(load: (env: Env) => unknown): string[] {
  try {
    load({});
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return [...err.message.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] as string);
  }
  return [];
}

describe('compose gives each service the configuration it requires', () => {
  it('processor: every required variable is set and its config loads', () => {
    const env = containerEnv(service('processor'), DOTENV);
    const required = requiredVars(processorConfig);
    expect(required).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN']));
    expect(required.filter((v) => !(v in env))).toEqual([]);
    const cfg = processorConfig(env);
    expect(cfg.kafka.brokers).toEqual(['kafka:9092']);
    expect(cfg.influx).toMatchObject({ url: 'http://influxdb:8086', org: 'tickflow', bucket: 'tickflow' });
    expect(cfg.kafka.sasl).toBeUndefined();
  });

  it('archiver: runs its service with a config that loads; archive on its volume by default, S3 by .env alone', () => {
    const s = service('archiver');
    expect(nodeArgs(s, 'dist/archiver.js')).toEqual([]);
    expect(s.volumes).toContain('archive-data:/data/archive');
    const cfg = loadArchiverConfig(containerEnv(s, DOTENV));
    expect(cfg.kafka.brokers).toEqual(['kafka:9092']);
    expect(cfg.store).toMatchObject({ dir: '/data/archive', s3: undefined });
    const withS3 = interpolateAll(parseYaml(readText('docker-compose.yml')) as ComposeFile, {
      TICKFLOW_S3_BUCKET: 'archive',
      TICKFLOW_S3_ENDPOINT: 'http://minio:9000',
      TICKFLOW_S3_ACCESS_KEY_ID: 'k',
      TICKFLOW_S3_SECRET_ACCESS_KEY: 's',
    }).services.archiver as ComposeFile['services'][string];
    const s3 = loadArchiverConfig(containerEnv(withS3, DOTENV));
    expect(s3.store.s3).toMatchObject({ bucket: 'archive', endpoint: 'http://minio:9000', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
  });

  it('producers: each runs an existing command with flags it accepts', () => {
    const expected: Record<string, string> = { producer: 'yahoo', 'producer-sales': 'sales', 'producer-sim': 'sim', 'producer-replay': 'replay' };
    const found: Record<string, string> = {};
    for (const [name, s] of Object.entries(compose.services)) {
      const args = nodeArgs(s, 'dist/producer.js');
      if (!args) continue;
      const env = containerEnv(s, DOTENV);
      expect(requiredVars(producerConfig).filter((v) => !(v in env)), name).toEqual([]);
      expect(() => producerConfig(env), name).not.toThrow();
      const parsed = parseCli(args, env);
      if ('exitCode' in parsed) throw new Error(`${name}: exits ${parsed.exitCode}: ${parsed.stderr}${parsed.stdout}`);
      found[name] = parsed.name;
      for (const [k, v] of Object.entries(env)) {
        if (k.startsWith('PRODUCER_')) expect(Object.keys(parsed.flags), `${name}: ${k} sets no flag of ${parsed.name}`).toContain(k.slice(9).toLowerCase().replace(/_/g, '-'));
        if (k === 'PRODUCER_SYMBOLS') expect(parsed.flags.symbols).toBe(v);
      }
    }
    expect(found).toEqual(expected);
  });

  it('offline replay: the default dataset is mounted and has the replayed columns', () => {
    const s = service('producer-replay');
    expect(s.volumes).toContain(`./datasets:/data:ro`);
    expect(documentedDefaults).toMatchObject({ TICKFLOW_DATASETS_DIR: './datasets', TICKFLOW_REPLAY_FILE: 'aapl-daily-2015-2017.csv', TICKFLOW_REPLAY_PRICE_COLUMN: 'AAPL.Close' });
    const args = nodeArgs(s, 'dist/producer.js') ?? [];
    const file = resolve(ROOT, 'datasets', (args[args.indexOf('--file') + 1] ?? '').replace(/^\/data\//, ''));
    expect(existsSync(file), `${file} (datasets/ in the repo)`).toBe(true);
    const header = (readFileSync(file, 'utf8').split('\n', 1)[0] ?? '').trim().split(',');
    expect(header).toEqual(expect.arrayContaining(['Date', args[args.indexOf('--price-column') + 1]]));
    // Replays rebase onto now by default (dashboards show the last hours); --keep-time would not.
    expect(args).not.toContain('--keep-time');
  });

  it('secrets: each file secrets-init writes is in a volume its consumer mounts, under the name it reads', () => {
    const init = containerEnv(service('secrets-init'), DOTENV);
    const mountOf = (svc: string, file: string) => (service(svc).volumes ?? []).map((v) => v.split(':')).find(([, target]) => file.startsWith(`${target}/`))?.[0];
    const consumers: [string, string, string][] = [
      ['INFLUX_ADMIN_PASSWORD_FILE', 'influxdb', 'DOCKER_INFLUXDB_INIT_PASSWORD_FILE'],
      ['INFLUX_ADMIN_TOKEN_FILE', 'influxdb', 'DOCKER_INFLUXDB_INIT_ADMIN_TOKEN_FILE'],
      ['INFLUX_ADMIN_TOKEN_FILE', 'influx-setup', 'INFLUX_ADMIN_TOKEN_FILE'],
      ['GRAFANA_ADMIN_PASSWORD_FILE', 'grafana', 'GF_SECURITY_ADMIN_PASSWORD__FILE'],
    ];
    for (const [initVar, svc, svcVar] of consumers) {
      const file = init[initVar] as string;
      expect(containerEnv(service(svc), DOTENV)[svcVar], `${svc}.${svcVar}`).toBe(file);
      expect(mountOf(svc, file), `${svc} mounts the volume of ${file}`).toBe(mountOf('secrets-init', file));
      expect(service(svc).depends_on, `${svc} starts after secrets-init`).toBeDefined();
    }
    // Grafana never sees the InfluxDB operator token.
    expect(mountOf('grafana', init.INFLUX_ADMIN_TOKEN_FILE as string)).toBeUndefined();
  });

  it('processor: runs with the V8 flags the bench measured it with', () => {
    const script = [service('processor').command].flat().join('\n');
    expect(script).toContain(`exec node ${PROCESSOR_NODE_FLAGS.join(' ')} dist/processor.js\n`);
  });

  it('influx-setup: reads the operator token from its file and writes each scoped token where its consumer reads it', () => {
    const env = containerEnv(service('influx-setup'), DOTENV);
    expect(env.INFLUX_URL).toBe('http://influxdb:8086');
    expect(env).not.toHaveProperty('INFLUX_ADMIN_TOKEN');
    const processorScript = [service('processor').command].flat().join('\n');
    expect(processorScript).toContain(`cat ${env.INFLUX_PROCESSOR_TOKEN_FILE}`);
    const ds = readFileSync(resolve(ROOT, 'grafana/provisioning/datasources/influxdb.yaml'), 'utf8');
    expect(ds).toContain(`$__file{${env.INFLUX_GRAFANA_TOKEN_FILE}}`);
    const fake = { rawBucket: { name: 'tickflow' }, longBucket: { name: 'tickflow_longterm' }, dailyBucket: { name: 'tickflow_daily' }, grafanaToken: 'g==', processorToken: 'p==' };
    expect(tokensEnvFile(fake as InfluxSetupResult, 'tickflow')).toContain('INFLUX_GRAFANA_TOKEN=g==');
    expect(tokensEnvFile(fake as InfluxSetupResult, 'tickflow')).toContain('INFLUX_DAILY_BUCKET=tickflow_daily');
  });

  it('grafana: provisioning finds every variable it references, and the dashboards where compose mounts them', () => {
    const g = service('grafana');
    const env = containerEnv(g, DOTENV);
    expect(env.GF_SECURITY_ADMIN_PASSWORD__FILE).toBeDefined();
    const dir = resolve(ROOT, 'grafana/provisioning');
    expect(existsSync(dir), 'grafana/provisioning').toBe(true);
    expect(existsSync(resolve(ROOT, 'grafana/dashboards')), 'grafana/dashboards').toBe(true);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const mounted = (g.volumes ?? []).find((v) => v.startsWith('./grafana/dashboards:'))?.split(':')[1];
    for (const f of files) {
      const doc = parseYaml(readFileSync(join(dir, f), 'utf8')) as { providers?: { options?: { path?: string } }[] } | null;
      // Grafana expands $VAR and ${VAR} from its env in provisioning values ($$ is a literal $),
      // except in alert rule annotations and query models (grafana/grafana#54975, #82774).
      const withoutAnnotations = JSON.parse(JSON.stringify(doc), (k, v: unknown) => (k === 'annotations' || k === 'model' ? undefined : v)) as unknown;
      for (const name of referencedVars(withoutAnnotations)) if (!name.startsWith('__')) expect(env, `${f} uses $${name}: compose must provide it (or write $$${name} for a literal $, e.g. math expressions)`).toHaveProperty(name);
      for (const p of doc?.providers ?? []) if (p.options?.path) expect(p.options.path.startsWith(mounted ?? '?'), `${f}: ${p.options.path}`).toBe(true);
    }
  });
});
