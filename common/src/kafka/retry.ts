import type { Logger } from '../logger.js';
import { retry } from '../retry.js';

/**
 * Retries a Kafka start-up step (topic admin, connect, subscribe) while its error is
 * retriable: a broker that is restarting, or metadata not yet propagated for a topic created
 * a moment ago. Kafka being unavailable must never make a service exit.
 */
export function retryKafka<T>(what: string, fn: () => Promise<T>, log: Logger, signal?: AbortSignal): Promise<T> {
  return retry(fn, { what, log, canRetry: isRetriable, baseMs: 250, maxMs: 10_000, ...(signal ? { signal } : {}) });
}

/** kafkajs marks protocol errors `retriable`; connection-level failures are retriable too. */
export function isRetriable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { retriable?: boolean; cause?: unknown };
  if (e.retriable === true) return true;
  if (/^KafkaJS(Connection|NumberOfRetriesExceeded|Request|Timeout|BrokerNotFound|LockTimeout|GroupCoordinatorNotFound)/.test(e.name)) return true;
  // kafkajs' retrier re-wraps a coordinator lookup that found no reachable broker (a broker
  // restarting) as a plain non-retriable error, losing the class: only the message is left.
  if (e.name === 'KafkaJSNonRetriableError' && /^Failed to find group coordinator/.test(e.message)) return true;
  return e.cause !== undefined && isRetriable(e.cause);
}
