import { describe, expect, it } from 'vitest';
import { DeadLetterSchema, makeDeadLetter } from '../../src/dead-letter.js';
import { ConfigError, TickflowError } from '../../src/errors.js';
import { dlqTopic, TOPICS } from '../../src/topics.js';

describe('errors', () => {
  it('TickflowError carries code, canRetry, cause and its name', () => {
    const cause = new Error('socket closed');
    const e = new TickflowError('send failed', 'kafka_send', true, { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'TickflowError', message: 'send failed', code: 'kafka_send', canRetry: true, cause });
  });

  it('ConfigError is a non-retriable TickflowError with code config_invalid', () => {
    const e = new ConfigError('KAFKA_BROKERS: required');
    expect(e).toBeInstanceOf(TickflowError);
    expect(e).toMatchObject({ name: 'ConfigError', code: 'config_invalid', canRetry: false, message: 'KAFKA_BROKERS: required' });
  });
});

describe('topics', () => {
  it('the dead-letter topic of a topic is <topic>.dlq', () => {
    expect(dlqTopic('x.y')).toBe('x.y.dlq');
    expect(dlqTopic(TOPICS.sales)).toBe('sales.transactions.dlq');
    expect(TOPICS.metrics).toBe('pipeline.metrics');
  });
});

describe('makeDeadLetter', () => {
  const source = { topic: 'market.quotes', partition: 2, offset: '17' };

  it('keeps a string original as its UTF-8 bytes, base64', () => {
    const dl = makeDeadLetter('not_json', 'Unexpected token', 'prix: 12 €', source, 5);
    expect(dl).toEqual({ reason: 'not_json', error: 'Unexpected token', originalBase64: 'cHJpeDogMTIg4oKs', source, at: 5 });
    expect(DeadLetterSchema.parse(dl)).toEqual(dl);
  });

  it('keeps binary originals byte for byte (not valid UTF-8)', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe]);
    const dl = makeDeadLetter('parse_error', 'bad', bytes, { file: 'a.csv', line: 3 }, 1);
    expect(dl.originalBase64).toBe('/wD+');
    expect([...Buffer.from(dl.originalBase64, 'base64')]).toEqual([0xff, 0x00, 0xfe]);
  });

  it('the schema checks the reason and the source fields', () => {
    const dl = makeDeadLetter('late', 'late by 5 s', 'x', source, 1);
    expect(DeadLetterSchema.safeParse({ ...dl, reason: 'other' }).success).toBe(false);
    expect(DeadLetterSchema.safeParse({ ...dl, source: { partition: 1.5 } }).success).toBe(false);
    expect(DeadLetterSchema.safeParse({ ...dl, source: { line: 'x' } }).success).toBe(false);
    expect(DeadLetterSchema.safeParse({ ...dl, error: 3 }).success).toBe(false);
    expect(DeadLetterSchema.parse({ ...dl, extra: 1 })).toEqual(dl);
  });
});
