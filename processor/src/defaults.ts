import { BUCKETS, SHARED_DEFAULTS } from '@tickflow/contracts';

/**
 * Every default of the processor, with its unit. Only config.ts reads them: it validates env
 * against them and hands each component its settings (constructor options), so a setting
 * arrives one way. Those without an env variable are tuning constants measured by the bench.
 */
export const DEFAULTS = {
  /** Consumer group shared by all processor instances. */
  groupId: 'tickflow-processor',
  /**
   * Group session timeout, ms: how long a dead (SIGKILLed) instance keeps its partitions before
   * they move. 6 s is the broker's minimum (group.min.session.timeout.ms): recovery after a kill
   * is about this long plus the restore. Safe here because the data path never blocks a batch
   * for long (writes and commits run beside it) and waits heartbeat.
   */
  sessionTimeoutMs: 6000,
  /** Group heartbeat interval, ms (kafkajs sends one at most this often, between batches). */
  heartbeatIntervalMs: 1000,
  /**
   * Longest a fetch waits for fetchMinBytes, ms (kafkajs maxWaitTimeInMs, default 5,000): the
   * latency it may add. kafkajs heartbeats between fetches, so it must stay far below the session.
   * 10 rather than 25: at 1k events/s it took p99 produce -> queryable from ~105 to ~90 ms
   * (bench probe); at 10k events/s the 16 KB arrive first anyway.
   */
  fetchMaxWaitMs: 10,
  /**
   * A fetch returns once this many bytes are ready (or fetchMaxWaitMs passed), bytes. Handing
   * batches over at once, a consumer with minBytes=1 refetches hundreds of times a second at
   * low rates, load a broker sharing the box pays for in produce latency.
   */
  fetchMinBytes: 16 * 1024,
  /**
   * Most a fetch returns per partition, bytes of record batches as stored (kafkajs
   * maxBytesPerPartition, default 1 MiB). zstd packs ~14 quotes in the space of one, so at the
   * default a catching-up processor held ~70,000 decoded records per partition per fetch: live
   * heap 200–530 MB after full GCs, peaks near 1 GB (bench, 1,000,000-event backlog); 32 KiB
   * kept it at 24–52 MB for the same rate. 16 KiB halves what a young-generation collection
   * finds alive (a fetch's decoded records): scavenge time 88–107 against 180–204 ms over a
   * 400,000-event backlog at 100 symbols, GC 10.7–11.9 against 11.7–13.2 % of the processor's
   * CPU, the same rate (8 KiB lost a quarter of it). A larger record still comes whole (the broker
   * always returns the first batch, KIP-74). The whole fetch keeps kafkajs's 10 MiB cap: a
   * smaller one would be filled by the first partitions of each request and starve the rest.
   */
  fetchMaxBytesPerPartition: 16 * 1024,
  /**
   * Partitions handled at once (kafkajs partitionsConsumedConcurrently). Each partition stays
   * strictly sequential; several overlap their waits on backpressure.
   */
  partitionsConcurrency: 4,
  /** Max lines per InfluxDB write request. 5,000 lines (~0.5 MB) is InfluxDB's sweet spot. */
  writeBatchLines: 5000,
  /**
   * InfluxDB write requests in flight at once, over all partitions. More only queue inside
   * InfluxDB and time out under load (each partition still has at most one, in order).
   */
  writeConcurrency: 3,
  /**
   * How long a write request forms before it leaves, ms: the points every partition writes
   * meanwhile join it. A full request (writeBatchLines) leaves at once.
   */
  writeLingerMs: 5,
  /**
   * Lines a partition may have queued for InfluxDB before its consumer waits, lines
   * (backpressure; bounds memory while InfluxDB is slow or down). Two requests' worth: one in
   * flight, the next forming. At one request's worth the consumer stopped during every write
   * (tick backlogs: +5-15 % events/s at 100 symbols, +27-33 % at 10,000 with two). Not deeper:
   * a commit waits for the points of everything handled, so deep queues delay commits.
   */
  maxQueuedLines: 10_000,
  /**
   * Commit cycle, ms: every interval each partition's changed state, its dead letters and its
   * next offset are committed in one Kafka transaction (after its points are acknowledged).
   * Also on revocation and shutdown. A crash replays at most about this much.
   */
  commitIntervalMs: 1000,
  /** Dead letters a partition may hold before it commits early, bytes (bounds memory on a burst). */
  maxPendingDeadLetterBytes: 8 * 1024 * 1024,
  /**
   * Largest Kafka send, bytes of record values and keys. The broker's default max.message.bytes
   * is ~1 MB per record batch; a send of one partition is one batch, so we stay well below.
   */
  maxSendBytes: 512 * 1024,
  /** Dead-letter payloads above this are truncated (the DLQ topic has the ~1 MB broker limit), bytes. */
  maxDeadLetterOriginalBytes: 256 * 1024,
  /**
   * Kafka transaction timeout, ms: an instance that dies mid-commit blocks read_committed
   * readers of its output partitions at most this long (a new owner aborts it at once).
   */
  transactionTimeoutMs: 10_000,
  /** On SIGTERM, how long to wait for pending InfluxDB writes before giving up on them, ms. */
  shutdownFlushMs: 8000,
  /**
   * Start-up gives up when Kafka cannot be reached for this long, ms, and exits 75 (a supervisor
   * restarts it later) instead of retrying silently forever; 0 = keep trying.
   */
  connectTimeoutMs: 30_000,
  /** On SIGTERM, exit 1 if a clean stop takes longer than this, ms. */
  shutdownTimeoutMs: 15_000,
  /** Liveness file refresh period, ms. */
  heartbeatFileIntervalMs: 5000,
  /** The liveness file stops being touched after this many session timeouts without a sign of life. */
  heartbeatFileStaleSessions: 3,
  /** max.message.bytes of the state topic when we create it, bytes (one large entity fits). */
  stateTopicMaxMessageBytes: 64 * 1024 * 1024,
  /** First retry delay after a failed write, ms; doubles up to writeRetryMaxDelayMs, with jitter. */
  writeRetryMinDelayMs: 200,
  /** Longest delay between write retries, ms. */
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
  maxFutureMs: SHARED_DEFAULTS.maxFutureMs,
  /** Sales window length, ms. */
  salesWindowMs: 60_000,
  /** Late sales within this long after their window's end still count, ms. */
  allowedLatenessMs: 30_000,
  /** High-ticket threshold, base currency. */
  highTicketThreshold: SHARED_DEFAULTS.highTicketThreshold,
  baseCurrency: SHARED_DEFAULTS.baseCurrency,
  /** Units of base currency per unit of each currency. */
  fxRates: SHARED_DEFAULTS.fxRates,
  /** Indicator emission: per `tick`, or per closed `candle` (bounded InfluxDB load at high rates). */
  emitMode: 'tick' as 'tick' | 'candle',
  /** Candle length, ms. */
  candleMs: 60_000,
  /** Distinct keys per sales dimension (and cube cells) per window and partition; more go to `(other)`. */
  salesMaxKeysPerWindow: 1000,
  /** Orders after which a customer is flagged loyal. */
  loyalAfterOrders: 5,
  /** Self-metrics period, ms. */
  metricsIntervalMs: 5000,
  /** Simple and exponential moving average periods, quotes (or candles in candle mode). */
  smaPeriods: '20,50',
  emaPeriods: '20,50',
  /** RSI period (Wilder), quotes. */
  rsiPeriod: 14,
  /** MACD fast, slow and signal periods, quotes. */
  macdPeriods: '12,26,9',
  /** Bollinger band period, quotes, and width, standard deviations. */
  bollingerPeriod: 20,
  bollingerK: 2,
  /** pino level. */
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
  /** InfluxDB organisation and the buckets written to (raw, hourly rollups, daily candles). */
  influxOrg: 'tickflow',
  influxBucket: BUCKETS.raw.name,
  influxLongtermBucket: BUCKETS.longterm.name,
  influxDailyBucket: BUCKETS.daily.name,
  /** Bucket retentions, days (0 = forever); must match the buckets' (influxdb/setup.ts). */
  rawRetentionDays: BUCKETS.raw.retentionDays,
  longtermRetentionDays: BUCKETS.longterm.retentionDays,
  dailyRetentionDays: BUCKETS.daily.retentionDays,
  /**
   * A point is written only if it is younger than its bucket's retention by this much, ms: it
   * must still be inside the retention when the write lands (InfluxDB judges by its own clock).
   */
  retentionMarginMs: 3_600_000,
  /**
   * While a partition is caught up, each of its changed long-lived aggregates (1h/1d candles,
   * hourly sales) is rewritten about this often, a sixth of them at a time, ms; they are also
   * written when they close. Not at every batch end: at 10,000 symbols that would double the lines.
   */
  longLivedFlushMs: 30_000,
  /** Least time between two too-old summaries of a partition in the log, ms. */
  tooOldSummaryIntervalMs: 300_000,
} as const;

/**
 * V8 flags the processor runs with (docker-compose.yml's command; the bench starts it the same
 * way). A 32 MB young generation (default 16): most of a batch's garbage dies young, and fewer
 * scavenges promote less of it. Paired backlog runs at 100 symbols: 9.1 / 11.2 / 7.3 against
 * 10.9 / 12.0 / 8.4 µs CPU per event; paced runs: RSS 232 against 285 MB, event-loop delay p99
 * at 10k quotes/s 38 / 28 against 62 / 41 ms. It starts at that size: grown on demand, the
 * young generation kept the heap V8 holds climbing for the first 3 minutes under a steady
 * 5,000 quotes/s (heap total 96 -> 129 MB, RSS slope 3.3-3.7 MB/min in the soak); from the
 * start it holds 99-101 MB throughout.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=32'];
