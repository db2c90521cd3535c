import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { readEnvFile } from './support/env-file.js';
import { ensureTestBuckets } from './support/influx.js';

/**
 * Global setup of the `integration` project: makes real Kafka and InfluxDB available.
 *
 * - KAFKA_BROKERS + INFLUX_URL + INFLUX_TOKEN all set: use those external services.
 * - Otherwise `scripts/services.sh up` starts (or reuses) native ones and writes
 *   .tickflow/services.env; a cold first run builds influxd from source, so its output is
 *   streamed, never captured.
 *
 * The variables go into process.env here. Vitest snapshots process.env for its forked test
 * workers only after every global setup has run, so tests (and processes they spawn) read
 * them from process.env as usual. They are also provided as `inject('tickflowServices')`.
 * Failing to start throws: integration tests never silently skip.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = path.join(REPO, 'scripts', 'services.sh');

export interface TickflowServices {
  KAFKA_BROKERS: string;
  INFLUX_URL: string;
  INFLUX_TOKEN: string;
  INFLUX_ORG: string;
  INFLUX_BUCKET: string;
  /** Versions reported by the running services; empty when external and unknown. */
  KAFKA_VERSION: string;
  INFLUX_VERSION: string;
  /** true when scripts/services.sh manages them (so stop-influx/start-influx etc. work). */
  managed: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    tickflowServices: TickflowServices;
  }
}

function runServices(command: string, quiet = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SERVICES, command], { cwd: REPO, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function runDir(): string {
  const dir = process.env.TICKFLOW_RUN_DIR;
  return dir ? path.resolve(REPO, dir) : path.join(REPO, '.tickflow');
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const { KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN } = process.env;
  if (KAFKA_BROKERS && INFLUX_URL && INFLUX_TOKEN) {
    process.env.INFLUX_ORG ??= 'tickflow';
    process.env.INFLUX_BUCKET ??= 'tickflow';
    console.log(`[global-setup] using external services: KAFKA_BROKERS=${KAFKA_BROKERS} INFLUX_URL=${INFLUX_URL}`);
    project.provide('tickflowServices', {
      KAFKA_BROKERS,
      INFLUX_URL,
      INFLUX_TOKEN,
      INFLUX_ORG: process.env.INFLUX_ORG,
      INFLUX_BUCKET: process.env.INFLUX_BUCKET,
      KAFKA_VERSION: process.env.KAFKA_VERSION ?? '',
      INFLUX_VERSION: process.env.INFLUX_VERSION ?? '',
      managed: false,
    });
    await ensureTestBuckets(); // the long-lived buckets test processors write by default
    return undefined;
  }
  if (KAFKA_BROKERS || INFLUX_URL || INFLUX_TOKEN) {
    console.warn('[global-setup] only some of KAFKA_BROKERS/INFLUX_URL/INFLUX_TOKEN are set; starting local services instead');
  }

  // Already healthy before we start = somebody else's (e.g. a manual `services.sh up`):
  // reuse them, and leave them running afterwards.
  const alreadyRunning = (await runServices('status', true)) === 0;
  console.log(`[global-setup] ${alreadyRunning ? 'reusing running' : 'starting'} local Kafka + InfluxDB (scripts/services.sh up)`);
  const code = await runServices('up');
  if (code !== 0) {
    throw new Error(
      `[global-setup] 'bash scripts/services.sh up' failed (exit ${code}); see its output above. ` +
        'Fix the cause, or point the tests at running services with KAFKA_BROKERS, INFLUX_URL and INFLUX_TOKEN.',
    );
  }

  const envFile = path.join(runDir(), 'services.env');
  const vars = readEnvFile(envFile);
  for (const key of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET'] as const) {
    if (!vars[key]) throw new Error(`[global-setup] ${envFile} has no ${key}`);
  }
  Object.assign(process.env, vars);
  project.provide('tickflowServices', {
    KAFKA_BROKERS: vars.KAFKA_BROKERS ?? '',
    INFLUX_URL: vars.INFLUX_URL ?? '',
    INFLUX_TOKEN: vars.INFLUX_TOKEN ?? '',
    INFLUX_ORG: vars.INFLUX_ORG ?? '',
    INFLUX_BUCKET: vars.INFLUX_BUCKET ?? '',
    KAFKA_VERSION: vars.KAFKA_VERSION ?? '',
    INFLUX_VERSION: vars.INFLUX_VERSION ?? '',
    managed: true,
  });
  await ensureTestBuckets(); // the long-lived buckets test processors write by default

  if (alreadyRunning || process.env.TICKFLOW_KEEP_SERVICES === '1') {
    console.log('[global-setup] services will be left running (services.sh down stops them)');
    return undefined;
  }
  return async () => {
    const downCode = await runServices('down');
    if (downCode !== 0) console.warn(`[global-setup] 'services.sh down' exited with ${downCode}`);
  };
}
