import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEnvFile } from '../../test/support/env-file.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Where scripts/services.sh keeps data, pid files and services.env (its TICKFLOW_RUN_DIR). */
export const runDir = (): string => (process.env.TICKFLOW_RUN_DIR ? path.resolve(ROOT, process.env.TICKFLOW_RUN_DIR) : path.join(ROOT, '.tickflow'));

export interface Services {
  KAFKA_BROKERS: string;
  INFLUX_URL: string;
  INFLUX_TOKEN: string;
  INFLUX_ORG: string;
  /** 'env' when the caller's services were used, 'services.sh' when we started/reused ours. */
  origin: 'env' | 'services.sh';
}

/**
 * Real Kafka + InfluxDB: the caller's (KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN all set), or
 * `scripts/services.sh up` (idempotent; starts native services and writes services.env).
 * The variables are put into process.env so spawned processors inherit them.
 */
export async function ensureServices(): Promise<Services> {
  const { KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN } = process.env;
  if (KAFKA_BROKERS && INFLUX_URL && INFLUX_TOKEN) {
    process.env.INFLUX_ORG ??= 'tickflow';
    return { KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG: process.env.INFLUX_ORG, origin: 'env' };
  }
  process.stderr.write('[bench] KAFKA_BROKERS/INFLUX_URL/INFLUX_TOKEN not set: bash scripts/services.sh up\n');
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, 'scripts/services.sh'), 'up'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/services.sh up failed (exit ${code}); or set KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN`);
  const file = path.join(runDir(), 'services.env');
  if (!existsSync(file)) throw new Error(`${file} missing after services.sh up`);
  const v = readEnvFile(file);
  if (!v.KAFKA_BROKERS || !v.INFLUX_URL || !v.INFLUX_TOKEN) throw new Error(`${file} lacks KAFKA_BROKERS/INFLUX_URL/INFLUX_TOKEN`);
  Object.assign(process.env, { KAFKA_BROKERS: v.KAFKA_BROKERS, INFLUX_URL: v.INFLUX_URL, INFLUX_TOKEN: v.INFLUX_TOKEN, INFLUX_ORG: v.INFLUX_ORG ?? 'tickflow' });
  return { KAFKA_BROKERS: v.KAFKA_BROKERS, INFLUX_URL: v.INFLUX_URL, INFLUX_TOKEN: v.INFLUX_TOKEN, INFLUX_ORG: v.INFLUX_ORG ?? 'tickflow', origin: 'services.sh' };
}

let counter = 0;
/** Names unique to this run: the bench never touches other people's topics, groups or buckets. */
export function uniqueName(prefix: string): string {
  return `bench-${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
