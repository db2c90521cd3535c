import { createLogger } from '@tickflow/common';
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { exitOnFatalCrash } from '../../../src/sources/kafka-source.js';

/** Just enough of a kafkajs consumer to emit its CRASH event. */
function fakeConsumer(): { consumer: Consumer; crash(restart: boolean): void } {
  const listeners: ((e: { payload: { error: Error; restart: boolean } }) => void)[] = [];
  const consumer = { events: { CRASH: 'consumer.crash' }, on: (_: string, fn: (typeof listeners)[number]) => listeners.push(fn) } as unknown as Consumer;
  return { consumer, crash: (restart) => listeners.forEach((fn) => fn({ payload: { error: new Error('The request included a message larger than the max message size'), restart } })) };
}

describe('exitOnFatalCrash', () => {
  it('exits 1 when kafkajs will not restart the consumer; not when it will', () => {
    const { consumer, crash } = fakeConsumer();
    const exits: number[] = [];
    exitOnFatalCrash(consumer, createLogger('test', 'silent'), (code) => exits.push(code));
    crash(true);
    expect(exits).toEqual([]);
    crash(false);
    expect(exits).toEqual([1]);
  });
});
