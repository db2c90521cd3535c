/**
 * Ceiling: kafkajs alone. Consumes TOPIC from the beginning with eachBatch (the processor's
 * consumer settings: no auto-commit, explicit resolveOffset + commit per batch) and does
 * nothing else. Prints {"events":n,"seconds":s,"batches":b} once `EXPECT` records were consumed.
 */
import { registerKafkaCodecs } from '@tickflow/common';
import { Kafka, logLevel } from 'kafkajs';

async function main(): Promise<void> {
  const topic = process.env.TOPIC ?? '';
  const expect = Number(process.env.EXPECT);
  registerKafkaCodecs();
  const kafka = new Kafka({ clientId: 'bench-raw-consume', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: process.env.GROUP ?? `raw-${process.pid}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  let batches = 0;
  let started = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (started === 0) started = performance.now();
        let bytes = 0;
        for (const m of batch.messages) bytes += m.value?.length ?? 0; // touch every record
        if (bytes < 0) throw new Error('unreachable');
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        resolveOffset(batch.lastOffset());
        await heartbeat();
        n += batch.messages.length;
        batches++;
        if (n >= expect) resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ events: n, seconds, batches })}\n`);
  await consumer.disconnect();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`raw-consume: ${String(err)}\n`);
    process.exit(1);
  },
);
