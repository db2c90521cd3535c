import type { Logger } from '@tickflow/common';
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
      await heartbeat();
    },
  });
}

/**
 * A consumer kafkajs will not restart (a non-retriable error) leaves the process up doing
 * nothing: exit non-zero instead, so the orchestrator restarts it and health checks show it.
 */
export function exitOnFatalCrash(consumer: Consumer, log: Logger, exit: (code: number) => void): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      log.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    log.fatal({ err: payload.error }, 'consumer crashed for good; exiting so the orchestrator restarts the processor');
    exit(1);
  });
}
