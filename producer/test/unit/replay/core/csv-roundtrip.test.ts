import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DELIMITERS, detectDelimiter } from '../../../../src/replay/core/sniff.js';
import { csvRecords } from '../../../../src/replay/sources/csv-records.js';

// Fields as real exports have them: quotes, every candidate delimiter, spaces, accents and
// line breaks (csv-parse reads multi-line fields).
const field = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '"', ',', ';', '\t', '|', 'é', '€', '.', "'", '\n'), maxLength: 10 });
const rows = fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 });
const dir = mkdtempSync(join(tmpdir(), 'csv-roundtrip-'));

async function readBack(text: string, delimiter: string): Promise<string[][]> {
  const file = join(dir, 'f.csv');
  writeFileSync(file, text);
  const out: string[][] = [];
  for await (const r of csvRecords(file, { delimiter, encoding: 'utf-8', fromLine: 1 })) if (r.kind === 'record') out.push(r.fields);
  return out.slice(1); // header
}

describe('CSV written by a standard writer (csv-stringify) reads back (property)', () => {
  it('every field quoted: any text, any delimiter, CRLF, line breaks inside fields', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.constantFrom(...DELIMITERS), async (data, delimiter) => {
        const text = stringify([['a', 'b', 'c'], ...data], { delimiter, quoted: true, record_delimiter: '\r\n' });
        expect(await readBack(text, delimiter)).toEqual(data.map((r) => r.map((f) => f.replace(/\r\n/g, '\n'))));
      }),
      { numRuns: 100 },
    );
  });

  it('the delimiter of a written header is detected when it is the most frequent candidate', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,8}$/), { minLength: 2, maxLength: 6 }), fc.constantFrom(...DELIMITERS), (names, delimiter) => {
        expect(detectDelimiter([stringify([names], { delimiter, quoted: true }).replace(/\r?\n$/, '')])).toBe(delimiter);
      }),
    );
  });
});
