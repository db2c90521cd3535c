import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { sleep } from '@tickflow/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/s3-server.sh');

export interface S3Server {
  endpoint: string;
  /** Env that points the archiver (or report) at `bucket` on this server. */
  env(bucket: string): Record<string, string>;
  client(): S3Client;
  createBucket(bucket: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

/**
 * A real S3-compatible server (moto, scripts/s3-server.sh: installed from PyPI on first use)
 * on a free loopback port. Fails loudly if it cannot start: S3 tests never skip.
 */
export async function startS3Server(timeoutMs = 300_000): Promise<S3Server> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('bash', [SCRIPT, 'run', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`S3 server (moto) exited with ${child.exitCode}:\n${log}`);
    const ok = await fetch(endpoint).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`S3 server (moto) did not answer on ${endpoint} within ${timeoutMs} ms:\n${log}`);
    }
    await sleep(300);
  }
  const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
  const client = () => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: creds });
  return {
    endpoint,
    env: (bucket) => ({ S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: creds.accessKeyId, S3_SECRET_ACCESS_KEY: creds.secretAccessKey }),
    client,
    async createBucket(bucket) {
      const c = client();
      await c.send(new CreateBucketCommand({ Bucket: bucket }));
      c.destroy();
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
