import { createLogger } from '@tickflow/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../src/pipeline/pipeline.js';
import { runKafkaSource, superviseConsumer } from '../../../src/sources/kafka-source.js';

type Crash = { payload: { error: Error; restart: boolean } };

/** Just enough of a kafkajs consumer to emit its CRASH event. */
function fakeConsumer(): { consumer: Consumer; crash(error: Error, restart: boolean): void } {
  const listeners: ((e: Crash) => void)[] = [];
  const consumer = { events: { CRASH: 'consumer.crash' }, on: (_: string, fn: (e: Crash) => void) => listeners.push(fn) } as unknown as Consumer;
  return { consumer, crash: (error, restart) => listeners.forEach((fn) => fn({ payload: { error, restart } })) };
}

const tooLarge = Object.assign(new Error('The request included a message larger than the max message size'), { name: 'KafkaJSProtocolError', retriable: false });
// What kafkajs raises when a broker restart outlasts its coordinator lookup: the class is lost.
const noCoordinator = Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSNonRetriableError', retriable: false });
const flush = () => new Promise((r) => setImmediate(r));

describe('superviseConsumer', () => {
  it('does nothing when kafkajs restarts the consumer itself', async () => {
    const { consumer, crash } = fakeConsumer();
    const calls: string[] = [];
    superviseConsumer(consumer, createLogger('test', 'silent'), { restart: async () => void calls.push('restart'), exit: (c) => void calls.push(`exit ${c}`) });
    crash(tooLarge, true);
    await flush();
    expect(calls).toEqual([]);
  });

  it('exits 1 on a crash kafkajs will not restart and that is not transient', async () => {
    const { consumer, crash } = fakeConsumer();
    const calls: string[] = [];
    superviseConsumer(consumer, createLogger('test', 'silent'), { restart: async () => void calls.push('restart'), exit: (c) => void calls.push(`exit ${c}`) });
    crash(tooLarge, false);
    await flush();
    expect(calls).toEqual(['exit 1']);
  });

  it('restarts in-process after a transient crash (broker restart), and exits 1 if that restart fails', async () => {
    const { consumer, crash } = fakeConsumer();
    const calls: string[] = [];
    let fail = false;
    const restart = async () => {
      calls.push('restart');
      if (fail) throw new Error('not connectable');
    };
    superviseConsumer(consumer, createLogger('test', 'silent'), { restart, exit: (c) => void calls.push(`exit ${c}`) });
    crash(noCoordinator, false);
    await flush();
    expect(calls).toEqual(['restart']);
    fail = true;
    crash(noCoordinator, false);
    await flush();
    expect(calls).toEqual(['restart', 'restart', 'exit 1']);
  });
});

describe('runKafkaSource', () => {
  it('gives the event loop a turn after each batch: an acknowledgement due meanwhile runs before the next batch of the fetch', async () => {
    let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
    const consumer = { run: async (o: { eachBatch: typeof eachBatch }) => void (eachBatch = o.eachBatch) } as unknown as Consumer;
    const order: string[] = [];
    const pipeline = {
      handleBatch: async ({ partition }: { partition: number }) => {
        order.push(`batch ${partition}`);
        if (partition === 0) setImmediate(() => order.push('ack')); // an InfluxDB response, say
        return true;
      },
    } as unknown as Pipeline;
    await runKafkaSource(consumer, pipeline, 1);
    const payload = (partition: number) =>
      ({
        batch: { topic: 't', partition, messages: [{ value: Buffer.from('{}'), offset: '0', timestamp: '1' }], offsetLag: () => '0', lastOffset: () => '0' },
        heartbeat: async () => {},
        isRunning: () => true,
        isStale: () => false,
        resolveOffset: () => {},
      }) as unknown as EachBatchPayload;
    // kafkajs runs a fetch's batches one after another, each as soon as the previous resolves.
    await eachBatch!(payload(0));
    await eachBatch!(payload(1));
    expect(order).toEqual(['batch 0', 'ack', 'batch 1']);
  });
});
