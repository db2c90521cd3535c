import { createLogger } from '@tickflow/common';
import { describe, expect, it } from 'vitest';
import { isRetriable, retryKafka } from '../../../src/kafka/retry.js';

const log = createLogger('test', 'silent');
const retriable = Object.assign(new Error('This server does not host this topic-partition'), { name: 'KafkaJSProtocolError', retriable: true });

describe('retryKafka', () => {
  it('retries retriable errors until the step succeeds', async () => {
    let calls = 0;
    const result = await retryKafka('step', async () => {
      if (++calls < 3) throw retriable;
      return 'ok';
    }, log);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('rethrows a non-retriable error at once', async () => {
    let calls = 0;
    const fatal = Object.assign(new Error('bad config'), { name: 'KafkaJSNonRetriableError', retriable: false });
    await expect(retryKafka('step', async () => {
      calls++;
      throw fatal;
    }, log)).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('stops retrying once aborted', async () => {
    await expect(retryKafka('step', async () => {
      throw retriable;
    }, log, AbortSignal.abort())).rejects.toBe(retriable);
  });

  it('classifies connection errors and wrapped causes as retriable', () => {
    expect(isRetriable(Object.assign(new Error('refused'), { name: 'KafkaJSConnectionError' }))).toBe(true);
    expect(isRetriable(new Error('wrapped', { cause: retriable }))).toBe(true);
    expect(isRetriable(new Error('plain'))).toBe(false);
    // kafkajs re-wraps a coordinator lookup during a broker restart as non-retriable
    expect(isRetriable(Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSNonRetriableError' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('Topic authorization failed'), { name: 'KafkaJSNonRetriableError' }))).toBe(false);
  });
});
