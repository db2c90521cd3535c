import { dlqTopic, type MetricsEvent } from '@tickflow/contracts';
import { createLogger, handleStopSignals, kafkaClientConfig, retry, startConsumerOrExit, startMetricsPublisher, watchConsumerLiveness } from '@tickflow/common';
import { Kafka, Partitioners } from 'kafkajs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Archiver } from '../archiver.js';
import type { ArchiverConfig } from '../config.js';
import type { TopicKind } from '../core/columns.js';
import { openStore } from '../sinks/open-store.js';
import { ParquetWriter } from '../sinks/parquet-writer.js';

/** Wiring of the archiver service: Kafka consumer -> Archiver -> store; SIGTERM rolls, commits, exits. */
export async function runArchiver(cfg: Readonly<ArchiverConfig>): Promise<void> {
  const log = createLogger('archiver', cfg.logLevel);
  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const { quotes, sales } = cfg.topics;
  const kinds = new Map<string, TopicKind>([[quotes, 'quote'], [sales, 'sale'], [dlqTopic(quotes), 'dlq'], [dlqTopic(sales), 'dlq']]);
  const store = openStore(cfg.store);
  const writer = await ParquetWriter.open();
  const consumer = kafka.consumer({
    groupId: cfg.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: cfg.sessionTimeoutMs,
    heartbeatInterval: cfg.heartbeatIntervalMs,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
  const archiver = new Archiver({ cfg, consumer, store, writer, kindOf: (t) => kinds.get(t) ?? 'dlq', log: log.child({ module: 'archiver' }) });

  const timers: { tick?: NodeJS.Timeout; metrics?: { stop(): Promise<void> } } = {};
  const signals = handleStopSignals({
    log,
    timeoutMs: cfg.shutdownTimeoutMs,
    timeoutMessage: 'shutdown took too long; exiting (the archive resumes from its files)',
    stop: async (signal) => {
      clearInterval(timers.tick);
      log.info({ signal }, 'stopping: rolling open files');
      consumer.pause([...kinds.keys()].map((topic) => ({ topic })));
      await archiver.flushAll().catch((err) => log.error({ err }, 'final roll failed; the records will be re-read'));
      await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
      await timers.metrics?.stop();
      await producer.disconnect().catch(() => undefined);
      log.info({ stats: archiver.stats.snapshot() }, 'stopped');
    },
  });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    void archiver.onAssignment(payload.memberAssignment);
    log.info({ assignment: payload.memberAssignment }, 'partitions assigned');
  });
  watchConsumerLiveness(consumer, cfg.heartbeatFile, { ...cfg.liveness, log: log.child({ module: 'heartbeat' }) });

  const startLog = log.child({ module: 'startup' });
  // Half-written files of a killed run: never renamed or uploaded, so never part of the archive.
  await rm(store.scratchDir, { recursive: true, force: true });
  // The store must answer before we consume: a wrong bucket or credentials fail here, clearly.
  await retry(() => store.list('raw/'), { what: `reaching the archive at ${store.location}`, log: startLog, canRetry: (e) => (e as { canRetry?: boolean }).canRetry === true, signal: signals.signal });
  // Kafka not there: one line, then exit 75 after the connect timeout, not kafkajs' endless retries.
  const consuming = await startConsumerOrExit(kafka, consumer, {
    create: [...[quotes, sales].map(dlqTopic), cfg.metrics.topic].map((topic) => ({ topic, numPartitions: 1 })),
    subscribe: [...kinds.keys()],
    connect: () => producer.connect(),
    log: startLog,
    signal: signals.signal,
    reach: { brokers: cfg.kafka.brokers, timeoutMs: cfg.connectTimeoutMs },
  }, { stopping: () => signals.stopping, log });
  if (!consuming) return;
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => archiver.onBatch(p) });
  timers.tick = setInterval(() => void archiver.tick().catch((err) => log.error({ err }, 'time roll failed')), cfg.roll.tickMs);
  setInterval(() => log.info({ stats: archiver.stats.snapshot() }, 'progress'), cfg.progressLogIntervalMs).unref();
  const metricsLog = log.child({ module: 'metrics' });
  const send = async (event: MetricsEvent) => void (await producer.send({ topic: cfg.metrics.topic, messages: [{ key: instance, value: JSON.stringify(event) }] }));
  const meta = { service: 'archiver', source: 'archive', instance, intervalMs: cfg.metrics.intervalMs };
  timers.metrics = startMetricsPublisher(send, () => archiver.stats.snapshot(), meta, metricsLog);
  log.info({ topics: [...kinds.keys()], group: cfg.groupId, archive: store.location, rollBytes: cfg.roll.bytes, rollMs: cfg.roll.ms, compression: cfg.compression }, 'archiver running');
}
