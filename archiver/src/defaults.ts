import { SHARED_DEFAULTS } from '@tickflow/contracts';

/**
 * Every default of the archiver, with its unit. Only config.ts reads them (report.ts takes
 * the high-ticket default through its config), so a setting arrives one way.
 */
export const DEFAULTS = {
  /** The archiver's own consumer group: it reads every event independently of the processor. */
  groupId: 'tickflow-archiver',
  sessionTimeoutMs: 30_000,
  /** Start-up gives up (exit 75; a supervisor restarts later) when Kafka cannot be reached for this long, ms; 0 = never. */
  connectTimeoutMs: 30_000,
  /** Where files go when no S3 bucket is set. */
  archiveDir: './archive',
  /**
   * Roll a partition's open file at this many bytes of input (the JSON as received), bytes.
   * Open rows are held in memory (~2.5x the JSON size, raw + clean), per partition: 16 MB
   * keeps a 12-partition archiver under ~0.5 GB and makes Parquet files of ~1-3 MB.
   */
  rollBytes: 16 * 1024 * 1024,
  /** Roll a partition's open file this long after its first record, ms: a quiet topic still produces files. */
  rollMs: 5 * 60_000,
  /** A `progress` log line (the stats) this often, ms. */
  progressLogIntervalMs: 60_000,
  /**
   * Parquet codec. ZSTD by measurement (`npm run bench`, archiver section): on our events it
   * writes ~30% fewer bytes than Snappy at about the same speed.
   */
  compression: 'zstd' as 'zstd' | 'snappy',
  /** Events more than this behind their partition's newest event time are flagged late, ms. */
  allowedLatenessMs: 30_000,
  /**
   * The clean layer remembers event keys this far behind the partition's newest event time,
   * ms. A duplicate older than that is kept (and is flagged late). Memory ~100 B per key, so a
   * day at 100 events/s per partition is ~1 GB: lower it for tick rates above that.
   */
  dedupHorizonMs: 24 * 60 * 60_000,
  /** Event times further than this ahead of the record's Kafka timestamp are skipped (as the processor dead-letters them), ms. */
  maxFutureMs: SHARED_DEFAULTS.maxFutureMs,
  baseCurrency: SHARED_DEFAULTS.baseCurrency,
  /** Units of base currency per unit of each currency (same table as the processor's). */
  fxRates: SHARED_DEFAULTS.fxRates,
  /** S3 region when the store needs one (MinIO and moto accept any). */
  s3Region: 'us-east-1',
  /** Bucket in the path, not the host name: what MinIO and moto expect ('true' or 'false'). */
  s3ForcePathStyle: 'true' as 'true' | 'false',
  /** Local copies of S3 files for DuckDB (report, restart state); never stale, archive files never change. */
  cacheDir: './.archive-cache',
  /** pino level. */
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
  /** Counters published to pipeline.metrics this often, ms. */
  metricsIntervalMs: 10_000,
  /** On SIGTERM, exit 1 if rolling and committing take longer than this, ms. */
  shutdownTimeoutMs: 20_000,
  /** Liveness file refresh period, ms. */
  heartbeatFileIntervalMs: 5000,
  /** The liveness file stops being touched after this many session timeouts without a sign of life. */
  heartbeatFileStaleSessions: 3,
  /** Report: orders at or above this many base-currency units are high-ticket. */
  highTicketThreshold: SHARED_DEFAULTS.highTicketThreshold,
  /** Report: rows in top-N tables, and symbols detailed with a chart. */
  reportTop: 10,
} as const;
