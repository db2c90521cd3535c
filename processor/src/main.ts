import { setLogger } from '@influxdata/influxdb-client';
import { ConfigError, dlqTopic } from '@tickflow/contracts';
import { createLogger, ensureTopics, kafkaClientConfig, retryKafka } from '@tickflow/common';
import { Kafka, Partitioners } from 'kafkajs';
import { hostname } from 'node:os';
import { ENV_VARIABLES, loadConfig, type ProcessorConfig } from './config.js';
import { handlerFactory } from './handlers.js';
import { Pipeline } from './pipeline.js';
import { ChangelogWriter } from './sinks/changelog-writer.js';
import { DeadLetterProducer } from './sinks/dead-letter-producer.js';
import { startHeartbeatFile } from './sinks/heartbeat-file.js';
import { InfluxWriter } from './sinks/influx-writer.js';
import { startSelfMetrics } from './sinks/self-metrics-reporter.js';
import { readChangelog } from './sources/changelog-reader.js';

function configOrExit(): Readonly<ProcessorConfig> {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tickflow-processor: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const HELP = `Usage: tickflow-processor

Consumes market quotes, sales and producer metrics from Kafka, computes indicators, candles
and event-time sales windows, and writes them to InfluxDB. Configured by env only:
  ${ENV_VARIABLES.join(', ')}
Required: KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN. Defaults and meanings: README.md, "Configuration".
Stops cleanly on SIGTERM/SIGINT (finishes the batch, commits, exits 0).
`;

/** Wiring only: config -> clients -> pipeline; SIGTERM drains, flushes, commits and exits. */
async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const cfg = configOrExit();
  const log = createLogger('processor', cfg.logLevel);
  const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
  const influxLog = log.child({ module: 'influxdb-client' });
  setLogger({ error: (m, e) => influxLog.debug({ err: e }, m), warn: (m, e) => influxLog.debug({ err: e }, m) });

  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const { quotes, sales, metrics, state } = cfg.topics;
  const sourceTopics = [quotes, sales, metrics];

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({
    groupId: cfg.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: cfg.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(cfg.sessionTimeoutMs / 10)),
  });
  const writer = new InfluxWriter(cfg.influx, cfg.write.batchLines, log.child({ module: 'influx-writer' }));
  const metricsWriter = new InfluxWriter(cfg.influx, cfg.write.batchLines, log.child({ module: 'metrics-writer' }));
  const deadLetters = new DeadLetterProducer(producer, log.child({ module: 'dlq' }));
  const restoreLog = log.child({ module: 'changelog' });
  const pipeline = new Pipeline({
    consumer,
    writer,
    deadLetters,
    changelog: new ChangelogWriter(producer, state),
    loadCheckpoints: (keys) => readChangelog(kafka, state, keys, restoreLog),
    handlerFor: handlerFactory(cfg),
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
    log.info({ signal, totals: pipeline.stats.totals }, 'stopping: finishing the current batch');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting (uncommitted records will be replayed)');
      process.exit(1);
    }, 15_000);
    await consumer.disconnect().catch((err) => log.error({ err }, 'consumer disconnect failed'));
    await started.selfMetrics?.stop();
    await producer.disconnect().catch((err) => log.error({ err }, 'producer disconnect failed'));
    clearTimeout(timer);
    log.info({ totals: pipeline.stats.totals }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    pipeline.onAssignment(new Map(Object.entries(payload.memberAssignment)));
    log.info({ assignment: payload.memberAssignment, instance }, 'partitions assigned');
  });

  if (cfg.heartbeatFile) {
    const hb = startHeartbeatFile(cfg.heartbeatFile, 5000, 3 * cfg.sessionTimeoutMs, log.child({ module: 'heartbeat' }));
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
          { topic: state, numPartitions: 1, configs: { 'cleanup.policy': 'compact', 'max.message.bytes': String(64 * 1024 * 1024) } },
        ],
        log.child({ module: 'admin' }),
      ),
    startLog,
    shutdown.signal,
  );
  await retryKafka('connecting', async () => {
    await producer.connect();
    await consumer.connect();
  }, startLog, shutdown.signal);
  await retryKafka('subscribing', () => consumer.subscribe({ topics: sourceTopics, fromBeginning: true }), startLog, shutdown.signal);
  if (stopping) return;
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: cfg.write.partitionsConcurrency,
    eachBatch: (p) => pipeline.onBatch(p),
  });
  if (stopping) return;
  started.selfMetrics = startSelfMetrics(
    { pipeline, dlq: deadLetters, dataWriter: writer, metricsWriter, batchLines: cfg.write.batchLines },
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
