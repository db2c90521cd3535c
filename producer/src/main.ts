import { ConfigError, TickflowError } from '@tickflow/contracts';
import { createLogger, ensureTopics, startMetricsPublisher, kafkaClientConfig, retryKafka, terminal, waitForKafka, withinDeadline, type Logger } from '@tickflow/common';
import { Kafka, Partitioners } from 'kafkajs';
import { hostname } from 'node:os';
import { parseCli, type ParsedCli } from './cli.js';
import { UsageError } from './commands/usage-error.js';
import type { Command, Feed, Flags } from './commands/command.js';
import { dryRun, dryRunExit, renderDryRun } from './commands/dry-run.js';
import { COMMANDS } from './commands/index.js';
import { inspectCommand } from './replay/inspect.js';
import { durationFlag } from './commands/flag-values.js';
import { pumpOptions } from './commands/pump-flags.js';
import { cliPrefix, dryRunConfig, flagEnv, loadConfig, retentionSettings, type ProducerConfig } from './config.js';
import { Counters } from './core/counters.js';
import { progressOutput } from './pump/progress.js';
import { pump, type PumpResult } from './pump/pump.js';
import { KafkaSink } from './sinks/kafka-sink.js';

/** After SIGTERM, the batch in flight (and a source's current step) get this long before we exit anyway. */
const STOP_DEADLINE_MS = 8000;

