import { ConfigError, createLogger, dlqTopic, ensureTopics, kafkaClientConfig } from '@tickflow/common';
import { setLogger } from '@influxdata/influxdb-client';
import { Kafka } from 'kafkajs';
import { loadConfig } from './config.js';
import { handlerFactory } from './handlers.js';
import { Pipeline } from './pipeline.js';
import { DeadLetterProducer } from './sinks/dead-letter-producer.js';
import { InfluxWriter } from './sinks/influx-writer.js';

/** Wiring only: config -> clients -> pipeline; SIGTERM drains, flushes, commits and exits. */
async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tickflow-processor: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger('processor', cfg.logLevel);
  const influxLog = log.child({ module: 'influxdb-client' });
  setLogger({ error: (m, e) => influxLog.debug({ err: e }, m), warn: (m, e) => influxLog.debug({ err: e }, m) });

  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const sourceTopics = [cfg.topics.quotes, cfg.topics.sales];
  await ensureTopics(kafka, sourceTopics.map(dlqTopic).map((topic) => ({ topic, numPartitions: 1 })), log.child({ module: 'admin' }));

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: cfg.groupId, allowAutoTopicCreation: false });
  const writer = new InfluxWriter(cfg.influx, cfg.write.batchLines, log.child({ module: 'influx-writer' }));
  const pipeline = new Pipeline({
    consumer,
    writer,
    deadLetters: new DeadLetterProducer(producer, log.child({ module: 'dlq' })),
    handlerFor: handlerFactory(cfg),
    log: log.child({ module: 'pipeline' }),
  });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = new Map(Object.entries(payload.memberAssignment));
    pipeline.retainOnly(assigned);
    log.info({ assignment: payload.memberAssignment, generation: payload.groupId }, 'partitions assigned');
  });

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: sourceTopics, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => pipeline.onBatch(p) });
  log.info({ topics: sourceTopics, group: cfg.groupId, influx: cfg.influx.url, bucket: cfg.influx.bucket }, 'processor running');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, stats: pipeline.stats }, 'stopping: draining the current batch');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting (uncommitted records will be replayed)');
      process.exit(1);
    }, 15_000);
    await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
    await producer.disconnect().catch((err) => log.error({ err }, 'producer disconnect failed'));
    await writer.close();
    clearTimeout(timer);
    log.info({ stats: pipeline.stats }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`tickflow-processor: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
