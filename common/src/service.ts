import { TickflowError } from '@tickflow/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import { startHeartbeatFile } from './heartbeat-file.js';
import { waitForKafka, withinDeadline } from './kafka/reach.js';
import { retryKafka } from './kafka/retry.js';
import { ensureTopics, type TopicSpec } from './kafka/topics-admin.js';
import type { Logger } from './logger.js';

export interface StopSignalsOptions {
  log: Logger;
  /** Exit 1 when stopping takes longer than this, ms. */
  timeoutMs: number;
  /** Logged when the timeout hits: what becomes of the unfinished work. */
  timeoutMessage: string;
  /** The service's stop sequence (drain, commit, disconnect); the process exits 0 after it. */
  stop: (signal: string) => Promise<void>;
  /** For tests: the process to listen on and how to exit. */
  process?: Pick<NodeJS.Process, 'on'>;
  exit?: (code: number) => void;
}

export interface StopSignals {
  /** Aborted once stopping starts: ends start-up retries. */
  readonly signal: AbortSignal;
  readonly stopping: boolean;
  stop(signal: string): Promise<void>;
}

/**
 * A service's stop on SIGTERM/SIGINT, from the start (a signal during start-up also stops
 * cleanly): runs `stop` once, exits 0 after it, or 1 when it takes longer than `timeoutMs`.
 */
export function handleStopSignals(o: StopSignalsOptions): StopSignals {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const abort = new AbortController();
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    abort.abort();
    const timer = setTimeout(() => {
      o.log.error(o.timeoutMessage);
      exit(1);
    }, o.timeoutMs);
    await o.stop(signal);
    clearTimeout(timer);
    exit(0);
  };
  const proc = o.process ?? process;
  proc.on('SIGTERM', () => void stop('SIGTERM'));
  proc.on('SIGINT', () => void stop('SIGINT'));
  return {
    signal: abort.signal,
    get stopping() {
      return stopping;
    },
    stop,
  };
}

export interface HeartbeatOptions {
  intervalMs: number;
  /** Not touched when the consumer showed no sign of life for this long, ms. */
  staleMs: number;
  log: Logger;
  healthy?: () => boolean;
}

/** The liveness file (if configured) stays fresh while the consumer fetches, heartbeats or joins. */
export function watchConsumerLiveness(consumer: Pick<Consumer, 'on' | 'events'>, path: string | undefined, o: HeartbeatOptions): void {
  if (!path) return;
  const hb = startHeartbeatFile(path, o.intervalMs, o.staleMs, o.log, o.healthy);
  for (const e of [consumer.events.FETCH, consumer.events.HEARTBEAT, consumer.events.GROUP_JOIN]) consumer.on(e, hb.alive);
}

export interface ConsumerStart {
  /** Topics the service writes to, created when missing. */
  create: readonly TopicSpec[];
  /** Topics it consumes (from the beginning when the group has no offset). */
  subscribe: readonly string[];
  /** Further clients to connect with the consumer (e.g. a producer). */
  connect?: () => Promise<void>;
  log: Logger;
  signal: AbortSignal;
  /**
   * Check that a broker answers first, and give up after `timeoutMs` (0 = never) with a
   * retriable `kafka_unreachable` TickflowError (exit 75), instead of retrying forever.
   */
  reach?: { brokers: readonly string[]; timeoutMs: number };
}

/**
 * Start-up of a consuming service: topics, connect, subscribe, each retried while Kafka is
 * unavailable; with `reach`, within its deadline, after one line if Kafka is not there.
 */
export async function startConsumer(kafka: Kafka, consumer: Pick<Consumer, 'connect' | 'subscribe'>, s: ConsumerStart): Promise<void> {
  const start = async (): Promise<void> => {
    await retryKafka('creating topics', () => ensureTopics(kafka, s.create, s.log.child({ module: 'admin' })), s.log, s.signal);
    await retryKafka('connecting', async () => {
      await consumer.connect();
      await s.connect?.();
    }, s.log, s.signal);
    await retryKafka('subscribing', () => consumer.subscribe({ topics: [...s.subscribe], fromBeginning: true }), s.log, s.signal);
  };
  if (!s.reach) return start();
  // Before kafkajs, which would log a stack trace per attempt, forever.
  await waitForKafka(s.reach.brokers, { timeoutMs: s.reach.timeoutMs, log: s.log, signal: s.signal });
  await withinDeadline(start(), s.reach.timeoutMs, `Kafka at ${s.reach.brokers.join(',')}`);
}

/**
 * startConsumer as a service's main runs it: true once consuming may begin; false when a stop
 * began meanwhile. Kafka unreachable past the deadline exits 75 (exitIfRetriable), not a throw.
 */
export async function startConsumerOrExit(kafka: Kafka, consumer: Pick<Consumer, 'connect' | 'subscribe'>, s: ConsumerStart, o: { stopping: () => boolean; log: Logger }): Promise<boolean> {
  try {
    await startConsumer(kafka, consumer, s);
  } catch (err) {
    if (!o.stopping()) exitIfRetriable(err, o.log);
    return false;
  }
  return !o.stopping();
}

/** Exit code of a failure a later run may get past (EX_TEMPFAIL): a supervisor restarts later. */
export const EXIT_TRY_LATER = 75;

/**
 * A start-up failure: a retriable TickflowError (Kafka unreachable past the deadline) is one
 * error line, then exit 75; anything else is thrown on, as a bug.
 */
export function exitIfRetriable(err: unknown, log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (!(err instanceof TickflowError && err.canRetry)) throw err;
  log.error({ code: err.code, canRetry: err.canRetry, err: err.message }, 'failed: a later run may succeed');
  exit(EXIT_TRY_LATER);
}
