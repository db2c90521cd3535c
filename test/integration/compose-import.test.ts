import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container, runOnce, type RunContext } from '../support/compose-run.js';
import { stage } from '../support/dockerfile.js';
import { serviceEnv, uniqueName } from '../support/env.js';
import { buildImageLayout } from '../support/image-layout.js';
import { withAdmin } from '../support/kafka.js';
import { execArgv, interpolateAll, parseYaml, readText, ROOT, type ComposeFile, type Service } from '../unit/compose-file.js';
import { shellWords } from '../unit/compose-rules.js';

// The README's "Replaying your own file", rehearsed without Docker: a file in the user's
// import folder, `docker compose run --rm producer inspect /import/orders.csv`, then the command
// it prints, run as the producer service runs it (image layout, compose's environment, the
// folder at /import), against the test Kafka.

const FIXTURE = resolve(ROOT, 'producer/test/fixtures/replay/sales-eu.csv');
const ROWS = readFileSync(FIXTURE, 'utf8').trim().split('\n').length - 1;

let tmp = '';
let importDir = '';
let ctx: RunContext;
let producer: Service;
let salesTopic = '';
let proposed = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tickflow-import-'));
  importDir = join(tmp, 'import');
  mkdirSync(importDir);
  copyFileSync(FIXTURE, join(importDir, 'orders.csv'));
  const layout = buildImageLayout(ROOT, join(tmp, 'image'));
  salesTopic = uniqueName('imp-sales');
  const compose = interpolateAll(parseYaml(readText('docker-compose.yml')) as ComposeFile, { TICKFLOW_SALES_TOPIC: salesTopic, TICKFLOW_TOPIC_PARTITIONS: '1' });
  const s = compose.services.producer as Service;
  // The user's import/ folder, as the bind mount compose declares for it.
  expect(s.volumes).toContain('./import:/import:ro');
  producer = { ...s, volumes: [`${importDir}:/import:ro`] };
  ctx = {
    repo: ROOT,
    imageRoot: layout.stageRoot('runtime'),
    runtime: stage(layout.model, 'runtime'),
    stateDir: join(tmp, 'state'),
    hosts: { 'kafka:9092': serviceEnv().KAFKA_BROKERS },
  };
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** `docker compose run --rm producer <args...>`, natively. */
const run = (args: string[]) => runOnce(container('producer', producer, {}, ctx), execArgv(producer, args));

describe('your own file through compose, rehearsed', () => {
  it('docker compose run --rm producer inspect /import/orders.csv: reads the file and prints the replay command', () => {
    const r = run(['inspect', '/import/orders.csv']);
    expect(r.code, r.output).toBe(0);
    const lines = r.output.split('\n');
    // The container sees /import; natively the folder is mapped, so map it back.
    proposed = (lines[lines.indexOf('replay with:') + 1] ?? '').trim().replaceAll(importDir, '/import');
    // Printed with the prefix compose sets (TICKFLOW_CLI_PREFIX), so it runs as printed.
    expect(proposed).toMatch(/^docker compose run --rm producer sales-replay --file \/import\/orders\.csv /);
  });

  it('the printed command, run in the producer service, sends every row to Kafka (orders or dead letters)', async () => {
    const args = shellWords(proposed.replace(/^docker compose run --rm producer /, ''));
    expect(args[0]).toBe('sales-replay');
    const r = run(args);
    expect(r.code, r.output.slice(-2000)).toBe(0);
    const count = async (topic: string) =>
      withAdmin(async (a) => ((await a.listTopics()).includes(topic) ? (await a.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0) : 0));
    const [sales, dead] = [await count(salesTopic), await count(`${salesTopic}.dlq`)];
    expect(sales).toBeGreaterThan(0);
    expect(sales + dead).toBe(ROWS);
  });
});
