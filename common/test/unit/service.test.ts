import { TickflowError } from '@tickflow/contracts';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { exitIfRetriable, handleStopSignals, startConsumer, startConsumerOrExit } from '../../src/service.js';
import { closedPort } from '../../../test/support/closed-port.js';

const log = createLogger('test', 'silent');

describe('handleStopSignals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the stop sequence once on SIGTERM or SIGINT, aborts start-up, then exits 0', async () => {
    const proc = new EventEmitter();
    const exits: number[] = [];
    const stops: string[] = [];
    const s = handleStopSignals({ log, timeoutMs: 1000, timeoutMessage: 'slow', stop: async (sig) => void stops.push(sig), process: proc as never, exit: (c) => void exits.push(c) });
    expect([s.stopping, s.signal.aborted]).toEqual([false, false]);
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect([s.stopping, s.signal.aborted]).toEqual([true, true]);
    expect(stops).toEqual(['SIGTERM']);
    expect(exits).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(exits).toEqual([0]); // the timeout was cleared
  });

  it('exits 1, saying so, when the stop sequence takes longer than the timeout', async () => {
    const error = vi.spyOn(log, 'error');
    const exits: number[] = [];
    const s = handleStopSignals({ log, timeoutMs: 1000, timeoutMessage: 'too slow; replays', stop: () => new Promise(() => {}), process: new EventEmitter() as never, exit: (c) => void exits.push(c) });
    void s.stop('SIGINT');
    await vi.advanceTimersByTimeAsync(999);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(exits).toEqual([1]);
    expect(error).toHaveBeenCalledWith('too slow; replays');
  });
});

describe('startConsumer', () => {
  it('creates the missing topics, connects the consumer and the extra clients, then subscribes from the beginning', async () => {
    const calls: string[] = [];
    const admin = {
      connect: async () => void calls.push('admin.connect'),
      listTopics: async () => ['in'],
      createTopics: async (a: { topics: { topic: string }[] }) => void calls.push(`create ${a.topics.map((t) => t.topic).join(',')}`),
      fetchTopicMetadata: async () => ({ topics: [] }),
      disconnect: async () => void calls.push('admin.disconnect'),
    };
    const consumer = {
      connect: async () => void calls.push('consumer.connect'),
      subscribe: async (s: { topics: string[]; fromBeginning: boolean }) => void calls.push(`subscribe ${s.topics.join(',')} ${s.fromBeginning}`),
    };
    await startConsumer({ admin: () => admin } as never, consumer, {
      create: [{ topic: 'in.dlq', numPartitions: 1 }],
      subscribe: ['in'],
      connect: async () => void calls.push('producer.connect'),
      log,
      signal: new AbortController().signal,
    });
    expect(calls).toEqual(['admin.connect', 'create in.dlq', 'admin.disconnect', 'consumer.connect', 'producer.connect', 'subscribe in true']);
  });

  it('with reach and no broker there: one line, then a retriable kafka_unreachable error, and no client is touched', async () => {
    const port = await closedPort();
    const lines: Record<string, unknown>[] = [];
    const captured = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const untouched = () => {
      throw new Error('kafkajs must not be used before a broker answers');
    };
    const err = await startConsumer({ admin: untouched } as never, { connect: untouched, subscribe: untouched } as never, {
      create: [],
      subscribe: ['in'],
      log: captured,
      signal: new AbortController().signal,
      reach: { brokers: [`127.0.0.1:${port}`], timeoutMs: 1000 },
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TickflowError);
    expect(err).toMatchObject({ code: 'kafka_unreachable', canRetry: true, message: `cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED (gave up after 1s; --connect-timeout)` });
    expect(lines.map((l) => l.msg)).toEqual([`cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED, retrying`]);
  });
});

describe('startConsumerOrExit', () => {
  const admin = { connect: async () => {}, listTopics: async () => ['in'], createTopics: async () => {}, fetchTopicMetadata: async () => ({ topics: [] }), disconnect: async () => {} };
  const start = (consumer: object, stopping: () => boolean) =>
    startConsumerOrExit({ admin: () => admin } as never, consumer as never, { create: [], subscribe: ['in'], log, signal: new AbortController().signal }, { stopping, log });

  it('true once started; false when a stop began meanwhile, or a start failed while stopping (no exit, no throw)', async () => {
    const ok = { connect: async () => {}, subscribe: async () => {} };
    expect(await start(ok, () => false)).toBe(true);
    expect(await start(ok, () => true)).toBe(false);
    const failing = { connect: async () => Promise.reject(new TypeError('aborted mid-connect')), subscribe: async () => {} };
    expect(await start(failing, () => true)).toBe(false);
  });

  it('a failure that is not retriable, when not stopping, is thrown on as a bug', async () => {
    const failing = { connect: async () => Promise.reject(new TypeError('x is undefined')), subscribe: async () => {} };
    await expect(start(failing, () => false)).rejects.toThrow('x is undefined');
  });
});

describe('exitIfRetriable', () => {
  it('a retriable error: one error line, exit 75; any other error is thrown on', () => {
    const lines: Record<string, unknown>[] = [];
    const captured = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const codes: number[] = [];
    exitIfRetriable(new TickflowError('cannot reach Kafka at k:9092: ECONNREFUSED', 'kafka_unreachable', true), captured, (c) => void codes.push(c));
    expect(codes).toEqual([75]);
    expect(lines).toMatchObject([{ level: 50, code: 'kafka_unreachable', err: 'cannot reach Kafka at k:9092: ECONNREFUSED', msg: 'failed: a later run may succeed' }]);
    const bug = new TypeError('x is undefined');
    expect(() => exitIfRetriable(bug, captured, (c) => void codes.push(c))).toThrow(bug);
    expect(() => exitIfRetriable(new TickflowError('bad record', 'invalid', false), captured, (c) => void codes.push(c))).toThrow('bad record');
    expect(codes).toEqual([75]);
  });
});
