import { DeadLetterSchema, QuoteEventSchema, SaleEventSchema, dlqTopic, type DeadLetter } from '@tickflow/contracts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SalesGenerator } from '../../producer/src/sim/core/sales-gen.js';
import { serviceEnv, uniqueName } from '../support/env.js';
import { readAll, withAdmin } from '../support/kafka.js';
import { runProducer, startService, waitFor, type RunResult } from '../support/processes.js';

// The real producer CLI against real Kafka: keys, partitioning, dead letters and exit codes.
const PARTITIONS = 3;
const AAPL = 'datasets/aapl-daily-2015-2017.csv'; // relative to the repo root (the CLI's cwd)
const FIXTURES = 'producer/test/fixtures/replay';
const START = '2026-02-02T00:00:00.000Z';

/** kafkajs' default partitioner (murmur2, as the Java client) over PARTITIONS partitions. */
const defaultPartition = (key: string): number => {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0] }));
  return partitioner({ topic: 't', partitionMetadata, message: { key, value: '' } } as unknown as PartitionerArgs);
};

/** Kafka's murmur2 (Java client, seed 0x9747b28c), written out as an independent check. */
function murmur2(key: string): number {
  const data = Buffer.from(key);
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ data.length;
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    let k = data.readInt32LE(i);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = data.length - i;
  if (rest === 3) h ^= data[i + 2]! << 16;
  if (rest >= 2) h ^= data[i + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ data[i]!, m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

const topicsEnv = () => {
  const t = { QUOTES_TOPIC: uniqueName('pk-q'), SALES_TOPIC: uniqueName('pk-s'), METRICS_TOPIC: uniqueName('pk-m') };
  return { ...t, TOPIC_PARTITIONS: String(PARTITIONS), METRICS_INTERVAL_MS: '60000' };
};

async function produce(args: string[], env: Record<string, string>): Promise<RunResult> {
  const r = await runProducer(args, env);
  expect(r.code, `${args.join(' ')}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
}

/** The "replay done" summary the CLI logs. */
const summaryOf = (r: RunResult): Record<string, unknown> =>
  JSON.parse(r.stderr.split('\n').find((l) => l.includes('"msg":"replay done"')) ?? '{}') as Record<string, unknown>;

/** Every key sits in exactly one partition, and it is the default partitioner's. */
function expectKeyedPartitions(messages: { key: string | null; partition: number }[]): Set<string> {
  const partitionsOf = new Map<string, Set<number>>();
  for (const m of messages) {
    expect(m.key).not.toBeNull();
    const set = partitionsOf.get(m.key!) ?? new Set();
    set.add(m.partition);
    partitionsOf.set(m.key!, set);
  }
  for (const [key, parts] of partitionsOf) {
    expect([...parts], key).toEqual([defaultPartition(key)]);
    expect(defaultPartition(key), key).toBe((murmur2(key) & 0x7fffffff) % PARTITIONS);
  }
  return new Set(partitionsOf.keys());
}

describe('producer replay to Kafka', () => {
  const env = topicsEnv();
  let run: RunResult;
  beforeAll(async () => {
    run = await produce(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close', '--date-format', 'YYYY/M/D', '--keep-time'], env);
  });

  it('sends the 506 AAPL daily bars keyed by symbol, in file order, to the default partition', async () => {
    const msgs = await readAll(env.QUOTES_TOPIC, 506);
    expect(msgs).toHaveLength(506);
    expect(expectKeyedPartitions(msgs)).toEqual(new Set(['AAPL']));
    const quotes = msgs.map((m) => QuoteEventSchema.parse(JSON.parse(m.value)));
    expect(quotes[0]).toEqual({ v: 1, symbol: 'AAPL', ts: Date.parse('2015-02-17T00:00:00Z'), price: 127.830002, open: 127.489998, high: 128.880005, low: 126.919998, volume: 0, source: 'replay' });
    expect(quotes.at(-1)).toMatchObject({ ts: Date.parse('2017-02-16T00:00:00Z'), price: 135.350006 });
    expect(quotes.every((q, i) => i === 0 || q.ts > quotes[i - 1]!.ts)).toBe(true);
    expect(summaryOf(run)).toMatchObject({ rows: 506, sent: 506, deadLettered: 0 });
  });

  it('spreads several symbols over partitions by key, each symbol in one partition, in order', async () => {
    const e = topicsEnv();
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'BTC-USD', 'ETH-USD', 'SHIB-USD', 'TSLA', 'AMZN'];
    const lines = ['time|ticker|last'];
    for (let i = 0; i < 25; i++) symbols.forEach((s, j) => lines.push(`${1_767_000_000 + i * 60}|${s}|${(10 + j + i / 100).toFixed(2)}`));
    const file = join(mkdtempSync(join(tmpdir(), 'pk-')), 'multi.psv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await produce(['replay', '--file', file, '--format', 'csv', '--symbol-column', 'ticker', '--time-column', 'time', '--price-column', 'last', '--date-format', 'epoch-s', '--keep-time'], e);
    const msgs = await readAll(e.QUOTES_TOPIC, 200);
    expect(expectKeyedPartitions(msgs)).toEqual(new Set(symbols));
    expect(new Set(msgs.map((m) => m.partition)).size).toBeGreaterThan(1);
    for (const s of symbols) {
      const ts = msgs.filter((m) => m.key === s).map((m) => (JSON.parse(m.value) as { ts: number }).ts);
      expect(ts).toEqual(Array.from({ length: 25 }, (_, i) => (1_767_000_000 + i * 60) * 1000));
    }
  });

  it('dead-letters malformed lines to <topic>.dlq with reasons and line numbers', async () => {
    const e = topicsEnv();
    const file = `${FIXTURES}/malformed.csv`;
    const r = await produce(['replay', '--file', file, '--symbol-column', 'symbol', '--time-column', 'date', '--price-column', 'price, close', '--volume-column', 'volume', '--date-format', 'iso'], e);
    expect(summaryOf(r)).toMatchObject({ rows: 10, sent: 2, deadLettered: 8 });
    const dlq = (await readAll(dlqTopic(e.QUOTES_TOPIC), 8)).map((m) => DeadLetterSchema.parse(JSON.parse(m.value)));
    const seen = dlq.map((d: DeadLetter) => [d.source.line, d.reason, d.error.split(':')[0], d.source.file]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(seen).toEqual([
      [3, 'parse_error', 'bad_number', file],
      [4, 'parse_error', 'bad_date', file],
      [6, 'parse_error', 'missing_column', file],
      [7, 'parse_error', 'extra_columns', file],
      [8, 'parse_error', 'bad_quotes', file], // runs into line 9, as a multi-line field would
      [10, 'invalid_value', 'invalid_value', file],
      [11, 'parse_error', 'empty_value', file],
      [14, 'parse_error', 'bad_date', file],
    ]);
    const line3 = dlq.find((d) => d.source.line === 3)!;
    expect(Buffer.from(line3.originalBase64, 'base64').toString()).toBe('2024-03-01T14:31:00Z,MSFT,"4,16.0",100');
    const good = await readAll(e.QUOTES_TOPIC, 2);
    expect(good.map((m) => [m.key, (JSON.parse(m.value) as { price: number }).price])).toEqual([['MSFT', 415.5], ['MSFT', 1416.75]]);
  });

  it('sales-replay dead-letters bad order lines to the sales DLQ', async () => {
    const e = topicsEnv();
    const cols = ['--order-id-column', 'Commande', '--customer-id-column', 'Client', '--time-column', 'Date', '--category-column', 'Catégorie',
      '--product-column', 'Article', '--quantity-column', 'Qté', '--unit-price-column', 'Prix unitaire', '--currency-column', 'Devise',
      '--city-column', 'Ville', '--country-column', 'Pays', '--payment-method-column', 'Paiement', '--segment-column', 'Segment'];
    await produce(['sales-replay', '--file', `${FIXTURES}/sales-eu.csv`, '--decimal', ',', '--date-format', 'D/M/YYYY', '--timezone', 'Europe/Paris', ...cols], e);
    const sales = await readAll(e.SALES_TOPIC, 3);
    expect(expectKeyedPartitions(sales)).toEqual(new Set(['F-1001', 'F-1002', 'F-1006']));
    const dlq = (await readAll(dlqTopic(e.SALES_TOPIC), 3)).map((m) => DeadLetterSchema.parse(JSON.parse(m.value)));
    expect(dlq.map((d) => [d.source.line, d.error.split(':')[0]]).sort()).toEqual([[4, 'bad_number'], [5, 'bad_date'], [6, 'invalid_value']]);
  });
});

describe('producer sales to Kafka', () => {
  it('keys orders by order id, each in the default partitioner\'s partition', async () => {
    const e = topicsEnv();
    await produce(['sales', '--seed', '5', '--count', '300', '--rate', '20', '--speed', 'max', '--start', START], e);
    const msgs = await readAll(e.SALES_TOPIC, 300);
    const expected = new SalesGenerator({ seed: 5, startTs: Date.parse(START), peakRatePerSec: 20, customers: 5000 });
    const ids = expectKeyedPartitions(msgs);
    expect(ids.size).toBe(300);
    const byId = new Map(msgs.map((m) => [m.key, SaleEventSchema.parse(JSON.parse(m.value))]));
    for (let i = 0; i < 300; i++) {
      const s = expected.next();
      expect(byId.get(s.orderId)).toEqual(s);
    }
    expect(new Set(msgs.map((m) => m.partition))).toEqual(new Set([0, 1, 2]));
  });
});

describe('producer CLI errors', () => {
  it('exits 2 with a clear message on a bad flag', async () => {
    const r = await runProducer(['replay', '--no-such-flag', 'x'], topicsEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("tickflow-producer: unknown option '--no-such-flag'; see `tickflow-producer replay --help`\n");
  });

  it('exits 2 on a bad flag value and on a file whose header lacks a mapped column', async () => {
    const speed = await runProducer(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close', '--speed', 'fast'], topicsEnv());
    expect(speed.code).toBe(2);
    expect(speed.stderr).toBe('tickflow-producer: --speed "fast": must be a positive number or a multiplier like 10x (event time per wall time), or max; see `tickflow-producer replay --help`\n');
    const column = await runProducer(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'Adj Close'], topicsEnv());
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('column "Adj Close" (--price-column) is not in the header');
  });

  it('exits 2 with a clear message when KAFKA_BROKERS is missing', async () => {
    const r = await runProducer(['replay', '--file', AAPL, '--symbol', 'AAPL'], { ...topicsEnv(), KAFKA_BROKERS: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAFKA_BROKERS: required, e.g. localhost:9092');
  });
});

describe('producer stop', () => {
  // Regression: 15,000 symbols once made one send of 900,000 messages that blocked the event
  // loop for minutes, so SIGTERM was never handled. Now batches are bounded and SIGTERM stops
  // the pump after the batch in flight; every quote it reports sent is in Kafka, once.
  it('sim with 15,000 symbols stops on SIGTERM with bounded sends and nothing lost or repeated', async () => {
    const e = topicsEnv();
    const symbols = Array.from({ length: 15_000 }, (_, i) => `S${String(i).padStart(5, '0')}`).join(',');
    const args = ['--import', 'tsx', 'producer/src/main.ts', 'sim', '--symbols', symbols, '--speed', 'max', '--progress-ms', '200'];
    const child = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, ...serviceEnv(), LOG_LEVEL: 'info', ...e }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = once(child, 'exit');
    try {
      // Quotes are flowing once a progress line reports some sent.
      await waitFor('quotes flowing', async () => /"msg":"progress"/.test(out) && /"module":"progress".*"eventsPerSec":[1-9]/.test(out), 120_000, 100);
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, out.slice(-2000)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const done = JSON.parse(out.split('\n').find((l) => l.includes('"msg":"pump done"')) ?? '{}') as { aborted: boolean; quotes: number; batches: number };
    expect(done).toMatchObject({ aborted: true });
    expect(done.quotes).toBeGreaterThan(0);
    expect(done.quotes / done.batches).toBeLessThanOrEqual(5000);
    const offsets = await withAdmin((a) => a.fetchTopicOffsets(e.QUOTES_TOPIC));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(done.quotes);
    const msgs = await readAll(e.QUOTES_TOPIC, done.quotes);
    const first = msgs.filter((m) => m.key === 'S00000').map((m) => (JSON.parse(m.value) as { ts: number }).ts);
    expect(first).toEqual([...new Set(first)].sort((a, b) => a - b)); // per key: in order, no repeats
  });

  // A demo run at real time sleeps between events; SIGTERM must end the sleep, not wait it out
  // (the 8 s stop deadline would exit 1): exit 0, every order it pulled in Kafka, once.
  it('sales at real speed stops on SIGTERM while the pump sleeps until the next order', async () => {
    const e = topicsEnv();
    const svc = startService('producer/src/main.ts', { ...e, LOG_LEVEL: 'info' }, ['sales', '--rate', '0.001', '--speed', '1', '--progress-ms', '200']);
    try {
      await waitFor('the first order sent', async () => /"module":"progress".*"done":[1-9]/.test(svc.output()), 120_000, 100);
      expect(await svc.stop('SIGTERM'), svc.output().slice(-2000)).toBe(0);
    } finally {
      await svc.stop('SIGKILL');
    }
    const done = JSON.parse(svc.output().split('\n').find((l) => l.includes('"msg":"pump done"')) ?? '{}') as { aborted: boolean; sales: number };
    expect(done).toMatchObject({ aborted: true });
    expect(done.sales).toBeGreaterThanOrEqual(1);
    const offsets = await withAdmin((a) => a.fetchTopicOffsets(e.SALES_TOPIC));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(done.sales);
  });
});
