import { DeadLetterSchema, dlqTopic } from '@tickflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serviceEnv, uniqueName } from '../../../test/support/env.js';
import { createBucket, queryRows } from '../../../test/support/influx.js';
import { createTopics, groupLag, readAll, testKafka } from '../../../test/support/kafka.js';
import { startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// A corpus of bad records, each with the reason it must be dead-lettered under. Every record
// is accounted for: consumed = processed + dead-lettered, and the DLQ keeps the original bytes.
const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
const T = Date.parse('2026-04-01T10:00:00Z'); // minute-aligned
// What one fetch returns per partition, as the processor under test is configured.
const { fetchMaxBytesPerPartition } = loadConfig({ ...serviceEnv(), ...topics }).consumer;
const quote = (o: object): string => JSON.stringify({ v: 1, symbol: 'AAPL', ts: T, price: 190.5, volume: 10, source: 'sim', ...o });
const sale = (o: object): string =>
  JSON.stringify({
    v: 1, orderId: 'o-1', customerId: 'c-1', segment: 'consumer', ts: T, category: 'Books', product: 'Streaming Systems',
    quantity: 2, unitPrice: 50, amount: 100, currency: 'EUR', city: 'Paris', country: 'FR', paymentMethod: 'card', ...o,
  });

const QUOTES: [string, string | null][] = [
  ['not json {', 'not_json'],
  ['', 'not_json'],
  [JSON.stringify({ v: 1, symbol: 'AAPL', ts: T, source: 'sim' }), 'invalid_schema'], // no price
  [quote({ price: -5 }), 'invalid_value'],
  [quote({ price: 'NaN' }), 'invalid_value'],
  [quote({ ts: T + 86_400_000 }), 'future_timestamp'],
  [quote({}), null],
  [quote({}), 'duplicate'],
  [quote({ ts: T - 1000 }), 'late'],
  [quote({ ts: T + 1000, price: 191 }), null],
  // Four times what one fetch returns per partition: it must still be consumed, not stall the partition.
  [`not json ${'x'.repeat(fetchMaxBytesPerPartition * 4)}`, 'not_json'],
  [quote({ ts: T + 2000, price: 192 }), null],
];
const SALES: [string, string | null][] = [
  [sale({}), null],
  [sale({}), 'duplicate'],
  [sale({ orderId: 'o-2', currency: 'XYZ' }), 'unknown_currency'],
  [sale({ orderId: 'o-3', amount: 999 }), 'invalid_value'],
  [sale({ orderId: 'o-7', ts: T + 250_000 }), null],
  [sale({ orderId: 'o-4', ts: T + 300_000 }), null], // watermark -> T + 270 s
  [sale({ orderId: 'o-5', ts: T + 5_000 }), 'late'], // its window ended at T + 60 s
  [sale({ orderId: 'o-6', ts: T + 255_000 }), null], // late, but window [T+240s, T+300s) is still open
];

let p: RunningService;
let bucket = '';

beforeAll(async () => {
  await createTopics([
    { topic: topics.QUOTES_TOPIC, numPartitions: 1 },
    { topic: topics.SALES_TOPIC, numPartitions: 1 },
  ]);
  const producer = testKafka().producer();
  await producer.connect();
  // Record timestamps are the processor's "now" for the future-timestamp check.
  const ts = String(T + 60_000);
  await producer.send({ topic: topics.QUOTES_TOPIC, messages: QUOTES.map(([value]) => ({ key: 'AAPL', value, timestamp: ts })) });
  await producer.send({ topic: topics.SALES_TOPIC, messages: SALES.map(([value], i) => ({ key: `k${i}`, value, timestamp: ts })) });
  await producer.disconnect();

  bucket = await createBucket(uniqueName('dlq'));
  const group = uniqueName('g-dlq');
  p = startProcessor({ ...topics, INFLUX_BUCKET: bucket, KAFKA_GROUP_ID: group, METRICS_INTERVAL_MS: '500' });
  await waitFor('processor to catch up', async () => (await groupLag(group, [topics.QUOTES_TOPIC, topics.SALES_TOPIC]).catch(() => -1)) === 0, 60_000);
  expect(await p.stop('SIGTERM')).toBe(0);
});

afterAll(async () => {
  await p?.stop('SIGKILL');
});

describe('dead-letter path', () => {
  for (const [name, corpus, topic] of [
    ['quotes', QUOTES, topics.QUOTES_TOPIC],
    ['sales', SALES, topics.SALES_TOPIC],
  ] as const) {
    it(`${name}: every bad record is in ${name}.dlq with its reason, original bytes and offset`, async () => {
      const expected = corpus.map(([value, reason], offset) => ({ value, reason, offset })).filter((e) => e.reason !== null);
      const dlq = (await readAll(dlqTopic(topic), expected.length)).map((m) => DeadLetterSchema.parse(JSON.parse(m.value)));
      const got = dlq.map((d) => ({ value: Buffer.from(d.originalBase64, 'base64').toString(), reason: d.reason, offset: Number(d.source.offset) }));
      expect(got.sort((a, b) => a.offset - b.offset)).toEqual(expected);
      for (const d of dlq) {
        expect(d.source.topic).toBe(topic);
        expect(d.source.partition).toBe(0);
        expect(d.error.length).toBeGreaterThan(0);
      }
    });
  }

  it('exports consumed = processed + dead-lettered per topic', async () => {
    const rows = await queryRows(`
      from(bucket: "${bucket}") |> range(start: 0)
        |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "throughput")
        |> last() |> pivot(rowKey: ["_time", "topic"], columnKey: ["_field"], valueColumn: "_value")`);
    const byTopic = new Map(rows.map((r) => [String(r.topic), r as Record<string, number>]));
    for (const [topic, corpus] of [
      [topics.QUOTES_TOPIC, QUOTES],
      [topics.SALES_TOPIC, SALES],
    ] as const) {
      const r = byTopic.get(topic);
      expect(r, topic).toBeDefined();
      expect(r?.consumed).toBe(corpus.length);
      expect(r?.processed).toBe(corpus.filter(([, reason]) => reason === null).length);
      expect((r?.processed ?? 0) + (r?.dead_lettered ?? 0)).toBe(r?.consumed);
    }
  });

  it('a late event within the allowed lateness updates its window in place', async () => {
    const rows = await queryRows(`
      from(bucket: "${bucket}") |> range(start: 0)
        |> filter(fn: (r) => r._measurement == "sales" and r.dim == "total" and r._field == "orders")`);
    const byWindow = new Map(rows.map((r) => [Date.parse(String(r._time)) - T, r._value]));
    // One point per window (rewritten in place), and the late order o-6 counted in its window.
    expect(rows.length).toBe(3);
    expect(byWindow).toEqual(new Map([[0, 1], [240_000, 2], [300_000, 1]]));
  });
});
