import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/support/closed-port.js';

const ROOT = resolve(import.meta.dirname, '../../..');

type Line = { level: number; msg: string; code?: string; err?: unknown };

/** The processor spawned with only its required settings (InfluxDB is never reached: Kafka comes first). */
function processor(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'processor/src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', INFLUX_URL: 'http://127.0.0.1:9', INFLUX_TOKEN: 'unused', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Line) };
}

describe('processor with Kafka unreachable', { timeout: 120_000 }, () => {
  it('logs one clear line, no stack traces, and exits 75 after --connect-timeout', async () => {
    const port = await closedPort();
    const r = processor(['--brokers', `127.0.0.1:${port}`, '--connect-timeout', '1s']);
    expect(r.status, r.stderr).toBe(75);
    expect(r.stdout).toBe('');
    expect(r.lines.filter((l) => l.msg.startsWith('cannot reach Kafka')).map((l) => l.msg)).toEqual([`cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED, retrying`]);
    expect(r.lines.at(-1)).toMatchObject({ level: 50, code: 'kafka_unreachable', err: `cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED (gave up after 1s; --connect-timeout)`, msg: 'failed: a later run may succeed' });
    expect(r.stderr).not.toContain('stack');
    expect(r.lines).toHaveLength(2);
  });

  it('KAFKA_CONNECT_TIMEOUT_MS sets the same deadline from env', async () => {
    const port = await closedPort();
    const r = processor([], { KAFKA_BROKERS: `127.0.0.1:${port}`, KAFKA_CONNECT_TIMEOUT_MS: '1000' });
    expect(r.status, r.stderr).toBe(75);
    expect(r.lines.at(-1)).toMatchObject({ level: 50, code: 'kafka_unreachable', err: `cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED (gave up after 1s; --connect-timeout)` });
  });
});
