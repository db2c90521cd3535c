import type { StoreConfig } from '../config.js';
import { LocalStore } from './local-store.js';
import { S3Store } from './s3-store.js';
import type { ArchiveStore } from './store.js';

/** S3 when S3_BUCKET is set, else the local directory ARCHIVE_DIR. */
export function openStore(cfg: StoreConfig): ArchiveStore {
  return cfg.s3 ? new S3Store(cfg.s3, cfg.cacheDir) : new LocalStore(cfg.dir);
}
