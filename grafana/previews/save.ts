/** Writes the frames test's dashboard views as preview data (TICKFLOW_PREVIEW_DATA=dir). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DashboardRun } from '../test/support/panels.js';
import { previewData } from './data.js';

export async function savePreviewData(dir: string, runs: Iterable<[string, DashboardRun]>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [key, run] of runs) {
    const uid = `tickflow-${key.split('-')[0] as string}`;
    const file = join(dir, `${key}.json`);
    await writeFile(file, `${JSON.stringify(previewData(key, uid, run))}\n`);
    written.push(file);
  }
  return written;
}
