import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpolateAll, parseYaml, readText, referencedVars, ROOT, type ComposeFile } from './compose-file.js';
import { genericHostVariables } from './compose-rules.js';

// Compose reads variables from .env AND the shell. The docs tell users to export KAFKA_BROKERS,
// INFLUX_URL, INFLUX_TOKEN ... to point the tests at their own services: compose must never
// pick those up, or every container gets localhost:19092 and cannot reach Kafka.

const FILES = ['docker-compose.yml', 'docker-compose.override.example.yml'];
const docs = ['README.md', ...readdirSync(`${ROOT}/docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('compose takes only TICKFLOW_-prefixed variables from the host', () => {
  for (const file of FILES) {
    it(`${file}: every interpolated variable is TICKFLOW_-prefixed, and no environment entry passes a host variable through`, () => {
      const doc = parseYaml(readText(file));
      expect(referencedVars(doc).size).toBeGreaterThan(0);
      expect(genericHostVariables(doc, referencedVars(doc))).toEqual([]);
    });
  }

  it('a shell that exports every variable the docs name (KAFKA_BROKERS, INFLUX_URL, ...) changes no container', () => {
    const named = new Set(docs.flatMap((f) => [...readText(f).matchAll(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g)].map((m) => m[0])));
    for (const v of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_ORG']) expect(named, `the docs name ${v}`).toContain(v);
    const shell = Object.fromEntries([...named].filter((v) => !v.startsWith('TICKFLOW_')).map((v) => [v, 'localhost:19092']));
    for (const file of FILES) {
      const doc = parseYaml(readText(file)) as ComposeFile;
      expect(interpolateAll(doc, shell), file).toEqual(interpolateAll(doc, {}));
    }
  });

  it('the rule catches a generic ${VAR} and a pass-through entry', () => {
    const doc = { services: { p: { image: 'x:1.0.0', environment: { KAFKA_BROKERS: '${KAFKA_BROKERS:-kafka:9092}', KAFKA_SASL_USERNAME: null, OK: '${TICKFLOW_OK:-1}' } } } };
    expect(genericHostVariables(doc, referencedVars(doc))).toEqual(['${KAFKA_BROKERS}', 'p: KAFKA_SASL_USERNAME (no value: passed through from the host)']);
  });
});
