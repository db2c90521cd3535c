import { dlqTopic } from '@tickflow/contracts';
import { createLogger, ensureTopics, kafkaClientConfig, retry, retryKafka, startHeartbeatFile } from '@tickflow/common';
import { Kafka, Partitioners } from 'kafkajs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Archiver } from '../archiver.js';
import type { ArchiverConfig } from '../config.js';
import type { TopicKind } from '../core/columns.js';
import { openStore } from '../sinks/open-store.js';
import { startMetricsPublisher } from '../sinks/metrics-publisher.js';
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
    heartbeatInterval: Math.max(500, Math.floor(cfg.sessionTimeoutMs / 10)),
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
  const archiver = new Archiver({ cfg, consumer, store, writer, kindOf: (t) => kinds.get(t) ?? 'dlq', log: log.child({ module: 'archiver' }) });

  let stopping = false;
  const shutdown = new AbortController();
  const timers: { tick?: NodeJS.Timeout; metrics?: { stop(): Promise<void> } } = {};
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    shutdown.abort();
    clearInterval(timers.tick);
    log.info({ signal }, 'stopping: rolling open files');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting (the archive resumes from its files)');
      process.exit(1);
    }, 20_000);
    consumer.pause([...kinds.keys()].map((topic) => ({ topic })));
    await archiver.flushAll().catch((err) => log.error({ err }, 'final roll failed; the records will be re-read'));
    await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
    await timers.metrics?.stop();
    await producer.disconnect().catch(() => undefined);
    clearTimeout(timer);
    log.info({ stats: archiver.stats.snapshot() }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    void archiver.onAssignment(payload.memberAssignment);
    log.info({ assignment: payload.memberAssignment }, 'partitions assigned');
  });

  if (cfg.heartbeatFile) {
    const hb = startHeartbeatFile(cfg.heartbeatFile, 5000, 3 * cfg.sessionTimeoutMs, log.child({ module: 'heartbeat' }));
    for (const e of [consumer.events.FETCH, consumer.events.HEARTBEAT, consumer.events.GROUP_JOIN]) consumer.on(e, hb.alive);
  }

  const startLog = log.child({ module: 'startup' });
  // Half-written files of a killed run: never renamed or uploaded, so never part of the archive.
  await rm(store.scratchDir, { recursive: true, force: true });
  // The store must answer before we consume: a wrong bucket or credentials fail here, clearly.
  await retry(() => store.list('raw/'), { what: `reaching the archive at ${store.location}`, log: startLog, canRetry: (e) => (e as { canRetry?: boolean }).canRetry === true, signal: shutdown.signal });
  const ownTopics = [...[quotes, sales].map(dlqTopic), cfg.metrics.topic].map((topic) => ({ topic, numPartitions: 1 }));
  await retryKafka('creating dead-letter and metrics topics', () => ensureTopics(kafka, ownTopics, log.child({ module: 'admin' })), startLog, shutdown.signal);
  await retryKafka('connecting', async () => {
    await consumer.connect();
    await producer.connect();
  }, startLog, shutdown.signal);
  await retryKafka('subscribing', () => consumer.subscribe({ topics: [...kinds.keys()], fromBeginning: true }), startLog, shutdown.signal);
  if (stopping) return;
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => archiver.onBatch(p) });
  const tickMs = Math.max(100, Math.min(5000, Math.floor(cfg.roll.ms / 4)));
  timers.tick = setInterval(() => void archiver.tick().catch((err) => log.error({ err }, 'time roll failed')), tickMs);
  setInterval(() => log.info({ stats: archiver.stats.snapshot() }, 'progress'), 60_000).unref();
  const metricsLog = log.child({ module: 'metrics' });
  timers.metrics = startMetricsPublisher(producer, cfg.metrics.topic, () => archiver.stats.snapshot(), { instance, intervalMs: cfg.metrics.intervalMs }, metricsLog);
  log.info({ topics: [...kinds.keys()], group: cfg.groupId, archive: store.location, rollBytes: cfg.roll.bytes, rollMs: cfg.roll.ms, compression: cfg.compression }, 'archiver running');
}
