import { TOPICS, type BucketKind } from '@tickflow/contracts';
import { csv, fxRatesEnv, kafkaEnvShape, kafkaSettingsFrom, parseEnv, type KafkaSettings } from '@tickflow/common';
import { z } from 'zod';
import type { IndicatorConfig } from './core/indicators/indicator-set.js';
import { DEFAULTS } from './defaults.js';

const int = (def: number) => z.coerce.number().int().positive().default(def);
/** Retention days; 0 = forever (InfluxDB's "infinite"). */
const days = (def: number) => z.coerce.number().int().nonnegative().default(def);
const periods = (def: string) =>
  z
    .string()
    .default(def)
    .transform((s) => csv(s).map(Number))
    .pipe(z.array(z.number().int().min(2).max(1000)).min(1));

const shape = z.object({
  ...kafkaEnvShape,
  KAFKA_GROUP_ID: z.string().default(DEFAULTS.groupId),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(DEFAULTS.sessionTimeoutMs),
  KAFKA_CONNECT_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(DEFAULTS.connectTimeoutMs),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(1000).default(DEFAULTS.fetchMaxWaitMs),
  QUOTES_TOPIC: z.string().default(TOPICS.quotes),
  SALES_TOPIC: z.string().default(TOPICS.sales),
  METRICS_TOPIC: z.string().default(TOPICS.metrics),
  /** Compacted changelog of processor state; one per consumer group by default. */
  STATE_TOPIC: z.string().optional(),
  EMIT_MODE: z.enum(['tick', 'candle']).default(DEFAULTS.emitMode),
  CANDLE_MS: int(DEFAULTS.candleMs),
  LOYAL_AFTER_ORDERS: int(DEFAULTS.loyalAfterOrders),
  INFLUX_URL: z.url({ error: 'required, e.g. http://localhost:8086' }),
  INFLUX_TOKEN: z.string({ error: 'required: an InfluxDB token with write access' }).min(1),
  INFLUX_ORG: z.string().default(DEFAULTS.influxOrg),
  INFLUX_BUCKET: z.string().default(DEFAULTS.influxBucket),
  INFLUX_LONGTERM_BUCKET: z.string().min(1).default(DEFAULTS.influxLongtermBucket),
  INFLUX_DAILY_BUCKET: z.string().min(1).default(DEFAULTS.influxDailyBucket),
  INFLUX_RAW_RETENTION_DAYS: days(DEFAULTS.rawRetentionDays),
  INFLUX_LONGTERM_RETENTION_DAYS: days(DEFAULTS.longtermRetentionDays),
  INFLUX_DAILY_RETENTION_DAYS: days(DEFAULTS.dailyRetentionDays),
  INFLUX_GZIP_THRESHOLD_BYTES: z.coerce.number().int().nonnegative().default(DEFAULTS.gzipThresholdBytes),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default(DEFAULTS.logLevel),
  SMA_PERIODS: periods(DEFAULTS.smaPeriods),
  EMA_PERIODS: periods(DEFAULTS.emaPeriods),
  RSI_PERIOD: int(DEFAULTS.rsiPeriod),
  MACD_PERIODS: periods(DEFAULTS.macdPeriods).refine((p) => p.length === 3, 'three periods: fast,slow,signal'),
  BOLLINGER_PERIOD: int(DEFAULTS.bollingerPeriod),
  BOLLINGER_K: z.coerce.number().positive().default(DEFAULTS.bollingerK),
  SALES_WINDOW_MS: int(DEFAULTS.salesWindowMs),
  ALLOWED_LATENESS_MS: z.coerce.number().int().nonnegative().default(DEFAULTS.allowedLatenessMs),
  MAX_FUTURE_MS: int(DEFAULTS.maxFutureMs),
  SALES_MAX_KEYS_PER_WINDOW: int(DEFAULTS.salesMaxKeysPerWindow),
  HIGH_TICKET_THRESHOLD: z.coerce.number().positive().default(DEFAULTS.highTicketThreshold),
  BASE_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default(DEFAULTS.baseCurrency),
  FX_RATES: fxRatesEnv(DEFAULTS.fxRates),
  WRITE_BATCH_LINES: int(DEFAULTS.writeBatchLines),
  WRITE_LINGER_MS: z.coerce.number().int().nonnegative().max(10_000).default(DEFAULTS.writeLingerMs),
  MAX_QUEUED_LINES: int(DEFAULTS.maxQueuedLines),
  COMMIT_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(DEFAULTS.commitIntervalMs),
  KAFKA_MAX_SEND_BYTES: z.coerce.number().int().min(16 * 1024).default(DEFAULTS.maxSendBytes),
  PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULTS.partitionsConcurrency),
  METRICS_INTERVAL_MS: int(DEFAULTS.metricsIntervalMs),
  INSTANCE_ID: z.string().optional(),
  /** If set, touched every few seconds while the consumer is alive (container healthcheck). */
  HEARTBEAT_FILE: z.string().min(1).optional(),
});

