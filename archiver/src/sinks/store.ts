/**
 * Where archive files live: a local directory or an S3 bucket. Keys are `/`-separated paths
 * relative to the archive root (layout.ts). One interface, two implementations.
 */
export interface ArchiveStore {
  /** Local directory for files being written; `put` moves them into the archive. */
  readonly scratchDir: string;
  /**
   * Makes the finished local file `localPath` the object `key`, durably: when it resolves, a
   * crash cannot lose it (fsync + atomic rename, or a completed PUT). Consumes the local file.
   */
  put(localPath: string, key: string): Promise<void>;
  /** Keys under `prefix`, any depth. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** A local path holding `key`'s bytes (the file itself, or a cached download). */
  localCopy(key: string): Promise<string>;
  /** For logs: the directory or s3://bucket/prefix. */
  readonly location: string;
}
