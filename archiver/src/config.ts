import { TOPICS } from '@tickflow/contracts';
import { fxRatesEnv, kafkaEnvShape, kafkaSettingsFrom, parseEnv, type KafkaSettings } from '@tickflow/common';
import { z } from 'zod';
import { DEFAULTS } from './defaults.js';

const emptyToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);
const optional = (s: z.ZodType) => z.preprocess(emptyToUndefined, s.optional());

/** Variables of the archive location, shared by the archiver and `report`. */
const storeShape = {
  ARCHIVE_DIR: z.string().min(1).default(DEFAULTS.archiveDir),
  /** Set to write to S3 (or MinIO, ...) instead of ARCHIVE_DIR. */
  S3_BUCKET: optional(z.string().min(3)),
  S3_PREFIX: z.string().default(''),
  /** e.g. http://minio:9000; unset = AWS. */
  S3_ENDPOINT: optional(z.url()),
  S3_REGION: z.string().default(DEFAULTS.s3Region),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default(DEFAULTS.s3ForcePathStyle).transform((v) => v === 'true'),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  /** Local copy of S3 files for reading with DuckDB (report, restart). */
  CACHE_DIR: z.string().default(DEFAULTS.cacheDir),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default(DEFAULTS.logLevel),
  BASE_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default(DEFAULTS.baseCurrency),
  QUOTES_TOPIC: z.string().default(TOPICS.quotes),
  SALES_TOPIC: z.string().default(TOPICS.sales),
};

const archiverShape = z.object({
  ...kafkaEnvShape,
  ...storeShape,
  ARCHIVER_GROUP_ID: z.string().default(DEFAULTS.groupId),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(DEFAULTS.sessionTimeoutMs),
  KAFKA_CONNECT_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(DEFAULTS.connectTimeoutMs),
  ROLL_BYTES: z.coerce.number().int().min(1024).default(DEFAULTS.rollBytes),
  ROLL_MS: z.coerce.number().int().min(100).default(DEFAULTS.rollMs),
  PARQUET_COMPRESSION: z.enum(['zstd', 'snappy']).default(DEFAULTS.compression),
  ALLOWED_LATENESS_MS: z.coerce.number().int().nonnegative().default(DEFAULTS.allowedLatenessMs),
  DEDUP_HORIZON_MS: z.coerce.number().int().positive().default(DEFAULTS.dedupHorizonMs),
  MAX_FUTURE_MS: z.coerce.number().int().positive().default(DEFAULTS.maxFutureMs),
  FX_RATES: fxRatesEnv(DEFAULTS.fxRates),
  METRICS_TOPIC: z.string().default(TOPICS.metrics),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(1000).default(DEFAULTS.metricsIntervalMs),
  INSTANCE_ID: optional(z.string().min(1).max(64)),
  /** If set, touched every few seconds while the consumer is alive (container healthcheck). */
  HEARTBEAT_FILE: optional(z.string().min(1)),
});

/** Settings valid alone but not together, checked at start-up. */
const archiverSchema = archiverShape.superRefine((e, ctx) => {
  if (e.DEDUP_HORIZON_MS < e.ALLOWED_LATENESS_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['DEDUP_HORIZON_MS'],
      message: `must be at least ALLOWED_LATENESS_MS (${e.ALLOWED_LATENESS_MS}): a duplicate within the lateness but past the horizon would be kept and not even flagged late`,
    });
  }
});

export const ARCHIVER_ENV: readonly string[] = Object.keys(archiverShape.shape);
export const REPORT_ENV: readonly string[] = Object.keys(storeShape);

export interface StoreConfig {
  dir: string;
  s3: { bucket: string; prefix: string; endpoint: string | undefined; region: string; forcePathStyle: boolean; credentials: { accessKeyId: string; secretAccessKey: string } | undefined } | undefined;
  cacheDir: string;
}

