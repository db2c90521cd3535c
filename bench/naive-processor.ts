/**
 * Baseline processor for `npm run bench`: kafkajs eachMessage, indicators recomputed over the
 * last 200 prices with technicalindicators on every tick (NaiveQuoteCore), and one HTTP write
 * per point. Reads QUOTES_TOPIC, KAFKA_GROUP_ID, KAFKA_BROKERS, INFLUX_URL/TOKEN/ORG/BUCKET.
 * Not crash-safe and not meant to be: it is what the real processor is compared against.
 */
import { registerKafkaCodecs } from '@tickflow/common';
import { Kafka, logLevel } from 'kafkajs';
import { NaiveQuoteCore } from './naive-core.js';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

async function main(): Promise<void> {
  const core = new NaiveQuoteCore();
  const url = `${env('INFLUX_URL')}/api/v2/write?org=${encodeURIComponent(env('INFLUX_ORG'))}&bucket=${encodeURIComponent(env('INFLUX_BUCKET'))}&precision=ns`; // toLineProtocol writes ns timestamps
  const headers = { Authorization: `Token ${env('INFLUX_TOKEN')}`, 'Content-Type': 'text/plain; charset=utf-8' };
  registerKafkaCodecs();
  const kafka = new Kafka({ clientId: 'naive-processor', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: env('KAFKA_GROUP_ID') });
  await consumer.connect();
  await consumer.subscribe({ topic: env('QUOTES_TOPIC'), fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    autoCommitInterval: 200,
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      for (const line of core.handle(message.value)) {
        const res = await fetch(url, { method: 'POST', headers, body: line });
        if (!res.ok) throw new Error(`InfluxDB write ${res.status}: ${await res.text()}`);
      }
    },
  });
  const stop = async (): Promise<void> => {
    await consumer.disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`naive-processor: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
