import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/support/closed-port.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('producer with Kafka unreachable', () => {
  it('logs one clear line, no stack traces, and exits 75 after --connect-timeout', { timeout: 120_000 }, async () => {
    const port = await closedPort();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', 'sim', '--count', '3', '--speed', 'max', '--brokers', `127.0.0.1:${port}`, '--connect-timeout', '1s'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(75);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
    expect(lines.filter((l) => l.msg.startsWith('cannot reach Kafka')).map((l) => l.msg)).toEqual([`cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED, retrying`]);
    expect(lines.at(-1)).toMatchObject({ level: 50, code: 'kafka_unreachable', err: `cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED (gave up after 1s; --connect-timeout)` });
    expect(r.stderr).not.toContain('stack');
    expect(lines.length).toBeLessThan(10);
  });
});