/** Wiring only: argv -> command -> source -> pump -> Kafka sink. Exit 2 = usage or config. */
async function main(): Promise<number> {
  // Flags first, from argv and PRODUCER_* only: --help and a bad flag need no Kafka settings.
  const parsed = parseCli(process.argv.slice(2), flagEnv());
  if ('exitCode' in parsed) {
    process.stdout.write(parsed.stdout);
    process.stderr.write(parsed.stderr);
    return parsed.exitCode;
  }
  if (parsed.name === inspectCommand.name) return inspectMain(parsed.flags);
  const command = COMMANDS.find((c) => c.name === parsed.name) as Command;
  let cfg: Readonly<ProducerConfig>;
  let options: ReturnType<typeof pumpOptions>;
  try {
    options = pumpOptions(parsed.flags);
    // Flags that go together, and the file, before env: a bad replay names the flag, not KAFKA_BROKERS.
    await command.check?.(parsed.flags);
    if (parsed.flags['dry-run'] === true) return await dryRunMain(command, parsed);
    cfg = loadConfig(undefined, { brokers: typeof parsed.flags.brokers === 'string' ? parsed.flags.brokers : undefined });
  } catch (err) {
    return usageExit(err);
  }
  const log = createLogger('producer', cfg.logLevel);
  const abort = new AbortController();
  const onSignal = (signal: string): void => {
    if (abort.signal.aborted) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    log.info({ signal }, 'stopping: sending the batch in flight');
    abort.abort();
    setTimeout(() => {
      log.error({ deadlineMs: STOP_DEADLINE_MS }, 'stop deadline passed: exiting without an acknowledgement for the batch in flight');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const counters = new Counters();
  let feed: Feed;
  try {
    feed = await command.open({ cfg, counters, log: log.child({ module: command.name }), signal: abort.signal }, parsed.flags);
    const kafka = connectKafka(cfg, log, durationFlag(parsed.flags, 'connect-timeout'), abort.signal);
    const instance = cfg.instanceId ?? `${hostname()}-${process.pid}`;
    const { sink } = kafka;
    const totals = () => ({ ...counters.snapshot(), quotes_sent: sink.stats.quotes, sales_sent: sink.stats.sales, dead_lettered: sink.stats.deadLetters });
    const metrics = startMetricsPublisher((e) => sink.metrics(e), totals, { service: 'producer', instance, source: command.name, intervalMs: cfg.metricsIntervalMs }, log.child({ module: 'metrics' }));
    let result: PumpResult | undefined;
    try {
      const progress = progressOutput(log.child({ module: 'progress' }), terminal());
      const cpu = process.cpuUsage();
      result = await pump(feed.source, kafka.sink, abort.signal, { ...options, speed: feed.speed ?? Infinity }, { progress });
      const { user, system } = process.cpuUsage(cpu);
      const perSec = result.ms > 0 ? Math.round((result.sent * 1000) / result.ms) : undefined;
      log.info({ ...result, eventsPerSec: perSec, cpuUsPerEvent: result.sent > 0 ? Math.round(((user + system) / result.sent) * 100) / 100 : undefined }, 'pump done');
      await feed.finish?.(result);
    } finally {
      await metrics.stop();
      await kafka.close();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) return usageExit(err);
    if (err instanceof TickflowError) {
      // The error says whether trying again can help; a supervisor reads the exit code.
      log.error({ code: err.code, canRetry: err.canRetry, err: err.message }, err.canRetry ? 'failed: a later run may succeed' : 'failed: fix the cause before running again');
      return err.canRetry ? 75 : 1;
    }
    throw err;
  }
  return 0;
}

/** kafkajs producer (idempotent: broker retries never duplicate or reorder a partition) behind the sink. */
function connectKafka(cfg: Readonly<ProducerConfig>, log: Logger, connectTimeoutMs: number, signal: AbortSignal): { sink: KafkaSink; close(): Promise<void> } {
  const kafka = new Kafka(kafkaClientConfig(cfg.kafka, log));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const startLog = log.child({ module: 'startup' });
  const topics = [cfg.topics.quotes, cfg.topics.sales];
  const connect = async (): Promise<void> => {
    // Kafka not there: one line, then exit 75 after --connect-timeout, not kafkajs' endless retries.
    await waitForKafka(cfg.kafka.brokers, { timeoutMs: connectTimeoutMs, log: startLog, signal });
    const wanted = [...topics.flatMap((t) => [{ topic: t, numPartitions: cfg.partitions }, { topic: `${t}.dlq`, numPartitions: 1 }]), { topic: cfg.topics.metrics, numPartitions: 1 }];
    const where = `Kafka at ${cfg.kafka.brokers.join(',')}`;
    await withinDeadline(retryKafka('creating topics', () => ensureTopics(kafka, wanted, log.child({ module: 'admin' })), startLog, signal), connectTimeoutMs, where);
    await withinDeadline(retryKafka('connecting', () => producer.connect(), startLog, signal), connectTimeoutMs, where);
  };
  const sink = new KafkaSink(producer, { topics: cfg.topics, compression: cfg.compression }, log.child({ module: 'kafka-sink' }), connect);
  return {
    sink,
    async close() {
      if (sink.connected) await producer.disconnect();
      log.info({ stats: sink.stats }, 'producer stopped');
    },
  };
}

/** `--dry-run` reads the whole file through the command's own mapping and sends nothing. */
async function dryRunMain(command: Command, parsed: ParsedCli): Promise<number> {
  const log = createLogger('producer', 'warn');
  const ctx = { cfg: dryRunConfig(), counters: new Counters(), log: log.child({ module: command.name }), signal: new AbortController().signal };
  const r = await dryRun(command, ctx, parsed.flags, (s) => process.stderr.write(s));
  process.stdout.write(renderDryRun(command.name, String(parsed.flags.file), r));
  return dryRunExit(r);
}

/** `inspect` reads a file and prints; it needs no Kafka config and no pump. */
async function inspectMain(flags: Flags): Promise<number> {
  try {
    const io = { cliPrefix: cliPrefix(), progress: (s: string) => process.stderr.write(s), retention: retentionSettings(), now: Date.now() };
    return await inspectCommand.run(flags, (s) => process.stdout.write(s), io);
  } catch (err) {
    return usageExit(err);
  }
}

function usageExit(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`tickflow-producer: ${err.message}\n`);
    return 2;
  }
  throw err;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`tickflow-producer: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
