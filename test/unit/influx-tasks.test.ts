import { FIELDS, MEASUREMENTS, TAGS, type Measurement } from '@tickflow/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The InfluxDB tasks (influxdb/tasks/*.flux) read what the processor writes: every measurement,
// tag and field name they use must be one of contracts' (influx-schema.ts).
const DIR = resolve(import.meta.dirname, '../../influxdb/tasks');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.flux'));
const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1] as string);
const stripComments = (text: string) => text.replace(/\/\/.*$/gm, '');

/** Names a Flux script uses, by role. */
function namesIn(text: string) {
  const flux = stripComments(text);
  return {
    measurements: [...all(flux, /r\._measurement == "([^"]+)"/g), ...all(flux, /measurement: "([^"]+)"/g), ...all(flux, /key: "_measurement", value: "([^"]+)"/g)],
    fields: [...all(flux, /r\._field == "([^"]+)"/g), ...all(flux, /field: "([^"]+)"/g), ...all(flux, /key: "_field", value: "([^"]+)"/g)],
    tags: [
      ...all(flux, /r\.([a-z_]+) == "/g).filter((t) => !t.startsWith('_')),
      ...all(flux, /columns: \[([^\]]*)\]/g).flatMap((list) => all(list, /"([^"]+)"/g)).filter((t) => !t.startsWith('_')),
      ...all(flux, /set\(key: "([a-z][a-z_]*)"/g),
    ],
  };
}

describe('InfluxDB task files against contracts', () => {
  it('there are task files to check', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(3);
  });

  it.each(FILES)('%s uses only known measurements, and their tags and fields', (file) => {
    const used = namesIn(readFileSync(resolve(DIR, file), 'utf8'));
    const known = Object.values(MEASUREMENTS) as string[];
    expect(used.measurements.length).toBeGreaterThan(0);
    expect(used.measurements.filter((m) => !known.includes(m))).toEqual([]);
    const ms = used.measurements as Measurement[];
    const fields = new Set(ms.flatMap((m) => FIELDS[m] as readonly string[]));
    const tags = new Set(ms.flatMap((m) => TAGS[m]));
    expect(used.fields.length).toBeGreaterThan(0);
    expect(used.fields.filter((f) => !fields.has(f))).toEqual([]);
    expect(used.tags.filter((t) => !tags.has(t))).toEqual([]);
  });

  it('catches a name that is not in contracts', () => {
    const used = namesIn('from(bucket: b) |> filter(fn: (r) => r._measurement == "quotes" and r._field == "px" and r.ticker == "A")');
    expect(used).toEqual({ measurements: ['quotes'], fields: ['px'], tags: ['ticker'] });
  });
});
