import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runScenario } from '../support/archive-scenario.js';
import { checkArchive } from '../support/expectations.js';

describe('archiver on a local directory', () => {
  it('keeps every event exactly once through duplicates, a SIGKILL mid-file, a lost commit and late events; report figures match', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    const result = await runScenario({ env: { ARCHIVE_DIR: dir }, snapshot: async () => dir });
    await checkArchive(result);
  });
});
