import { setLogger } from '@influxdata/influxdb-client';
import { ConfigError, dlqTopic } from '@tickflow/contracts';
import { createLogger, ensureTopics, kafkaClientConfig, retryKafka } from '@tickflow/common';
import { Kafka } from 'kafkajs';
import { hostname } from 'node:os';
import { readChangelog } from './changelog.js';
import { processorCli } from './cli.js';
import { loadConfig, type ProcessorConfig } from './config.js';
import { handlerFactory } from './handlers.js';
import { DEFAULTS } from './options.js';
import { Pipeline } from './pipeline/pipeline.js';
import { startHeartbeatFile } from './sinks/heartbeat-file.js';
import { InfluxWriter } from './sinks/influx-writer.js';
import { openKafkaOutputs } from './sinks/kafka-outputs.js';
import { startSelfMetrics } from './sinks/self-metrics-reporter.js';
import { runKafkaSource, superviseConsumer } from './sources/kafka-source.js';

function configOrExit(env: Record<string, string | undefined>): Readonly<ProcessorConfig> {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tickflow-processor: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Wiring only: config -> clients -> pipeline; SIGTERM commits, leaves the group and exits. */
async function main(): Promise<void> {
  const cli = processorCli(process.argv.slice(2));
  if ('exitCode' in cli) {
    process.stdout.write(cli.stdout);
    process.stderr.write(cli.stderr);
    process.exit(cli.exitCode);
  }
  const cfg = configOrExit(cli.env);
  const log = createLogger('processor', cfg.logLevel);
  const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
  const influxLog = log.child({ module: 'influxdb-client' });
  setLogger({ error: (m, e) => influxLog.debug({ err: e }, m), warn: (m, e) => influxLog.debug({ err: e }, m) });

  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const { quotes, sales, metrics, state } = cfg.topics;
  const sourceTopics = [quotes, sales, metrics];
  const consumer = kafka.consumer({
    groupId: cfg.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: cfg.sessionTimeoutMs,
    heartbeatInterval: Math.min(DEFAULTS.heartbeatIntervalMs, Math.floor(cfg.sessionTimeoutMs / 3)),
    maxWaitTimeInMs: cfg.fetchMaxWaitMs,
    minBytes: DEFAULTS.fetchMinBytes,
    maxBytesPerPartition: DEFAULTS.fetchMaxBytesPerPartition,
  });
  const writesAbort = new AbortController(); // ends write retries when shutdown cannot wait longer
  const writer = new InfluxWriter(cfg.influx, cfg.write.batchLines, log.child({ module: 'influx-writer' }), writesAbort.signal);
  const metricsWriter = new InfluxWriter(cfg.influx, cfg.write.batchLines, log.child({ module: 'metrics-writer' }), undefined, 0);
  const restoreLog = log.child({ module: 'changelog' });
  const outputs = {
    groupId: cfg.groupId,
    stateTopic: state,
    maxSendBytes: cfg.maxSendBytes,
    maxDeadLetterOriginalBytes: DEFAULTS.maxDeadLetterOriginalBytes,
    transactionTimeoutMs: DEFAULTS.transactionTimeoutMs,
  };
  const pipeline = new Pipeline({
    openOutputs: (topic, partition) => openKafkaOutputs(kafka, topic, partition, outputs),
    loadCheckpoints: (keys) => readChangelog(kafka, state, keys, restoreLog),
    points: writer,
    handlerFor: handlerFactory(cfg),
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
    options: {
      commitIntervalMs: cfg.commitIntervalMs,
      batchLines: cfg.write.batchLines,
      lingerMs: cfg.write.lingerMs,
      maxQueuedLines: cfg.write.maxQueuedLines,
      maxPendingDeadLetterBytes: DEFAULTS.maxPendingDeadLetterBytes,
      heartbeatIntervalMs: DEFAULTS.heartbeatIntervalMs,
    },
    log: log.child({ module: 'pipeline' }),
  });

  // Signals are handled from the start: a SIGTERM during start-up also exits cleanly.
  let stopping = false;
  const shutdown = new AbortController(); // interrupts start-up retries
  const started: { selfMetrics?: { stop(): Promise<void> } } = {};
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    shutdown.abort();
    log.info({ signal, totals: pipeline.stats.totals }, 'stopping: committing what was handled');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting (uncommitted records will be replayed)');
      process.exit(1);
    }, DEFAULTS.shutdownTimeoutMs);
    // InfluxDB down: stop waiting for it; what is not written is not committed, and replays.
    const giveUp = setTimeout(() => writesAbort.abort(), DEFAULTS.shutdownFlushMs);
    await pipeline.drain();
    clearTimeout(giveUp);
    await started.selfMetrics?.stop(); // final report, while partitions are still owned
    await pipeline.close();
    // Leaving the group hands our partitions over at once (no session timeout to wait out).
    await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
    clearTimeout(timer);
    log.info({ totals: pipeline.stats.totals }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  superviseConsumer(consumer, log, {
    restart: () =>
      retryKafka('restarting the consumer', async () => {
        await consumer.connect();
        await runKafkaSource(consumer, pipeline, cfg.write.partitionsConcurrency);
      }, log.child({ module: 'consumer' }), shutdown.signal),
    exit: (code) => process.exit(code),
  });
  consumer.on(consumer.events.REBALANCING, () => void pipeline.commitAll()); // commit before partitions move
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    pipeline.onAssignment(new Map(Object.entries(payload.memberAssignment)));
    log.info({ assignment: payload.memberAssignment, instance }, 'partitions assigned');
  });

  if (cfg.heartbeatFile) {
    const hb = startHeartbeatFile(cfg.heartbeatFile, DEFAULTS.heartbeatFileIntervalMs, DEFAULTS.heartbeatFileStaleSessions * cfg.sessionTimeoutMs, log.child({ module: 'heartbeat' }), () => writer.healthy);
    for (const e of [consumer.events.FETCH, consumer.events.HEARTBEAT, consumer.events.GROUP_JOIN]) consumer.on(e, hb.alive);
  }

  const startLog = log.child({ module: 'startup' });
  await retryKafka(
    'creating topics',
    () =>
      ensureTopics(
        kafka,
        [
          ...[quotes, sales].map((t) => ({ topic: dlqTopic(t), numPartitions: 1 })),
          { topic: metrics, numPartitions: 1 },
          { topic: state, numPartitions: 1, configs: { 'cleanup.policy': 'compact', 'max.message.bytes': String(DEFAULTS.stateTopicMaxMessageBytes) } },
        ],
        log.child({ module: 'admin' }),
      ),
    startLog,
    shutdown.signal,
  );
  await retryKafka('connecting', () => consumer.connect(), startLog, shutdown.signal);
  await retryKafka('subscribing', () => consumer.subscribe({ topics: sourceTopics, fromBeginning: true }), startLog, shutdown.signal);
  if (stopping) return;
  pipeline.start();
  await runKafkaSource(consumer, pipeline, cfg.write.partitionsConcurrency);
  if (stopping) return;
  started.selfMetrics = startSelfMetrics(
    () => ({ ...pipeline.snapshot(), influx: writer.stats, healthy: writer.healthy }),
    metricsWriter,
    instance,
    cfg.metricsIntervalMs,
    log.child({ module: 'self-metrics' }),
  );
  log.info({ topics: sourceTopics, group: cfg.groupId, state, influx: cfg.influx.url, bucket: cfg.influx.bucket, emit: cfg.market.emit }, 'processor running');
}

main().catch((err) => {
  process.stderr.write(`tickflow-processor: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
