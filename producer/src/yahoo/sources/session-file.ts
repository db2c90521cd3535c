import type { Logger } from '@tickflow/common';
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';

/**
 * The Yahoo cookie jar on disk (tough-cookie's own serialisation, which also holds the crumb
 * yahoo-finance2 stores under a pseudo URL), so a restart reuses the session instead of a new
 * consent/crumb round. Written atomically (temp file + rename) and only when it changed. A
 * missing or unreadable file means a fresh session; a file that cannot be written is logged once.
 */
export class SessionFile {
  private last: string | undefined;
  private warned = false;

  constructor(
    readonly path: string,
    private readonly log: Logger,
  ) {}

  load(): ExtendedCookieJar | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const restored = ExtendedCookieJar.deserializeSync(text);
      this.last = text;
      this.log.info({ file: this.path, cookies: restored.serializeSync()?.cookies.length }, 'Yahoo session restored from disk');
      return new ExtendedCookieJar(restored.store);
    } catch (err) {
      this.log.warn({ file: this.path, err: (err as Error).message }, 'Yahoo session file unreadable: starting a fresh session');
      return undefined;
    }
  }

  async save(jar: ExtendedCookieJar): Promise<void> {
    const text = JSON.stringify(jar.serializeSync());
    if (text === this.last) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, this.path);
      this.last = text;
    } catch (err) {
      if (!this.warned) this.log.warn({ file: this.path, err: (err as Error).message }, 'cannot write the Yahoo session file: sessions will not survive a restart');
      this.warned = true;
    }
  }
}
