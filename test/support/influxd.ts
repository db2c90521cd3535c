import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './processes.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A free loopback TCP port (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface PrivateInfluxd {
  url: string;
  stop(): Promise<void>;
}

/**
 * A fresh, NOT onboarded influxd (the binary scripts/services.sh built), for tests that must do
 * the first-start setup themselves, as the influxdb image does with DOCKER_INFLUXDB_INIT_*.
 */
export async function startFreshInfluxd(dir: string): Promise<PrivateInfluxd> {
  const version = /^INFLUX_VER="([^"]+)"/m.exec(readFileSync(join(ROOT, 'scripts/services.sh'), 'utf8'))?.[1];
  const bin = join(process.env.TICKFLOW_CACHE ?? join(homedir(), '.cache/tickflow'), `influxd-v${version}`, 'influxd');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run services -- up\` once (it builds influxd ${version})`);
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    bin,
    ['--bolt-path', join(dir, 'influxd.bolt'), '--engine-path', join(dir, 'engine'), '--sqlite-path', join(dir, 'influxd.sqlite')]
      .concat(['--http-bind-address', `127.0.0.1:${port}`, '--reporting-disabled', '--log-level', 'warn']),
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  await waitFor(`influxd on ${url} (${log})`, async () => {
    if (child.exitCode !== null) throw new Error(`influxd exited: ${log}`);
    return fetch(`${url}/health`).then((r) => r.ok, () => false);
  }, 60_000, 200);
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
