import { createLogger } from '@tickflow/common';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitHealthy } from '../../influxdb/wait-healthy.js';

const log = createLogger('test', 'silent');
const ROOT = resolve(import.meta.dirname, '../..');

/** A /health that answers each status in turn (0 = connection refused), then 200. */
function fakeInflux(statuses: number[]) {
  const urls: string[] = [];
  const fetch = (async (url: string | URL | Request) => {
    urls.push(String(url));
    const status = statuses.shift() ?? 200;
    if (status === 0) throw new TypeError('fetch failed');
    return new Response('{}', { status });
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

/** Time that moves only when the code under test sleeps. */
function fakeTime() {
  let t = 1_000_000;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) };
}

describe('waitHealthy (influxdb/setup.ts) through the shared retry()', () => {
  it('retries refusals and 503s with growing, capped delays until /health answers 200', async () => {
    const influx = fakeInflux([0, 0, 503, 503, 503]);
    const time = fakeTime();
    await waitHealthy({ url: 'http://influx:8086/', seconds: 60, log, ...influx, ...time });
    expect(influx.urls).toHaveLength(6);
    expect(new Set(influx.urls)).toEqual(new Set(['http://influx:8086/health']));
    expect(time.waits).toHaveLength(5);
    // Equal jitter from 250 ms, doubling, capped at 2 s: each delay within [nominal/2, nominal].
    time.waits.forEach((w, i) => {
      const nominal = Math.min(2000, 250 * 2 ** i);
      expect(w).toBeGreaterThanOrEqual(nominal / 2);
      expect(w).toBeLessThanOrEqual(nominal);
    });
  });

  it('gives up once the wait is over, naming the last failure; 0 s = one try', async () => {
    const time = fakeTime();
    const down = fakeInflux(Array(1000).fill(503));
    await expect(waitHealthy({ url: 'http://influx:8086', seconds: 10, log, ...down, ...time })).rejects.toThrow('InfluxDB at http://influx:8086 not healthy after 10 s (HTTP 503)');
    const waited = time.waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(12_000); // at most one delay past the deadline
    const once = fakeInflux([0]);
    await expect(waitHealthy({ url: 'http://influx:8086', seconds: 0, log, ...once, ...fakeTime() })).rejects.toThrow('not healthy after 0 s (fetch failed)');
    expect(once.urls).toHaveLength(1);
  });

  it('stops at once when the signal aborts (SIGTERM), without another request', async () => {
    const stop = new AbortController();
    const influx = fakeInflux(Array(1000).fill(0));
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      sleeps.push(ms);
      stop.abort('SIGTERM'); // the signal arrives during the first backoff
    };
    await expect(waitHealthy({ url: 'http://influx:8086', seconds: 600, log, signal: stop.signal, fetch: influx.fetch, sleep })).rejects.toThrow(
      'stopped (SIGTERM) while waiting for InfluxDB at http://influx:8086',
    );
    expect(influx.urls).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });
});

describe('influxdb/setup.ts CLI', { timeout: 60_000 }, () => {
  // As a container's PID 1 Node ignores SIGTERM it does not handle: the setup must handle it.
  it('exits 143 on SIGTERM while waiting for InfluxDB, logging its retries to stderr only', async () => {
    const env = { PATH: process.env.PATH ?? '', INFLUX_URL: 'http://127.0.0.1:9', INFLUX_ADMIN_TOKEN: 'x', INFLUX_SETUP_WAIT_SECONDS: '600' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'influxdb/setup.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const retrying = new Promise<void>((ok) =>
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('failed; retrying')) ok();
      }),
    );
    const exited = once(child, 'exit');
    try {
      await retrying;
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, stderr).toBe(143);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toContain('"msg":"InfluxDB health at http://127.0.0.1:9 failed; retrying"');
    expect(stderr).toContain('influxdb setup failed: stopped (SIGTERM) while waiting for InfluxDB at http://127.0.0.1:9');
    expect(stdout).toBe('');
  });
});