export interface ArchiverConfig {
  kafka: KafkaSettings;
  groupId: string;
  sessionTimeoutMs: number;
  /** Start-up gives up (exit 75) when Kafka cannot be reached for this long, ms; 0 = never. */
  connectTimeoutMs: number;
  topics: { quotes: string; sales: string };
  store: StoreConfig;
  /** Roll at this many bytes, or this long after a file's first record (ms); age is checked every tickMs. */
  roll: { bytes: number; ms: number; tickMs: number };
  /** Group heartbeat interval, ms (a tenth of the session, at least 500). */
  heartbeatIntervalMs: number;
  compression: 'zstd' | 'snappy';
  clean: { allowedLatenessMs: number; dedupHorizonMs: number; maxFutureMs: number; baseCurrency: string; fxRates: Record<string, number> };
  logLevel: string;
  metrics: { topic: string; intervalMs: number };
  instanceId: string | undefined;
  heartbeatFile: string | undefined;
  /** Liveness file refresh, ms, and after how long without a sign of the consumer it stops, ms. */
  liveness: { intervalMs: number; staleMs: number };
  /** On SIGTERM, exit 1 when rolling and committing take longer than this, ms. */
  shutdownTimeoutMs: number;
  /** A `progress` log line this often, ms. */
  progressLogIntervalMs: number;
}

export interface ReportEnvConfig {
  store: StoreConfig;
  topics: { quotes: string; sales: string };
  baseCurrency: string;
  logLevel: string;
}

/** Defaults of the report's flags (base-currency threshold; rows in top-N tables). */
export const REPORT_FLAG_DEFAULTS = Object.freeze({ highTicket: DEFAULTS.highTicketThreshold, top: DEFAULTS.reportTop });

type StoreEnv = z.infer<z.ZodObject<typeof storeShape>>;

function storeFrom(e: StoreEnv): StoreConfig {
  const credentials =
    e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID as string, secretAccessKey: e.S3_SECRET_ACCESS_KEY as string } : undefined;
  const s3 = e.S3_BUCKET
    ? { bucket: e.S3_BUCKET as string, prefix: e.S3_PREFIX, endpoint: e.S3_ENDPOINT as string | undefined, region: e.S3_REGION, forcePathStyle: e.S3_FORCE_PATH_STYLE, credentials }
    : undefined;
  return { dir: e.ARCHIVE_DIR, s3, cacheDir: e.CACHE_DIR };
}

/** Reads and validates env once; the result is frozen. Throws ConfigError listing every problem. */
export function loadArchiverConfig(env: Record<string, string | undefined> = process.env, overrides: { connectTimeoutMs?: number } = {}): Readonly<ArchiverConfig> {
  const e = parseEnv(archiverSchema, overrides.connectTimeoutMs === undefined ? env : { ...env, KAFKA_CONNECT_TIMEOUT_MS: String(overrides.connectTimeoutMs) });
  return Object.freeze({
    kafka: kafkaSettingsFrom(e),
    groupId: e.ARCHIVER_GROUP_ID,
    sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    connectTimeoutMs: e.KAFKA_CONNECT_TIMEOUT_MS,
    topics: { quotes: e.QUOTES_TOPIC, sales: e.SALES_TOPIC },
    store: storeFrom(e),
    roll: { bytes: e.ROLL_BYTES, ms: e.ROLL_MS, tickMs: Math.max(100, Math.min(5000, Math.floor(e.ROLL_MS / 4))) },
    heartbeatIntervalMs: Math.max(500, Math.floor(e.KAFKA_SESSION_TIMEOUT_MS / 10)),
    compression: e.PARQUET_COMPRESSION,
    clean: { allowedLatenessMs: e.ALLOWED_LATENESS_MS, dedupHorizonMs: e.DEDUP_HORIZON_MS, maxFutureMs: e.MAX_FUTURE_MS, baseCurrency: e.BASE_CURRENCY, fxRates: e.FX_RATES },
    logLevel: e.LOG_LEVEL,
    metrics: { topic: e.METRICS_TOPIC, intervalMs: e.METRICS_INTERVAL_MS },
    instanceId: e.INSTANCE_ID as string | undefined,
    heartbeatFile: e.HEARTBEAT_FILE as string | undefined,
    liveness: { intervalMs: DEFAULTS.heartbeatFileIntervalMs, staleMs: DEFAULTS.heartbeatFileStaleSessions * e.KAFKA_SESSION_TIMEOUT_MS },
    shutdownTimeoutMs: DEFAULTS.shutdownTimeoutMs,
    progressLogIntervalMs: DEFAULTS.progressLogIntervalMs,
  });
}

/** `report` needs only where the archive is: no Kafka. */
export function loadReportConfig(env: Record<string, string | undefined> = process.env): Readonly<ReportEnvConfig> {
  const e = parseEnv(z.object(storeShape), env);
  return Object.freeze({ store: storeFrom(e), topics: { quotes: e.QUOTES_TOPIC, sales: e.SALES_TOPIC }, baseCurrency: e.BASE_CURRENCY, logLevel: e.LOG_LEVEL });
}
