import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../../src/replay/inspect.js';

/** 300,000 order lines (~19 MB), generated: too big to commit. */
function largeFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'inspect-large-')), 'orders.csv');
  const lines = ['order_id,line_id,order_date,product,quantity,amount,currency,Country/Region'];
  for (let i = 0; i < 300_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`O-${i >> 1},${i & 1},2024-03-${day} 10:${String(i % 60).padStart(2, '0')},Product ${i % 500},${1 + (i % 4)},${(i % 997) + 0.5},EUR,France`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('inspect on a large file', () => {
  it('300,000 rows: a progress line per tenth of the file on stderr, the report on stdout', { timeout: 120_000 }, async () => {
    const path = largeFile();
    const size = (statSync(path).size / 1e6).toFixed(1);
    const progress: string[] = [];
    let out = '';
    const code = await inspectCommand.run({ file: path, delimiter: 'auto', encoding: 'auto' }, (s) => (out += s), { progress: (s) => progress.push(s) });
    expect(code).toBe(0);
    expect(out).toContain('rows:       300000');
    expect(progress).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((pct) => `inspect: ${path}: ${pct}% of ${size} MB read\n`));
  });
});
