/**
 * Documented defaults, with units. config.ts validates env against these; nothing else
 * hard-codes a tuning number.
 */
export const DEFAULTS = {
  /** Consumer group shared by all processor instances. */
  groupId: 'tickflow-processor',
  /**
   * Group session timeout, ms: how long a dead instance keeps its partitions before they move.
   * kafkajs heartbeats between batches (and while we wait on InfluxDB retries), so a batch
   * must finish well within it. 30 s is safe; lower it for faster failover.
   */
  sessionTimeoutMs: 30_000,
  /**
   * Partitions processed at once. Each partition stays strictly sequential; overlapping
   * partitions overlaps their InfluxDB and Kafka round trips (a lone partition idles on IO).
   */
  partitionsConcurrency: 4,
  /** Max lines per InfluxDB write request. 5,000 lines (~0.5 MB) is InfluxDB's sweet spot. */
  writeBatchLines: 5000,
  // No flush timer: each Kafka batch is written as soon as it is handled, and kafkajs fetches
  // with minBytes=1, so a batch arrives as soon as there is data. Points never wait for a timer.
  /** First retry delay after a failed write, ms; doubles up to writeRetryMaxDelayMs, with jitter. */
  writeRetryMinDelayMs: 200,
  writeRetryMaxDelayMs: 10_000,
  /** Timeout of one InfluxDB write request, ms. */
  writeTimeoutMs: 10_000,
  /**
   * Compress write bodies larger than this, bytes; 0 = never. Off by default: on loopback or a
   * LAN, gzip halves ingest (bench: 48k -> 22k lines/s) for CPU only. Turn it on for a remote
   * InfluxDB (e.g. Cloud), where bandwidth is the limit.
   */
  gzipThresholdBytes: 0,
  /** Event times further than this ahead of the record's Kafka timestamp are rejected, ms. */
  maxFutureMs: 5 * 60_000,
  /** Sales window length, ms. */
  salesWindowMs: 60_000,
  /** Late sales within this long after their window's end still count, ms. */
  allowedLatenessMs: 30_000,
  /** High-ticket threshold, base currency. */
  highTicketThreshold: 1000,
  baseCurrency: 'USD',
  /** Units of base currency per unit of each currency. */
  fxRates: 'EUR=1.087,GBP=1.27,MAD=0.1',
  /** Indicator emission: per `tick`, or per closed `candle` (bounded InfluxDB load at high rates). */
  emitMode: 'tick' as 'tick' | 'candle',
  /** Candle length, ms. */
  candleMs: 60_000,
  /** Orders after which a customer is flagged loyal. */
  loyalAfterOrders: 5,
  /** Self-metrics period, ms. */
  metricsIntervalMs: 5000,
} as const;
