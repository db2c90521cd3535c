import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TickflowError } from '@tickflow/contracts';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { StoreConfig } from '../config.js';
import type { ArchiveStore } from './store.js';

type S3Settings = NonNullable<StoreConfig['s3']>;

/** Network errors, throttling and 5xx are worth retrying; 4xx (no such bucket, access denied) are not. */
function s3Error(what: string, err: unknown): TickflowError {
  const e = err as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; name?: string; message?: string };
  const status = e.$metadata?.httpStatusCode;
  const canRetry = Boolean(e.$retryable) || status === undefined || status >= 500 || status === 429;
  return new TickflowError(`${what}: ${e.name ?? 'Error'} ${e.message ?? ''}`.trim(), 'archive_s3', canRetry, { cause: err });
}

/**
 * The archive in any S3-compatible store, through the AWS SDK. A file is durable when its
 * PutObject completed (S3 writes whole objects or nothing). Reads go through a local cache:
 * archive files never change once named (same name = same offsets = same rows), so a cached
 * copy is never stale.
 */
export class S3Store implements ArchiveStore {
  readonly scratchDir: string;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(
    private readonly s3: S3Settings,
    private readonly cacheDir: string,
  ) {
    this.scratchDir = join(resolve(cacheDir), '.tmp');
    this.prefix = s3.prefix && !s3.prefix.endsWith('/') ? `${s3.prefix}/` : s3.prefix;
    this.client = new S3Client({
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      ...(s3.credentials ? { credentials: s3.credentials } : {}),
    });
  }

  get location(): string {
    return `s3://${this.s3.bucket}/${this.prefix}`;
  }

  async put(localPath: string, key: string): Promise<void> {
    try {
      const body = await readFile(localPath);
      await this.client.send(new PutObjectCommand({ Bucket: this.s3.bucket, Key: this.prefix + key, Body: body, ContentLength: body.length }));
    } catch (err) {
      throw err instanceof TickflowError ? err : s3Error(`uploading ${key}`, err);
    }
    await rm(localPath, { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.s3.bucket, Prefix: this.prefix + prefix, ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw s3Error(`listing ${this.location}${prefix}`, err);
    }
    return keys;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.s3.bucket, Key: this.prefix + key }));
    } catch (err) {
      throw s3Error(`deleting ${key}`, err);
    }
  }

  async localCopy(key: string): Promise<string> {
    const path = join(resolve(this.cacheDir), key);
    if (await stat(path).then(() => true, () => false)) return path;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: this.prefix + key }));
      const bytes = await res.Body?.transformToByteArray();
      if (!bytes) throw new Error('empty body');
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.part`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    } catch (err) {
      throw err instanceof TickflowError ? err : s3Error(`downloading ${key}`, err);
    }
    return path;
  }

  destroy(): void {
    this.client.destroy();
  }
}
