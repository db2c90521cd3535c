import { TickflowError } from '@tickflow/contracts';
import { connect } from 'node:net';
import type { Logger } from '../logger.js';
import { sleep } from '../retry.js';

export interface ReachOptions {
  /** Give up after this long, ms; 0 = keep trying. */
  timeoutMs: number;
  log: Logger;
  signal?: AbortSignal;
  /** One TCP attempt's timeout, ms. */
  attemptMs?: number;
}

/** `host:port` reachable over TCP, or the error code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ...). */
function probe(broker: string, attemptMs: number): Promise<string | undefined> {
  const i = broker.lastIndexOf(':');
  const host = broker.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(broker.slice(i + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(attemptMs, () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/**
 * Waits until one broker accepts a TCP connection, before kafkajs (which retries forever and logs
 * a stack trace per attempt) is let loose. Says so once when Kafka is not there; after
 * `timeoutMs` throws a retriable TickflowError (`kafka_unreachable`: a supervisor may try later).
 */
export async function waitForKafka(brokers: readonly string[], opts: ReachOptions): Promise<void> {
  const started = performance.now();
  const where = brokers.join(',');
  for (let attempt = 0; ; attempt++) {
    const codes = await Promise.all(brokers.map((b) => probe(b, opts.attemptMs ?? 3000)));
    if (codes.some((c) => c === undefined)) {
      if (attempt > 0) opts.log.info({ brokers: where }, 'Kafka reachable');
      return;
    }
    const code = [...new Set(codes)].join(', ');
    if (attempt === 0) opts.log.warn({ brokers: where, giveUpAfterMs: opts.timeoutMs || undefined }, `cannot reach Kafka at ${where}: ${code}, retrying`);
    const left = opts.timeoutMs > 0 ? opts.timeoutMs - (performance.now() - started) : Infinity;
    if (left <= 0 || opts.signal?.aborted) {
      throw new TickflowError(`cannot reach Kafka at ${where}: ${code} (gave up after ${Math.round(opts.timeoutMs / 1000)}s; --connect-timeout)`, 'kafka_unreachable', true);
    }
    await sleep(Math.min(left, 250 * 2 ** Math.min(attempt, 3)), opts.signal);
  }
}

/** `work`, or a retriable TickflowError once `timeoutMs` (> 0) has passed without it settling. */
export async function withinDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  if (timeoutMs <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TickflowError(`${what}: no answer within ${Math.round(timeoutMs / 1000)}s (--connect-timeout)`, 'kafka_unreachable', true)), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
