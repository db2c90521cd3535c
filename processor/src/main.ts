import { setLogger } from '@influxdata/influxdb-client';
import { ConfigError, dlqTopic } from '@tickflow/contracts';
import { createLogger, handleStopSignals, kafkaClientConfig, retryKafka, startConsumerOrExit, watchConsumerLiveness } from '@tickflow/common';
import { Kafka } from 'kafkajs';
import { hostname } from 'node:os';
import { readChangelog } from './changelog.js';
import { processorCli } from './cli.js';
import { flagEnv, loadConfig, type ProcessorConfig } from './config.js';
import { handlerFactory } from './handlers.js';
import { metricsSnapshot } from './pipeline/metrics-snapshot.js';
import { Pipeline } from './pipeline/pipeline.js';
import { InfluxWriter } from './sinks/influx-writer.js';
import { openKafkaOutputs } from './sinks/kafka-outputs.js';
import { startSelfMetrics } from './sinks/self-metrics-reporter.js';
import { startRuntimeProbe } from './sources/runtime-probe.js';
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
  const cli = processorCli(process.argv.slice(2), flagEnv());
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
    heartbeatInterval: cfg.consumer.heartbeatIntervalMs,
    maxWaitTimeInMs: cfg.fetchMaxWaitMs,
    minBytes: cfg.consumer.fetchMinBytes,
    maxBytesPerPartition: cfg.consumer.fetchMaxBytesPerPartition,
  });
  const writesAbort = new AbortController(); // ends write retries when shutdown cannot wait longer
  const writeOptions = { batchLines: cfg.write.batchLines, ...cfg.influxRequests };
  const writer = new InfluxWriter(cfg.influx, writeOptions, log.child({ module: 'influx-writer' }), writesAbort.signal);
  // One writer per long-lived bucket: same retries and bounds, its own requests.
  const bucketWriter = (kind: 'longterm' | 'daily') =>
    new InfluxWriter({ ...cfg.influx, bucket: cfg.buckets[kind].name }, writeOptions, log.child({ module: 'influx-writer', bucket: kind }), writesAbort.signal);
  const buckets = { longterm: bucketWriter('longterm'), daily: bucketWriter('daily') };
  const metricsWriter = new InfluxWriter(cfg.influx, { ...writeOptions, maxRetries: 0 }, log.child({ module: 'metrics-writer' }));
  const restoreLog = log.child({ module: 'changelog' });
  const outputs = {
    groupId: cfg.groupId,
    stateTopic: state,
    maxSendBytes: cfg.maxSendBytes,
    maxDeadLetterOriginalBytes: cfg.outputs.maxDeadLetterOriginalBytes,
    transactionTimeoutMs: cfg.outputs.transactionTimeoutMs,
  };
  const pipeline = new Pipeline({
    openOutputs: (topic, partition) => openKafkaOutputs(kafka, topic, partition, outputs),
    loadCheckpoints: (keys) => readChangelog(kafka, state, keys, restoreLog),
    points: writer,
    buckets,
    handlerFor: handlerFactory(cfg),
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
    options: {
      commitIntervalMs: cfg.commitIntervalMs,
      batchLines: cfg.write.batchLines,
      maxQueuedLines: cfg.write.maxQueuedLines,
      maxPendingDeadLetterBytes: cfg.outputs.maxPendingDeadLetterBytes,
      heartbeatIntervalMs: cfg.consumer.heartbeatIntervalMs,
      flushIntervalMs: cfg.retention.flushIntervalMs,
      tooOldSummaryIntervalMs: cfg.retention.tooOldSummaryIntervalMs,
    },
    log: log.child({ module: 'pipeline' }),
  });

  // Signals are handled from the start: a SIGTERM during start-up also exits cleanly.
  const started: { selfMetrics?: { stop(): Promise<void> } } = {};
  const signals = handleStopSignals({
    log,
    timeoutMs: cfg.shutdown.timeoutMs,
    timeoutMessage: 'shutdown took too long; exiting (uncommitted records will be replayed)',
    stop: async (signal) => {
      log.info({ signal, totals: pipeline.stats.totals }, 'stopping: committing what was handled');
      // InfluxDB down: stop waiting for it; what is not written is not committed, and replays.
      const giveUp = setTimeout(() => writesAbort.abort(), cfg.shutdown.flushMs);
      await pipeline.drain();
      clearTimeout(giveUp);
      await started.selfMetrics?.stop(); // final report, while partitions are still owned
      await pipeline.close();
      // Leaving the group hands our partitions over at once (no session timeout to wait out).
      await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
      log.info({ totals: pipeline.stats.totals }, 'stopped');
    },
  });

  superviseConsumer(consumer, log, {
    restart: () =>
      retryKafka('restarting the consumer', async () => {
        await consumer.connect();
        await runKafkaSource(consumer, pipeline, cfg.write.partitionsConcurrency);
      }, log.child({ module: 'consumer' }), signals.signal),
    exit: (code) => process.exit(code),
  });
  consumer.on(consumer.events.REBALANCING, () => void pipeline.commitAll()); // commit before partitions move
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    pipeline.onAssignment(new Map(Object.entries(payload.memberAssignment)));
    log.info({ assignment: payload.memberAssignment, instance }, 'partitions assigned');
  });

  watchConsumerLiveness(consumer, cfg.heartbeatFile, {
    ...cfg.liveness,
    log: log.child({ module: 'heartbeat' }),
    healthy: () => writer.healthy && buckets.longterm.healthy && buckets.daily.healthy,
  });

  // Kafka not there: one line, then exit 75 after the connect timeout, not kafkajs' endless retries.
  const consuming = await startConsumerOrExit(kafka, consumer, {
    create: [
      ...[quotes, sales].map((t) => ({ topic: dlqTopic(t), numPartitions: 1 })),
      { topic: metrics, numPartitions: 1 },
      { topic: state, numPartitions: 1, configs: { 'cleanup.policy': 'compact', 'max.message.bytes': String(cfg.outputs.stateTopicMaxMessageBytes) } },
    ],
    subscribe: sourceTopics,
    log: log.child({ module: 'startup' }),
    signal: signals.signal,
    reach: { brokers: cfg.kafka.brokers, timeoutMs: cfg.connectTimeoutMs },
  }, { stopping: () => signals.stopping, log });
  if (!consuming) return;
  pipeline.start();
  await runKafkaSource(consumer, pipeline, cfg.write.partitionsConcurrency);
  if (signals.stopping) return;
  const runtime = startRuntimeProbe();
  started.selfMetrics = startSelfMetrics(
    () => ({
      ...metricsSnapshot(pipeline.owned, pipeline.stats, cfg.write.maxQueuedLines, Date.now()),
      influx: sumStats([writer, buckets.longterm, buckets.daily]),
      healthy: writer.healthy && buckets.longterm.healthy && buckets.daily.healthy,
      runtime: runtime.sample(),
    }),
    metricsWriter,
    instance,
    cfg.metricsIntervalMs,
    log.child({ module: 'self-metrics' }),
  );
  log.info({ topics: sourceTopics, group: cfg.groupId, state, influx: cfg.influx.url, buckets: cfg.buckets, emit: cfg.market.emit }, 'processor running');
}

/** The writers' counters together (self-metrics report one `influx` point). */
function sumStats(writers: readonly InfluxWriter[]): InfluxWriter['stats'] {
  const t = { writes: 0, lines: 0, errors: 0, retries: 0, rejectedLines: 0 };
  for (const w of writers) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += w.stats[k];
  return t;
}

main().catch((err) => {
  process.stderr.write(`tickflow-processor: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
