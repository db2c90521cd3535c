/**
 * The pump's tuning numbers, in one place, with their units. Every command takes them as
 * flags (`--batch-max-bytes`...) or env (`PRODUCER_BATCH_MAX_BYTES`...).
 */
export interface PumpOptions {
  /** Event time per wall time: 1 = real time, 60 = a minute per second, Infinity = unpaced. */
  speed: number;
  /** Upper bound on events per second (wall time), whatever the speed; Infinity = none. */
  maxRate: number;
  /**
   * Bytes (keys + values + per-record overhead) per send. The broker rejects a record batch
   * above message.max.bytes (~1 MB by default) as non-retriable; one send's partition batches
   * together stay below this, so none of them can reach it, compressed or not.
   */
  maxBatchBytes: number;
  /** Records per send. More amortises kafkajs' per-request work; fewer lowers latency. */
  maxBatchCount: number;
  /** A partly filled batch is sent when its first record has waited this long, ms. */
  lingerMs: number;
  /** Progress every this many ms: a redrawn line on a TTY, a log line otherwise. */
  progressMs: number;
}

export const PUMP_DEFAULTS: Readonly<PumpOptions> = Object.freeze({
  speed: Infinity,
  maxRate: Infinity,
  maxBatchBytes: 900 * 1024,
  maxBatchCount: 5000,
  lingerMs: 20,
  progressMs: 5000,
});

/** A paced source's event may go out this much early, so close events share a send. */
export const PACING_SLACK_MS = 2;