/**
 * Settings that are valid alone but not together, checked at start-up (each names the
 * variables, so the fix is clear).
 */
const schema = shape.superRefine((e, ctx) => {
  if (e.MAX_QUEUED_LINES < 2 * e.WRITE_BATCH_LINES) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAX_QUEUED_LINES'],
      message: `must be at least 2 x WRITE_BATCH_LINES (${2 * e.WRITE_BATCH_LINES}): one request in flight and the next forming, or the consumer stops during every write`,
    });
  }
});

/** Every variable the processor reads, for `--help`. */
export const ENV_VARIABLES: readonly string[] = Object.keys(shape.shape);

export interface ProcessorConfig {
  kafka: KafkaSettings;
  groupId: string;
  sessionTimeoutMs: number;
  /** Start-up gives up (exit 75) when Kafka cannot be reached for this long, ms; 0 = never. */
  connectTimeoutMs: number;
  /** Longest a fetch waits for data, ms (latency it may add; see defaults.ts). */
  fetchMaxWaitMs: number;
  topics: { quotes: string; sales: string; metrics: string; state: string };
  market: { emit: 'tick' | 'candle'; candleMs: number };
  /** `bucket`: the raw bucket's name (buckets.raw.name). */
  influx: { url: string; token: string; org: string; bucket: string; gzipThresholdBytes: number };
  /** Name and retention (days, 0 = forever) of each bucket kind. */
  buckets: Readonly<Record<BucketKind, { name: string; retentionDays: number }>>;
  /** Routing by age (core/retention.ts) and how often long-lived aggregates are rewritten while caught up, ms. */
  retention: { marginMs: number; flushIntervalMs: number; tooOldSummaryIntervalMs: number };
  logLevel: string;
  indicators: IndicatorConfig;
  sales: {
    windowMs: number;
    allowedLatenessMs: number;
    highTicketThreshold: number;
    baseCurrency: string;
    fxRates: Record<string, number>;
    loyalAfterOrders: number;
    maxKeysPerWindow: number;
  };
  maxFutureMs: number;
  write: { batchLines: number; maxQueuedLines: number; partitionsConcurrency: number };
  /** InfluxDB requests: how long one forms, how many at once, their timeout and retry delays (ms). */
  influxRequests: { lingerMs: number; concurrency: number; timeoutMs: number; retryMinDelayMs: number; retryMaxDelayMs: number };
  /** Consumer fetch and heartbeat tuning (no env variables; see defaults.ts). */
  consumer: { heartbeatIntervalMs: number; fetchMinBytes: number; fetchMaxBytesPerPartition: number };
  /** Kafka outputs of a partition: dead letters, checkpoints, the transaction. */
  outputs: { maxDeadLetterOriginalBytes: number; maxPendingDeadLetterBytes: number; transactionTimeoutMs: number; stateTopicMaxMessageBytes: number };
  shutdown: { timeoutMs: number; flushMs: number };
  /** Liveness file refresh, ms, and after how long without a sign of the consumer it stops, ms. */
  liveness: { intervalMs: number; staleMs: number };
  commitIntervalMs: number;
  maxSendBytes: number;
  metricsIntervalMs: number;
  instanceId: string | undefined;
  heartbeatFile: string | undefined;
}

