import { sleep } from '@tickflow/common';
import { DuckDBInstance } from '@duckdb/node-api';
import { dlqTopic, type MetricsEvent, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { Partitioners } from 'kafkajs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { serviceEnv, uniqueName } from '../../../test/support/env.js';
import { readAll, testKafka, withAdmin } from '../../../test/support/kafka.js';
import { waitFor } from '../../../test/support/processes.js';
import { startArchiver, runReport } from './archiver-process.js';
import { scenario, type Scenario } from './events.js';

export interface ScenarioStore {
  /** Env that selects the store (ARCHIVE_DIR or S3_*). */
  env: Record<string, string>;
  /** A local directory with the archive's current content (for S3: downloaded first). */
  snapshot(): Promise<string>;
}

export interface ScenarioResult {
  sc: Scenario;
  dir: string;
  topics: { quotes: string; sales: string };
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  report: Record<string, unknown> & { sales: Record<string, unknown> };
  reportDir: string;
  killedWithOpenFile: boolean;
  /** The phase-2 archiver's last counters published to its metrics topic. */
  counters: Record<string, number>;
}

export async function query<T>(sql: string): Promise<T[]> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
  conn.closeSync();
  return rows;
}

const glob = (dir: string, layer: string, topic: string) => `read_parquet('${dir}/${layer}/topic=${topic}/**/*.parquet', hive_partitioning = true)`;

/**
 * Replays a known set of events through a real archiver process: phase 1, SIGKILL with a file
 * open, the group's committed offsets reset (a lost commit), phase 2 with duplicates, late
 * and invalid records, SIGTERM; then `report` over the archive.
 */
export async function runScenario(store: ScenarioStore): Promise<ScenarioResult> {
  const sc = scenario();
  const topics = { quotes: uniqueName('arch-quotes'), sales: uniqueName('arch-sales'), metrics: uniqueName('arch-metrics') };
  const groupId = uniqueName('arch-group');
  await withAdmin((a) =>
    a.createTopics({ waitForLeaders: true, topics: [topics.quotes, topics.sales].flatMap((t) => [{ topic: t, numPartitions: 2 }, { topic: dlqTopic(t), numPartitions: 1 }]) }),
  );
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const sendSales = (s: SaleEvent[]) => producer.send({ topic: topics.sales, messages: s.map((e) => ({ key: e.orderId, value: JSON.stringify(e) })) });
  const sendQuotes = (q: QuoteEvent[]) => producer.send({ topic: topics.quotes, messages: q.map((e) => ({ key: e.symbol, value: JSON.stringify(e) })) });
  const cache = await mkdtemp(join(tmpdir(), 'arch-cache-'));
  const env = {
    KAFKA_BROKERS: serviceEnv().KAFKA_BROKERS, QUOTES_TOPIC: topics.quotes, SALES_TOPIC: topics.sales, METRICS_TOPIC: topics.metrics, ARCHIVER_GROUP_ID: groupId,
    KAFKA_SESSION_TIMEOUT_MS: '6000', ROLL_BYTES: '6000', CACHE_DIR: cache, ...store.env,
  };
  const read = async <T>(sql: (dir: string) => string): Promise<T[]> => query<T>(sql(await store.snapshot()));
  const rawCount = async (topic: string) =>
    Number((await read<{ n: bigint }>((d) => `SELECT count(*) AS n FROM ${glob(d, 'raw', topic)}`).catch(() => [{ n: 0n }]))[0]?.n ?? 0);

  // Phase 1: rolls by size only; the tail stays in an open file when we SIGKILL.
  const a = startArchiver({ ...env, ROLL_MS: '600000' });
  // In small sends, so the archiver sees many batches and rolls part-way through a partition.
  for (let i = 0; i < sc.first.sales.length; i += 25) {
    await sendSales(sc.first.sales.slice(i, i + 25));
    await sleep(50);
  }
  await sendQuotes(sc.first.quotes);
  await waitFor('phase-1 sales files', async () => (await rawCount(topics.sales)) >= sc.first.sales.length / 2, 90_000);
  await sleep(1500);
  await a.stop('SIGKILL');
  const salesBeforeKill = await rawCount(topics.sales);
  const archivedBeforeKill = salesBeforeKill + (await rawCount(topics.quotes));
  const killedWithOpenFile = archivedBeforeKill < sc.first.sales.length + sc.first.quotes.length;
  if (!killedWithOpenFile) console.error(`archived ${archivedBeforeKill} (sales ${salesBeforeKill}) before the kill\n${a.output().slice(-4000)}`);

  // A commit lost with the process: the next run is offered everything again.
  await waitFor('group empty after the kill', () =>
    withAdmin(async (adm) => {
      try {
        for (const topic of [topics.sales, topics.quotes]) await adm.resetOffsets({ groupId, topic, earliest: true });
        return true;
      } catch {
        return false;
      }
    }), 60_000, 1000);

  // Phase 2: time rolls every second; duplicates, late and invalid records, dead letters.
  const b = startArchiver({ ...env, ROLL_MS: '1000', INSTANCE_ID: 'phase-2' });
  await sendSales(sc.second.sales);
  await sendQuotes(sc.second.quotes);
  await sendSales(sc.second.late);
  await producer.send({ topic: topics.sales, messages: sc.second.invalid.map((v) => ({ key: 'bad', value: v })) });
  await producer.send({ topic: dlqTopic(topics.sales), messages: sc.deadLetters.map((d) => ({ value: JSON.stringify(d) })) });
  await producer.disconnect();
  const validSales = sc.first.sales.length + sc.second.sales.length + sc.second.late.length;
  const validQuotes = sc.first.quotes.length + sc.second.quotes.length;
  await waitFor('every valid record archived', async () => (await rawCount(topics.sales)) >= validSales && (await rawCount(topics.quotes)) >= validQuotes && (await rawCount(dlqTopic(topics.sales))) >= sc.deadLetters.length, 120_000, 1000);
  expect(await b.stop('SIGTERM'), b.output().slice(-3000)).toBe(0);

  const published = await withAdmin(async (adm) => (await adm.fetchTopicOffsets(topics.metrics)).reduce((n, p) => n + Number(p.high), 0));
  const metrics = (await readAll(topics.metrics, published)).map((m) => JSON.parse(m.value) as MetricsEvent).filter((m) => m.instance === 'phase-2');
  const dir = await store.snapshot();
  const reportDir = await mkdtemp(join(tmpdir(), 'arch-report-'));
  const rep = await runReport(['--from', sc.from, '--to', sc.to, '--out', reportDir], { ...env, LOG_LEVEL: 'info' });
  expect(rep.code, rep.output).toBe(0);
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
  return { sc, dir, topics, query: (sql) => query(sql), report, reportDir, killedWithOpenFile, counters: metrics.at(-1)?.counters ?? {} };
}

export { glob };
