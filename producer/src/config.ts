import { TOPICS } from '@tickflow/contracts';
import { kafkaEnvShape, kafkaSettingsFrom, parseEnv, type KafkaSettings } from '@tickflow/common';
import { z } from 'zod';

const schema = z.object({
  ...kafkaEnvShape,
  QUOTES_TOPIC: z.string().default(TOPICS.quotes),
  SALES_TOPIC: z.string().default(TOPICS.sales),
  METRICS_TOPIC: z.string().default(TOPICS.metrics),
  /** Identifies this producer in the pipeline-health dashboard. */
  INSTANCE_ID: z.string().min(1).max(64).optional(),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export interface ProducerConfig {
  kafka: KafkaSettings;
  topics: { quotes: string; sales: string; metrics: string };
  instanceId: string | undefined;
  metricsIntervalMs: number;
  partitions: number;
  logLevel: string;
  /** PRODUCER_<FLAG> variables: defaults for CLI flags (`PRODUCER_SYMBOLS` -> `--symbols`). */
  flagDefaults: Readonly<Record<string, string>>;
}

/** Reads env once; flags given on the command line override PRODUCER_* defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<ProducerConfig> {
  const e = parseEnv(schema, env);
  const flagDefaults: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('PRODUCER_') && v !== undefined) {
      flagDefaults[k.slice('PRODUCER_'.length).toLowerCase().replace(/_/g, '-')] = v;
    }
  }
  return Object.freeze({
    kafka: kafkaSettingsFrom(e),
    topics: { quotes: e.QUOTES_TOPIC, sales: e.SALES_TOPIC, metrics: e.METRICS_TOPIC },
    instanceId: e.INSTANCE_ID,
    metricsIntervalMs: e.METRICS_INTERVAL_MS,
    partitions: e.TOPIC_PARTITIONS,
    logLevel: e.LOG_LEVEL,
    flagDefaults: Object.freeze(flagDefaults),
  });
}
