import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MEASUREMENTS } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';

// The dashboards and alert rules read what the processor writes: every measurement their Flux
// names is one of the contracts' names (grafana/src builds the queries from those names; the
// alert rules are YAML, so this is what ties them).

const GRAFANA = resolve(import.meta.dirname, '../..');
const files = (dir: string, ext: string) => readdirSync(join(GRAFANA, dir)).filter((f) => f.endsWith(ext)).map((f) => join(dir, f));
const named = (text: string) => [...text.matchAll(/_measurement\s*==\s*\\?"(\w+)\\?"|measurement:\s*\\?"(\w+)\\?"/g)].map((m) => m[1] ?? m[2]);

describe('measurement names in dashboards and alert rules', () => {
  const known = new Set<string>(Object.values(MEASUREMENTS));
  for (const file of [...files('dashboards', '.json'), ...files('provisioning/alerting', '.yaml')]) {
    it(`${file} queries only measurements the processor writes`, () => {
      const text = readFileSync(join(GRAFANA, file), 'utf8');
      const used = named(text);
      if (file.endsWith('.json') || /\bfrom\(bucket/.test(text)) expect(used.length, file).toBeGreaterThan(0);
      expect(used.filter((m) => !known.has(m as string))).toEqual([]);
    });
  }

  it('recognises a name the processor does not write', () => {
    expect(named('|> filter(fn: (r) => r._measurement == \\"quotes\\")').filter((m) => !known.has(m as string))).toEqual(['quotes']);
  });
});
