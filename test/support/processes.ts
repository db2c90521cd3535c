import { sleep } from '@tickflow/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { serviceEnv } from './env.js';
import { TEST_BUCKETS } from './influx.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnService(entry: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...serviceEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function collect(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Runs the producer CLI to completion. */
export function runProducer(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return collect(spawnService('producer/src/main.ts', args, env));
}

export interface RunningService {
  child: ChildProcess;
  /** Everything the process logged so far. */
  output(): string;
  /** SIGTERM (graceful) or SIGKILL, then wait for exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running service from its main.ts (relative to the repo root). */
export function startService(entry: string, env: Record<string, string>, args: string[] = []): RunningService {
  const child = spawnService(entry, args, env);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = once(child, 'exit');
  return {
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * What a test processor writes unless the test says otherwise: its raw bucket is the test's
 * (createBucket: infinite retention, old event times), so no retention skips anything; the
 * long-lived aggregates go to the shared TEST_BUCKETS. createBuckets() gives the env of a
 * default stack (its retentions, its own three buckets) instead.
 */
const PROCESSOR_TEST_ENV = {
  INFLUX_LONGTERM_BUCKET: TEST_BUCKETS.longterm,
  INFLUX_DAILY_BUCKET: TEST_BUCKETS.daily,
  INFLUX_RAW_RETENTION_DAYS: '0',
  INFLUX_LONGTERM_RETENTION_DAYS: '0',
  INFLUX_DAILY_RETENTION_DAYS: '0',
};

/** Starts a long-running processor (PROCESSOR_TEST_ENV, then `env`). */
export function startProcessor(env: Record<string, string>): RunningService {
  return startService('processor/src/main.ts', { ...PROCESSOR_TEST_ENV, ...env });
}

/** Runs a service command to completion, e.g. `archiver report ...`. */
export function runService(entry: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return collect(spawnService(entry, args, env));
}

/** Polls until `check` returns true, or fails with `what` after timeoutMs. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 500): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
