import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../../src/core/decode.js';
import { rawLine } from '../../../src/core/rows.js';

const limits = { kafkaTs: Date.UTC(2026, 10, 30), maxFutureMs: 300_000 };
const quote = (over: object) => Buffer.from(JSON.stringify({ v: 1, symbol: 'AAA', ts: limits.kafkaTs, price: 1, source: 'sim', ...over }));

describe('decodeRecord', () => {
  it('accepts a valid event and applies schema defaults', () => {
    const d = decodeRecord('quote', quote({}), limits);
    expect(d).toMatchObject({ ok: true, kind: 'quote', event: { volume: 0 } });
  });
  it('says why a record is skipped: not JSON, schema, future time, unrepresentable time', () => {
    expect(decodeRecord('quote', Buffer.from('{'), limits)).toEqual({ ok: false, reason: 'not_json' });
    expect(decodeRecord('quote', null, limits)).toEqual({ ok: false, reason: 'not_json' });
    expect(decodeRecord('quote', quote({ price: -1 }), limits)).toEqual({ ok: false, reason: 'invalid_schema' });
    expect(decodeRecord('quote', quote({ ts: limits.kafkaTs + 300_001 }), limits)).toEqual({ ok: false, reason: 'future_timestamp' });
    expect(decodeRecord('quote', quote({ ts: 9e15 }), limits)).toEqual({ ok: false, reason: 'future_timestamp' });
    const dl = { reason: 'not_json', error: 'x', originalBase64: '', source: {}, at: 9e15 };
    expect(decodeRecord('dlq', Buffer.from(JSON.stringify(dl)), limits)).toEqual({ ok: false, reason: 'invalid_value' });
    expect(decodeRecord('dlq', Buffer.from(JSON.stringify({ ...dl, at: 5 })), limits)).toMatchObject({ ok: true });
  });
});

describe('rawLine', () => {
  const meta = { topic: 'q"t', partition: 1, offset: 42n, timestamp: 7 };
  it('keeps the event JSON as received, with the Kafka coordinates', () => {
    const value = '{"v":1,"symbol":"AAA","ts":1,"price":1.50,"source":"sim"}';
    const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: 1, maxFutureMs: 1 });
    if (!d.ok) throw new Error('invalid');
    expect(rawLine(meta, value, d)).toBe(`{"t":"q\\"t","p":1,"o":42,"k":7,"e":${value}}`);
  });
  it('re-serialises pretty-printed JSON onto one line and lone surrogates as U+FFFD', () => {
    const value = '{"v":1,"symbol":"AAA","ts":1,\n"price":1,"source":"sim","marketState":"P\\ud800"}';
    const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: 1, maxFutureMs: 1 });
    if (!d.ok) throw new Error('invalid');
    const line = rawLine(meta, value, d);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line).e.marketState).toBe('P\ufffd');
  });
});
