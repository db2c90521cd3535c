import { ConfigError } from '@tickflow/contracts';
import { createLogger, ensureTopics, kafkaClientConfig, retryKafka } from '@tickflow/common';
import { Kafka, Partitioners } from 'kafkajs';
import { parseCli, usage, UsageError } from './cli.js';
import { COMMANDS } from './commands/index.js';
import { inspectCommand } from './commands/inspect.js';
import { loadConfig } from './config.js';
import { hostname } from 'node:os';
import { Counters } from './core/counters.js';
import { KafkaSink } from './sinks/kafka-sink.js';
import { startMetricsPublisher } from './sinks/metrics-publisher.js';

/** Wiring only: argv + env -> command -> Kafka sink; SIGTERM stops the source and flushes. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0] ?? '')) {
    process.stdout.write(`${usage(COMMANDS)}\n`);
    return 0;
  }
  if (argv[0] === inspectCommand.name) return inspectMain(argv);
  let cfg;
  let parsed;
  try {
    cfg = loadConfig();
    parsed = parseCli(argv, COMMANDS, cfg.flagDefaults);
  } catch (err) {
    if (err instanceof UsageError && err.cause === 'help') {
      process.stdout.write(`${err.message}\n`);
      return 0;
    }
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`tickflow-producer: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed === 'help') return 0;
  const log = createLogger('producer', cfg.logLevel);
  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const topics = [cfg.topics.quotes, cfg.topics.sales];
  // Idempotent: broker retries never duplicate or reorder a partition's events.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const startLog = log.child({ module: 'startup' });
  const connect = async (): Promise<void> => {
    await retryKafka('creating topics', () => ensureTopics(
      kafka,
      [
        ...topics.flatMap((t) => [{ topic: t, numPartitions: cfg.partitions }, { topic: `${t}.dlq`, numPartitions: 1 }]),
        { topic: cfg.topics.metrics, numPartitions: 1 },
      ],
      log.child({ module: 'admin' }),
    ), startLog);
    await retryKafka('connecting', () => producer.connect(), startLog);
  };

  const abort = new AbortController();
  const onSignal = (signal: string): void => {
    log.info({ signal }, 'stopping: flushing pending events');
    abort.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  const sink = new KafkaSink(producer, cfg.topics, log.child({ module: 'kafka-sink' }), connect);
  const counters = new Counters();
  const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
  const metrics = startMetricsPublisher(sink, counters, { instance, source: parsed.command.name, intervalMs: cfg.metricsIntervalMs }, log.child({ module: 'metrics' }));
  try {
    await parsed.command.run({ cfg, sink, counters, log: log.child({ module: parsed.command.name }), signal: abort.signal }, parsed.flags);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tickflow-producer: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await metrics.stop();
    if (sink.connected) await producer.disconnect();
    log.info({ stats: sink.stats }, 'producer stopped');
  }
  return 0;
}

/** `inspect` reads a file and prints; it needs no Kafka config. */
async function inspectMain(argv: string[]): Promise<number> {
  const args = argv[1] !== undefined && !argv[1].startsWith('-') ? ['inspect', '--file', argv[1], ...argv.slice(2)] : argv;
  try {
    // parseCli only reads the name and flags; the run is inspectCommand.run below.
    const parsed = parseCli(args, [{ ...inspectCommand, run: async () => undefined }], {});
    if (parsed === 'help') return 0;
    return await inspectCommand.run(parsed.flags, (s) => process.stdout.write(s));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const help = err.cause === 'help';
    (help ? process.stdout : process.stderr).write(`${help ? '' : 'tickflow-producer: '}${err.message}\n`);
    return help ? 0 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`tickflow-producer: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