/** Reads and validates env once; the result is frozen. Throws ConfigError listing every problem. */
/** The environment the command line falls back to (flags win); read here, like every setting. */
export const flagEnv = (): Readonly<Record<string, string | undefined>> => process.env;

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<ProcessorConfig> {
  const e = parseEnv(schema, env);
  const [fast, slow, signal] = e.MACD_PERIODS as [number, number, number];
  return Object.freeze({
    kafka: kafkaSettingsFrom(e),
    groupId: e.KAFKA_GROUP_ID,
    sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    connectTimeoutMs: e.KAFKA_CONNECT_TIMEOUT_MS,
    fetchMaxWaitMs: e.KAFKA_FETCH_MAX_WAIT_MS,
    topics: { quotes: e.QUOTES_TOPIC, sales: e.SALES_TOPIC, metrics: e.METRICS_TOPIC, state: e.STATE_TOPIC ?? `${e.KAFKA_GROUP_ID}.state` },
    market: { emit: e.EMIT_MODE, candleMs: e.CANDLE_MS },
    influx: { url: e.INFLUX_URL, token: e.INFLUX_TOKEN, org: e.INFLUX_ORG, bucket: e.INFLUX_BUCKET, gzipThresholdBytes: e.INFLUX_GZIP_THRESHOLD_BYTES },
    buckets: {
      raw: { name: e.INFLUX_BUCKET, retentionDays: e.INFLUX_RAW_RETENTION_DAYS },
      longterm: { name: e.INFLUX_LONGTERM_BUCKET, retentionDays: e.INFLUX_LONGTERM_RETENTION_DAYS },
      daily: { name: e.INFLUX_DAILY_BUCKET, retentionDays: e.INFLUX_DAILY_RETENTION_DAYS },
    },
    retention: { marginMs: DEFAULTS.retentionMarginMs, flushIntervalMs: DEFAULTS.longLivedFlushMs, tooOldSummaryIntervalMs: DEFAULTS.tooOldSummaryIntervalMs },
    logLevel: e.LOG_LEVEL,
    indicators: {
      smaPeriods: e.SMA_PERIODS,
      emaPeriods: e.EMA_PERIODS,
      rsiPeriod: e.RSI_PERIOD,
      macd: { fast, slow, signal },
      bollinger: { period: e.BOLLINGER_PERIOD, k: e.BOLLINGER_K },
    },
    sales: {
      windowMs: e.SALES_WINDOW_MS,
      allowedLatenessMs: e.ALLOWED_LATENESS_MS,
      highTicketThreshold: e.HIGH_TICKET_THRESHOLD,
      baseCurrency: e.BASE_CURRENCY,
      fxRates: e.FX_RATES,
      loyalAfterOrders: e.LOYAL_AFTER_ORDERS,
      maxKeysPerWindow: e.SALES_MAX_KEYS_PER_WINDOW,
    },
    maxFutureMs: e.MAX_FUTURE_MS,
    write: { batchLines: e.WRITE_BATCH_LINES, maxQueuedLines: e.MAX_QUEUED_LINES, partitionsConcurrency: e.PARTITIONS_CONCURRENCY },
    influxRequests: {
      lingerMs: e.WRITE_LINGER_MS,
      concurrency: DEFAULTS.writeConcurrency,
      timeoutMs: DEFAULTS.writeTimeoutMs,
      retryMinDelayMs: DEFAULTS.writeRetryMinDelayMs,
      retryMaxDelayMs: DEFAULTS.writeRetryMaxDelayMs,
    },
    consumer: {
      heartbeatIntervalMs: Math.min(DEFAULTS.heartbeatIntervalMs, Math.floor(e.KAFKA_SESSION_TIMEOUT_MS / 3)),
      fetchMinBytes: DEFAULTS.fetchMinBytes,
      fetchMaxBytesPerPartition: DEFAULTS.fetchMaxBytesPerPartition,
    },
    outputs: {
      maxDeadLetterOriginalBytes: DEFAULTS.maxDeadLetterOriginalBytes,
      maxPendingDeadLetterBytes: DEFAULTS.maxPendingDeadLetterBytes,
      transactionTimeoutMs: DEFAULTS.transactionTimeoutMs,
      stateTopicMaxMessageBytes: DEFAULTS.stateTopicMaxMessageBytes,
    },
    shutdown: { timeoutMs: DEFAULTS.shutdownTimeoutMs, flushMs: DEFAULTS.shutdownFlushMs },
    liveness: { intervalMs: DEFAULTS.heartbeatFileIntervalMs, staleMs: DEFAULTS.heartbeatFileStaleSessions * e.KAFKA_SESSION_TIMEOUT_MS },
    commitIntervalMs: e.COMMIT_INTERVAL_MS,
    maxSendBytes: e.KAFKA_MAX_SEND_BYTES,
    metricsIntervalMs: e.METRICS_INTERVAL_MS,
    instanceId: e.INSTANCE_ID,
    heartbeatFile: e.HEARTBEAT_FILE,
  });
}
