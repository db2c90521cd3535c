import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDashboards } from '../../src/build.js';
import { GRAFANA_DIR } from '../../check/validate.js';

describe('dashboards as code', () => {
  it('the committed JSON is what grafana/src generates (run `npm run grafana:build`)', async () => {
    for (const [file, text] of Object.entries(generatedDashboards())) {
      expect(await readFile(join(GRAFANA_DIR, 'dashboards', file), 'utf8'), `dashboards/${file} is stale`).toBe(text);
    }
  });
});
