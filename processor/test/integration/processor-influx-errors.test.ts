import { setLogger } from '@influxdata/influxdb-client';
import { createLogger } from '@tickflow/common';
import { DeadLetterSchema, dlqTopic } from '@tickflow/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { LineBatch } from '../../src/core/line-batch.js';
import { InfluxWriter, type InfluxTarget } from '../../src/sinks/influx-writer.js';
import { serviceEnv, uniqueName } from '../../../test/support/env.js';
import { createBucket, orgId, queryRows, serverNow } from '../../../test/support/influx.js';
import { createTopics, groupLag, readAll, testKafka } from '../../../test/support/kafka.js';
import { startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// InfluxDB refusing the data itself dead-letters those points (type conflict) or counts them as
// skipped for retention (outside it), and moves on; refusing us (token, bucket) drops nothing, retries and reports unhealthy.
const log = createLogger('test', 'silent');
setLogger({ error: () => {}, warn: () => {} }); // the client logs every refusal; the assertions say what matters
const HOUR = 3_600_000;

function target(bucket: string, token = serviceEnv().INFLUX_TOKEN): InfluxTarget {
  const e = serviceEnv();
  return { url: e.INFLUX_URL, token, org: e.INFLUX_ORG, bucket, gzipThresholdBytes: 0 };
}

async function bucketWithRetention(name: string, seconds: number): Promise<string> {
  const e = serviceEnv();
  const res = await fetch(`${e.INFLUX_URL}/api/v2/buckets`, {
    method: 'POST',
    headers: { Authorization: `Token ${e.INFLUX_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ orgID: await orgId(), name, retentionRules: [{ type: 'expire', everySeconds: seconds }] }),
  });
  if (!res.ok) throw new Error(`bucket: ${res.status} ${await res.text()}`);
  return name;
}

const count = async (bucket: string, m: string): Promise<number> =>
  Number((await queryRows(`from(bucket: "${bucket}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "${m}") |> group() |> count()`))[0]?._value ?? 0);

const WRITE = { batchLines: 5000, lingerMs: 0, concurrency: 3, timeoutMs: 10_000, retryMinDelayMs: 200, retryMaxDelayMs: 10_000 };

let p: RunningService | undefined;
afterAll(async () => {
  await p?.stop('SIGKILL');
});

describe('InfluxWriter against InfluxDB refusals', () => {
  it('a field type conflict refuses only the conflicting line, with the server message; the rest is written', async () => {
    const bucket = await createBucket(uniqueName('conflict'));
    const w = new InfluxWriter(target(bucket), WRITE, log);
    expect(await w.write(LineBatch.of(['m,t=a v=1 1000']))).toEqual([]);
    const lines = Array.from({ length: 300 }, (_, i) => (i === 137 ? `m,t=a v=2i ${2000 + i}` : `m,t=a v=${i} ${2000 + i}`));
    const refused = await w.write(LineBatch.of(lines));
    expect(refused.map((r) => r.item)).toEqual(['m,t=a v=2i 2137']);
    expect(refused[0]?.error).toMatch(/type conflict/);
    expect(await count(bucket, 'm')).toBe(300);
  });

  it('lanes writing at once (requests shared while slots are busy): only the conflicting line is refused, to its own lane', async () => {
    const bucket = await createBucket(uniqueName('shared'));
    const w = new InfluxWriter(target(bucket), WRITE, log);
    expect(await w.write(LineBatch.of(['m,t=a v=1 1000']))).toEqual([]);
    // 12 lanes at once, 3 request slots: the 9 that wait share a request, which InfluxDB refuses.
    const lanes = Array.from({ length: 12 }, (_, lane) => Array.from({ length: 50 }, (_, i) => `m,t=a,lane=${lane} v=${lane === 7 && i === 20 ? '2i' : i} ${2000 + i}`));
    const refused = await Promise.all(lanes.map((l) => w.write(LineBatch.of(l))));
    expect(refused.map((r) => r.map((x) => x.item))).toEqual(lanes.map((l, lane) => (lane === 7 ? [l[20]] : [])));
    expect(await count(bucket, 'm')).toBe(1 + 12 * 50 - 1);
  });

  it('points outside the bucket retention are refused; the others are written', async () => {
    const bucket = await bucketWithRetention(uniqueName('retention'), 3600);
    const w = new InfluxWriter(target(bucket), WRITE, log);
    const now = await serverNow();
    const ns = (ms: number) => `${ms}000000`; // the writer sends precision=ns, as toLineProtocol writes
    const refused = await w.write(LineBatch.of([`m,t=a v=1 ${ns(now)}`, `m,t=a v=2 ${ns(now - 48 * HOUR)}`, `m,t=a v=3 ${ns(now - 1000)}`]));
    expect(refused.map((r) => r.item)).toEqual([`m,t=a v=2 ${ns(now - 48 * HOUR)}`]);
    expect(refused[0]?.error).toMatch(/retention|dropped/);
    expect(await count(bucket, 'm')).toBe(2);
  });

  for (const [what, make] of [
    ['a wrong token (401)', (b: string) => target(b, 'not-a-token')],
    ['an unknown bucket (404)', () => target(uniqueName('missing'))],
  ] as const) {
    it(`${what}: nothing refused or dropped; retries, unhealthy until shutdown`, async () => {
      const bucket = await createBucket(uniqueName('cfg'));
      const abort = new AbortController();
      const w = new InfluxWriter(make(bucket), WRITE, log, abort.signal);
      const writing = w.write(LineBatch.of(['m,t=a v=1 1000']));
      await waitFor('writer to report the fault', async () => !w.healthy && w.stats.retries >= 2, 30_000, 100);
      expect(w.fault?.error).toMatch(/HTTP 40[14]/);
      abort.abort();
      await expect(writing).rejects.toThrow();
      expect(w.stats.rejectedLines).toBe(0);
    });
  }
});

describe('processor: points InfluxDB refuses', () => {
  it('for their content: dead-lettered with the server message; beyond retention: counted as skipped, not dead-lettered', async () => {
    const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
    await createTopics([{ topic: topics.QUOTES_TOPIC, numPartitions: 1 }, { topic: topics.SALES_TOPIC, numPartitions: 1 }]);
    const now = await serverNow();
    const old = Math.floor((now - 48 * HOUR) / 60_000) * 60_000; // outside the 1 h retention; one candle minute
    const bucket = await bucketWithRetention(uniqueName('ret'), 3600);
    // A string `price` in this shard: the processor's float price of NEW conflicts with it.
    expect(await new InfluxWriter(target(bucket), WRITE, log).write(LineBatch.of([`quote,symbol=NEW price="text" ${now}000000`]))).toEqual([]);
    const producer = testKafka().producer();
    await producer.connect();
    const quote = (symbol: string, i: number, ts: number): string => JSON.stringify({ v: 1, symbol, ts: ts + i * 1000, price: 10 + i, volume: 1, source: 'sim' });
    await producer.send({
      topic: topics.QUOTES_TOPIC,
      messages: [
        ...[0, 1, 2].map((i) => ({ key: 'OLD', value: quote('OLD', i, old), timestamp: String(old + i * 1000) })),
        { key: 'NEW', value: quote('NEW', 0, now + 1), timestamp: String(now + 1) },
      ],
    });
    await producer.disconnect();
    const group = uniqueName('g-ret');
    // The processor is told raw keeps everything (test default): InfluxDB's 1 h retention refuses the old points.
    p = startProcessor({ ...topics, INFLUX_BUCKET: bucket, KAFKA_GROUP_ID: group, METRICS_INTERVAL_MS: '1000' });
    await waitFor('processor to move past the refused points', async () => (await groupLag(group, [topics.QUOTES_TOPIC]).catch(() => -1)) === 0, 90_000);
    expect(await p.stop('SIGTERM')).toBe(0);
    const dlq = (await readAll(dlqTopic(topics.QUOTES_TOPIC), 1, 60_000)).map((m) => DeadLetterSchema.parse(JSON.parse(m.value)));
    expect(dlq.map((d) => Buffer.from(d.originalBase64, 'base64').toString().split(' ')[0]), JSON.stringify(dlq)).toEqual(['quote,symbol=NEW']);
    expect(dlq[0]?.reason).toBe('influx_rejected');
    expect(dlq[0]?.error).toMatch(/HTTP 4\d\d.*type conflict/);
    // 3 quote lines and the minute's candle line of OLD.
    const skipped = await queryRows(`from(bucket: "${bucket}") |> range(start: 0)
      |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "retention" and r._field == "raw_skipped_points") |> last()`);
    expect(skipped.map((r) => r._value)).toEqual([4]);
  }, 180_000);
});
