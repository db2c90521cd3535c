import { randomBytes } from 'node:crypto';
import { InfluxDB, Point } from '@influxdata/influxdb-client';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { serverNow } from '../support/influx.js';

// Proves the integration environment is real: a broker that stores and serves messages, and
// an InfluxDB 2.x that stores and queries points. Names are unique per run, so this can run
// against long-lived or shared services.
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

function env(name: 'KAFKA_BROKERS' | 'INFLUX_URL' | 'INFLUX_TOKEN' | 'INFLUX_ORG' | 'INFLUX_BUCKET'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set in the test worker; test/global-setup.ts should have set it`);
  return value;
}

describe('test services', () => {
  it('global setup hands the same endpoints to workers via process.env and inject()', () => {
    const provided = inject('tickflowServices');
    expect(provided.KAFKA_BROKERS).toBe(env('KAFKA_BROKERS'));
    expect(provided.INFLUX_URL).toBe(env('INFLUX_URL'));
    expect(provided.INFLUX_TOKEN).toBe(env('INFLUX_TOKEN'));
  });

  describe('Kafka', () => {
    const kafka = new Kafka({ clientId: 'tickflow-services-test', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
    const topic = `tickflow-it-services-${suffix}`;
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    afterAll(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('creates a topic, produces and consumes a message', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
        expect(await admin.listTopics()).toContain(topic);
      } finally {
        await admin.disconnect();
      }

      producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const value = `hello ${suffix}`;
      await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value }] });

      const c = kafka.consumer({ groupId: `tickflow-it-services-${suffix}` });
      consumer = c;
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<{ key: string; value: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 60 s`)), 60_000);
        void c.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
          },
        });
      });
      expect(received).toEqual({ key: 'k1', value });
    }, 90_000);
  });

  describe('InfluxDB', () => {
    it('reports a healthy 2.x server', async () => {
      const res = await fetch(new URL('/health', env('INFLUX_URL')));
      expect(res.status).toBe(200);
      const health = (await res.json()) as { status: string; version: string };
      expect(health.status).toBe('pass');
      expect(health.version).toMatch(/^v?2\.\d+\.\d+/);
    });

    it('writes a point with line protocol and reads it back with Flux', async () => {
      const influx = new InfluxDB({ url: env('INFLUX_URL'), token: env('INFLUX_TOKEN') });
      const measurement = `it_services_${suffix}`;
      const at = new Date(await serverNow(influx.getQueryApi(env('INFLUX_ORG')))); // the clock `range(start: -1h)` is read by
      const writer = influx.getWriteApi(env('INFLUX_ORG'), env('INFLUX_BUCKET'), 'ms');
      writer.writePoint(new Point(measurement).tag('source', 'services-test').floatField('price', 187.25).timestamp(at));
      await writer.close(); // flushes; rejects if InfluxDB refused the write

      const rows = await influx.getQueryApi(env('INFLUX_ORG')).collectRows<{ _value: number; _field: string; source: string; _time: string }>(
        `from(bucket: "${env('INFLUX_BUCKET')}")
          |> range(start: -1h, stop: 1h)
          |> filter(fn: (r) => r._measurement == "${measurement}")`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ _field: 'price', _value: 187.25, source: 'services-test' });
      expect(Date.parse(rows[0]!._time)).toBe(at.getTime());
    });
  });
});
