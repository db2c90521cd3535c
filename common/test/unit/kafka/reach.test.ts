import { TickflowError } from '@tickflow/contracts';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitForKafka, withinDeadline } from '../../../src/kafka/reach.js';
import { closedPort } from '../../../../test/support/closed-port.js';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) }) };
};

describe('waitForKafka', () => {
  it('Kafka unreachable: one line, then a retriable kafka_unreachable error after the timeout', async () => {
    const port = await closedPort();
    const { lines, log } = capture();
    const err = await waitForKafka([`127.0.0.1:${port}`], { timeoutMs: 600, log }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TickflowError);
    expect(err).toMatchObject({ code: 'kafka_unreachable', canRetry: true, message: `cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED (gave up after 1s; --connect-timeout)` });
    expect(lines.map((l) => l.msg)).toEqual([`cannot reach Kafka at 127.0.0.1:${port}: ECONNREFUSED, retrying`]);
  });

  it('returns once a broker accepts connections, saying nothing when it did at once', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const { lines, log } = capture();
    try {
      await waitForKafka([`127.0.0.1:${await closedPort()}`, `127.0.0.1:${port}`], { timeoutMs: 5000, log });
    } finally {
      server.close();
    }
    expect(lines).toEqual([]);
  });
});

describe('withinDeadline', () => {
  it('a step that never settles becomes a retriable kafka_unreachable error', async () => {
    await expect(withinDeadline(new Promise(() => undefined), 50, 'Kafka at k:9092')).rejects.toMatchObject({ code: 'kafka_unreachable', canRetry: true, message: 'Kafka at k:9092: no answer within 0s (--connect-timeout)' });
    await expect(withinDeadline(Promise.resolve(7), 50, 'x')).resolves.toBe(7);
  });
});
