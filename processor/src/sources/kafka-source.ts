import { isRetriable, type Logger } from '@tickflow/common';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { InRecord } from '../core/handler.js';
import type { Pipeline } from '../pipeline/pipeline.js';

/**
 * kafkajs -> pipeline. Offsets are never auto-committed or auto-resolved: the pipeline commits
 * them inside its transactions; resolving here only advances the fetch position.
 */
export function runKafkaSource(consumer: Consumer, pipeline: Pipeline, concurrency: number): Promise<void> {
  return consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: concurrency,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const records: InRecord[] = batch.messages.map((m) => ({ value: m.value, offset: m.offset, timestamp: Number(m.timestamp) }));
      const consumed = await pipeline.handleBatch({ topic: batch.topic, partition: batch.partition, records, lag: Number(batch.offsetLag()) }, heartbeat);
      if (consumed) resolveOffset(batch.lastOffset());
      // kafkajs chains a fetch's batches in microtasks: without a turn of the event loop between
      // them, InfluxDB acknowledgements and timers wait for the whole fetch to be handled.
      await yieldToLoop();
      await heartbeat();
    },
  });
}

/**
 * A consumer kafkajs will not restart leaves the process up doing nothing. When the error is
 * transient by our classification (kafkajs wraps "group coordinator not found" during a broker
 * restart as non-retriable), restart it in-process: the pipeline skips records it already
 * handled, so a rejoin replays nothing twice. Anything else exits non-zero, so the
 * orchestrator restarts the processor and health checks show it.
 */
export function superviseConsumer(
  consumer: Consumer,
  log: Logger,
  actions: { restart: () => Promise<void>; exit: (code: number) => void },
): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      log.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    if (isRetriable(payload.error)) {
      log.warn({ err: payload.error }, 'consumer stopped on a transient error; restarting it');
      actions.restart().catch((err: unknown) => {
        log.fatal({ err }, 'consumer restart failed; exiting so the orchestrator restarts the processor');
        actions.exit(1);
      });
      return;
    }
    log.fatal({ err: payload.error }, 'consumer crashed for good; exiting so the orchestrator restarts the processor');
    actions.exit(1);
  });
}
