import { makeDeadLetter, TickflowError, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { createLogger } from '@tickflow/common';
import { CompressionTypes, type Producer, type ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaSink } from '../../../src/sinks/kafka-sink.js';

const quote: QuoteEvent = { v: 1, symbol: 'AAPL', ts: 1_767_000_000_000, price: 190.5, volume: 10, source: 'sim' };
const sale = { v: 1, orderId: 'O-1' } as unknown as SaleEvent;
const topics = { quotes: 'q', sales: 's', metrics: 'm' };

/** A kafkajs Producer stand-in recording each send; `fail` makes sends throw it. */
function fakeProducer(fail?: Error): { producer: Producer; sent: ProducerRecord[] } {
  const sent: ProducerRecord[] = [];
  const producer = {
    send: async (r: ProducerRecord) => {
      if (fail) throw fail;
      sent.push(r);
      return [];
    },
  } as unknown as Producer;
  return { producer, sent };
}

describe('KafkaSink', () => {
  it('keys quotes by symbol and sales by order id, one request per topic in batch order, acks=all, codec per topic', async () => {
    const { producer, sent } = fakeProducer();
    const sink = new KafkaSink(producer, { topics, compression: { quotes: 'zstd', sales: 'none' } }, createLogger('t', 'silent'));
    const dl = makeDeadLetter('parse_error', 'bad', 'x,y', { line: 3 }, 1);
    const items = [{ kind: 'quote', event: quote }, { kind: 'sale', event: sale }, { kind: 'reject', topic: 'q', deadLetter: dl }, { kind: 'quote', event: { ...quote, price: 191 } }] as const;
    await sink.send(items.map((i) => sink.encode(i)));
    expect(sent.map((r) => [r.topic, r.acks, r.compression, r.messages.map((m) => m.key)])).toEqual([
      ['q', -1, CompressionTypes.ZSTD, ['AAPL', 'AAPL']],
      ['s', -1, CompressionTypes.None, ['O-1']],
      ['q.dlq', -1, CompressionTypes.GZIP, [null]],
    ]);
    expect(JSON.parse(String(sent[0]!.messages[1]!.value))).toMatchObject({ price: 191 });
    expect(sent[2]!.messages[0]!.headers).toEqual({ reason: 'parse_error' });
    expect(sink.stats).toMatchObject({ quotes: 2, sales: 1, deadLetters: 1 });
  });

  it('wraps a failed send in a TickflowError whose canRetry says whether kafkajs saw it as retriable', async () => {
    const tooLarge = Object.assign(new Error('The request included a message larger than the max message size'), { name: 'KafkaJSProtocolError', retriable: false });
    const { producer } = fakeProducer(tooLarge);
    const sink = new KafkaSink(producer, { topics, compression: { quotes: 'none', sales: 'none' } }, createLogger('t', 'silent'));
    const err = await sink.send([sink.encode({ kind: 'quote', event: quote })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TickflowError);
    expect(err).toMatchObject({ code: 'kafka_send', canRetry: false });
    const timeout = Object.assign(new Error('Request timed out'), { name: 'KafkaJSRequestTimeoutError' });
    const sink2 = new KafkaSink(fakeProducer(timeout).producer, { topics, compression: { quotes: 'none', sales: 'none' } }, createLogger('t', 'silent'));
    await expect(sink2.send([sink2.encode({ kind: 'quote', event: quote })])).rejects.toMatchObject({ canRetry: true });
  });
});
