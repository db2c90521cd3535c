import { TickflowError } from '@tickflow/contracts';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ArchiveStore } from './store.js';

/** Transient filesystem errors are worth retrying (full disk, too many open files); the rest are not. */
const RETRY_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EIO']);

function ioError(what: string, err: unknown): TickflowError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return new TickflowError(`${what}: ${(err as Error).message}`, 'archive_io', RETRY_CODES.has(code), { cause: err });
}

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * The archive in a local directory (a named volume in compose). A file is written under
 * `<dir>/.tmp`, fsynced, renamed into place (atomic on one filesystem) and its directory
 * fsynced, so after a crash a file is either whole or absent.
 */
export class LocalStore implements ArchiveStore {
  readonly root: string;
  readonly scratchDir: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.scratchDir = join(this.root, '.tmp');
  }

  get location(): string {
    return this.root;
  }

  async put(localPath: string, key: string): Promise<void> {
    const target = join(this.root, key);
    try {
      await fsyncPath(localPath);
      await mkdir(dirname(target), { recursive: true });
      await rename(localPath, target);
      await fsyncPath(dirname(target));
    } catch (err) {
      throw ioError(`writing ${target}`, err);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = join(this.root, prefix);
    try {
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => relative(this.root, join(e.parentPath, e.name)).split(sep).join('/'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ioError(`listing ${base}`, err);
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.root, key), { force: true });
  }

  async localCopy(key: string): Promise<string> {
    return join(this.root, key);
  }
}
