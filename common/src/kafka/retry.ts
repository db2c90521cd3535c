import type { Logger } from '../logger.js';

/**
 * Retries a Kafka start-up step (topic admin, connect, subscribe) while its error is
 * retriable: a broker that is restarting, or metadata not yet propagated for a topic created
 * a moment ago. Kafka being unavailable must never make a service exit.
 */
export async function retryKafka<T>(what: string, fn: () => Promise<T>, log: Logger, stopped: () => boolean = () => false): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetriable(err) || stopped()) throw err;
      const delayMs = Math.min(10_000, 250 * 2 ** Math.min(attempt, 6));
      log.warn({ err: (err as Error).message, attempt: attempt + 1, delayMs }, `${what} failed; retrying`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** kafkajs marks protocol errors `retriable`; connection-level failures are retriable too. */
export function isRetriable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { retriable?: boolean; cause?: unknown };
  if (e.retriable === true) return true;
  if (/^KafkaJS(Connection|NumberOfRetriesExceeded|Request|Timeout|BrokerNotFound|LockTimeout)/.test(e.name)) return true;
  return e.cause !== undefined && isRetriable(e.cause);
}
