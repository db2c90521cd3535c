/**
 * Generates grafana/dashboards/*.json from the TypeScript definitions. `npm run grafana:build`
 * writes them; the tests fail when the committed JSON differs from what this generates.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markets } from './markets.js';
import { pipeline } from './pipeline.js';
import { sales } from './sales.js';

export const DASHBOARDS = { markets, sales, pipeline } as const;

/** The provisioned JSON text of each dashboard file. */
export function generatedDashboards(): Record<string, string> {
  return Object.fromEntries(Object.entries(DASHBOARDS).map(([name, build]) => [`${name}.json`, `${JSON.stringify(build(), null, 2)}\n`]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(import.meta.dirname, '../dashboards');
  for (const [file, text] of Object.entries(generatedDashboards())) await writeFile(join(dir, file), text);
  process.stdout.write(`wrote ${Object.keys(DASHBOARDS).length} dashboards to ${dir}\n`);
}
