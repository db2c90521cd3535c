import { BUCKETS, TOPICS } from '@tickflow/contracts';
import { kafkaEnvShape, kafkaSettingsFrom, parseEnv, type KafkaSettings } from '@tickflow/common';
import { z } from 'zod';
import { DEFAULT_CLI_PREFIX } from './replay/core/inspect-report.js';
import type { Retentions } from './replay/core/retention-forecast.js';
import { COMPRESSIONS, type Compression } from './sinks/compression.js';

const schema = z.object({
  ...kafkaEnvShape,
  QUOTES_TOPIC: z.string().default(TOPICS.quotes),
  SALES_TOPIC: z.string().default(TOPICS.sales),
  METRICS_TOPIC: z.string().default(TOPICS.metrics),
  /** Identifies this producer in the pipeline-health dashboard. */
  INSTANCE_ID: z.string().min(1).max(64).optional(),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  /**
   * Codec per topic, chosen by `npm run bench`: zstd makes quotes and sales ~10x smaller on the
   * wire for ~0.7 µs CPU per event; gzip is ~4x that CPU for a few % fewer bytes (README).
   */
  QUOTES_COMPRESSION: z.enum(COMPRESSIONS).default('zstd'),
  SALES_COMPRESSION: z.enum(COMPRESSIONS).default('zstd'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export interface ProducerConfig {
  kafka: KafkaSettings;
  topics: { quotes: string; sales: string; metrics: string };
  compression: { quotes: Compression; sales: Compression };
  instanceId: string | undefined;
  metricsIntervalMs: number;
  partitions: number;
  logLevel: string;
}

/** Reads env once; `--brokers` stands in for KAFKA_BROKERS. PRODUCER_<FLAG> variables are read by `flagEnv`. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: { brokers?: string } = {}): Readonly<ProducerConfig> {
  const e = parseEnv(schema, overrides.brokers ? { ...env, KAFKA_BROKERS: overrides.brokers } : env);
  return Object.freeze({
    kafka: kafkaSettingsFrom(e),
    topics: { quotes: e.QUOTES_TOPIC, sales: e.SALES_TOPIC, metrics: e.METRICS_TOPIC },
    compression: { quotes: e.QUOTES_COMPRESSION, sales: e.SALES_COMPRESSION },
    instanceId: e.INSTANCE_ID,
    metricsIntervalMs: e.METRICS_INTERVAL_MS,
    partitions: e.TOPIC_PARTITIONS,
    logLevel: e.LOG_LEVEL,
  });
}

/**
 * PRODUCER_<FLAG> variables: fallbacks for CLI flags (`PRODUCER_SYMBOLS` -> `--symbols`). Read
 * apart from loadConfig so that flags parse (and `--help` works) with no Kafka settings at all.
 */
export function flagEnv(env: Record<string, string | undefined> = process.env): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('PRODUCER_') && e[1] !== undefined)));
}

/** A dry run sends nothing: Kafka settings may be absent (topic names still come from env). */
export function dryRunConfig(env: Record<string, string | undefined> = process.env): Readonly<ProducerConfig> {
  return loadConfig({ ...env, KAFKA_BROKERS: env.KAFKA_BROKERS || 'unused-by-dry-run:9092' });
}

/**
 * TICKFLOW_CLI_PREFIX: how the user runs this CLI where they are, for the commands `inspect`
 * prints (compose sets `docker compose run --rm producer`); default: from a clone.
 */
export function cliPrefix(env: Record<string, string | undefined> = process.env): string {
  return env.TICKFLOW_CLI_PREFIX?.trim() || DEFAULT_CLI_PREFIX;
}

const days = (def: number) => z.coerce.number().int().nonnegative().default(def);
const retentionSchema = z.object({
  INFLUX_BUCKET: z.string().min(1).default(BUCKETS.raw.name),
  INFLUX_LONGTERM_BUCKET: z.string().min(1).default(BUCKETS.longterm.name),
  INFLUX_DAILY_BUCKET: z.string().min(1).default(BUCKETS.daily.name),
  INFLUX_RAW_RETENTION_DAYS: days(BUCKETS.raw.retentionDays),
  INFLUX_LONGTERM_RETENTION_DAYS: days(BUCKETS.longterm.retentionDays),
  INFLUX_DAILY_RETENTION_DAYS: days(BUCKETS.daily.retentionDays),
});

export interface RetentionSettings {
  buckets: { raw: string; longterm: string; daily: string };
  /** Days, 0 = forever. */
  days: Retentions;
}

/**
 * The buckets and retentions influx-setup and the processor use (same env names; defaults
 * from contracts BUCKETS), for `inspect`'s forecast of where a replay's rows land.
 */
export function retentionSettings(env: Record<string, string | undefined> = process.env): Readonly<RetentionSettings> {
  // An empty variable (compose's `${X:-}`) means unset.
  const e = parseEnv(retentionSchema, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  return Object.freeze({
    buckets: { raw: e.INFLUX_BUCKET, longterm: e.INFLUX_LONGTERM_BUCKET, daily: e.INFLUX_DAILY_BUCKET },
    days: { raw: e.INFLUX_RAW_RETENTION_DAYS, longterm: e.INFLUX_LONGTERM_RETENTION_DAYS, daily: e.INFLUX_DAILY_RETENTION_DAYS },
  });
}
