import { createLogger } from '@tickflow/common';
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { superviseConsumer } from '../../../src/sources/kafka-source.js';

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
