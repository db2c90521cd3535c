import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startS3Server, type S3Server } from '../../../test/support/s3-server.js';
import { runScenario } from '../support/archive-scenario.js';
import { checkArchive } from '../support/expectations.js';

describe('archiver on S3 (real S3-compatible server: moto)', () => {
  let s3: S3Server;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('keeps every event exactly once through duplicates, a SIGKILL mid-file, a lost commit and late events; report figures match', async () => {
    const bucket = `archive-${Date.now()}`;
    await s3.createBucket(bucket);
    const prefix = 'tickflow';
    // The test reads back what is in the bucket with its own client, not the archiver's store.
    const snapshot = async (): Promise<string> => {
      const dir = await mkdtemp(join(tmpdir(), 's3-snapshot-'));
      const client = s3.client();
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ...(token ? { ContinuationToken: token } : {}) }));
        for (const o of page.Contents ?? []) {
          const body = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToByteArray();
          const path = join(dir, (o.Key as string).slice(prefix.length + 1));
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, body as Uint8Array);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      client.destroy();
      return dir;
    };
    const result = await runScenario({ env: { ...s3.env(bucket), S3_PREFIX: prefix }, snapshot });
    await checkArchive(result);
  });
});
