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
    expect(decodeRecord('quote', quote({ price: -1 }), limits)).toEqual({ ok: false, reason: 'invalid_value' });
    expect(decodeRecord('quote', quote({ price: undefined }), limits)).toEqual({ ok: false, reason: 'invalid_schema' });
    expect(decodeRecord('quote', quote({ ts: limits.kafkaTs + 300_001 }), limits)).toEqual({ ok: false, reason: 'future_timestamp' });
    expect(decodeRecord('quote', quote({ ts: 9e15 }), limits)).toEqual({ ok: false, reason: 'future_timestamp' });
    const dl = { reason: 'not_json', error: 'x', originalBase64: '', source: {}, at: 9e15 };
    expect(decodeRecord('dlq', Buffer.from(JSON.stringify(dl)), limits)).toEqual({ ok: false, reason: 'invalid_value' });
    expect(decodeRecord('dlq', Buffer.from(JSON.stringify({ ...dl, at: 5 })), limits)).toMatchObject({ ok: true });
    expect(decodeRecord('quote', Buffer.alloc(0), limits)).toEqual({ ok: false, reason: 'not_json' });
  });
  it('limits are inclusive: an event exactly maxFutureMs ahead, a dead letter at the last representable time', () => {
    expect(decodeRecord('quote', quote({ ts: limits.kafkaTs + 300_000 }), limits)).toMatchObject({ ok: true });
    const dl = { reason: 'not_json', error: 'x', originalBase64: '', source: {} };
    for (const at of [8.64e15, -8.64e15]) expect(decodeRecord('dlq', Buffer.from(JSON.stringify({ ...dl, at })), limits), String(at)).toMatchObject({ ok: true });
    expect(decodeRecord('dlq', Buffer.from(JSON.stringify({ ...dl, at: -8.64e15 - 1 })), limits)).toEqual({ ok: false, reason: 'invalid_value' });
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
  it('keeps escapes outside the surrogate range as received (\\u2e80, \\uD000, \\ud7ff); lone surrogates of the whole range become U+FFFD', () => {
    for (const esc of ['\\u2e80', '\\uD000', '\\ud7ff']) {
      const value = `{"v":1,"symbol":"AAA","ts":1,"price":1,"source":"sim","currency":"E${esc}R"}`;
      const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: 1, maxFutureMs: 1 });
      if (!d.ok) throw new Error('invalid');
      expect(rawLine(meta, value, d), esc).toBe(`{"t":"q\\"t","p":1,"o":42,"k":7,"e":${value}}`);
    }
    for (const esc of ['\\uD83D', '\\udfff', '\\uDA00']) {
      const value = `{"v":1,"symbol":"AAA","ts":1,"price":1,"source":"sim","currency":"E${esc}R"}`;
      const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: 1, maxFutureMs: 1 });
      if (!d.ok) throw new Error('invalid');
      expect(JSON.parse(rawLine(meta, value, d)).e.currency, esc).toBe('E\ufffdR');
    }
  });
  it('re-serialises pretty-printed JSON onto one line and lone surrogates as U+FFFD', () => {
    const value = '{"v":1,"symbol":"AAA","ts":1,\n"price":1,"source":"sim","currency":"E\\ud800R"}';
    const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: 1, maxFutureMs: 1 });
    if (!d.ok) throw new Error('invalid');
    const line = rawLine(meta, value, d);
    expect(line).not.toContain('\n');
    // currency (any 3 characters): marketState is an enum since issue 12.
    expect(JSON.parse(line).e.currency).toBe('E\ufffdR');
  });
});
