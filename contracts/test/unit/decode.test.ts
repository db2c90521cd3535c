import { QuoteEventSchema } from '../../src/quote-event.js';
import { SaleEventSchema } from '../../src/sale-event.js';
import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeJson, type DecodeLimits } from '../../src/decode.js';

const NOW = Date.UTC(2026, 0, 5, 14, 30); // the record's Kafka timestamp
const LIMITS: DecodeLimits = { now: NOW, maxFutureMs: 60_000 };
const QUOTE = { v: 1, symbol: 'AAPL', ts: NOW - 1_000, price: 189.5, volume: 300, source: 'sim' };
const bytes = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');
const quote = (b: Buffer | null, limits = LIMITS) => decodeEvent(QuoteEventSchema, b, limits);
const reasonOf = (d: ReturnType<typeof quote>) => (d.ok ? 'ok' : d.reason);

describe('decodeEvent', () => {
  it('returns the validated event, schema defaults applied', () => {
    expect(quote(bytes(QUOTE))).toEqual({ ok: true, event: QUOTE });
    const { volume: _omitted, ...noVolume } = QUOTE;
    expect(quote(bytes(noVolume))).toEqual({ ok: true, event: { ...QUOTE, volume: 0 } });
  });

  it('rejects empty and null messages as not_json', () => {
    expect(quote(null)).toEqual({ ok: false, reason: 'not_json', error: 'empty message' });
    expect(quote(Buffer.alloc(0))).toEqual({ ok: false, reason: 'not_json', error: 'empty message' });
  });

  it('rejects bytes that are not JSON as not_json, without throwing', () => {
    for (const b of [bytes('{"v":1,'), bytes('AAPL,189.5'), Buffer.from([0xff, 0xfe, 0x00, 0x7b])]) {
      const d = quote(b);
      // The error is JSON.parse's own message (it says where the JSON broke).
      let parseError = '';
      try {
        JSON.parse(b.toString('utf8'));
      } catch (err) {
        parseError = (err as Error).message;
      }
      expect(parseError).not.toBe('');
      expect(d).toEqual({ ok: false, reason: 'not_json', error: parseError });
    }
  });

  it('rejects a missing field as invalid_schema, naming the field', () => {
    const { price: _omitted, ...noPrice } = QUOTE;
    const d = quote(bytes(noPrice));
    expect(d).toMatchObject({ ok: false, reason: 'invalid_schema' });
    expect(d.ok ? '' : d.error).toMatch(/^price: /);
  });

  it('rejects out-of-range values as invalid_value, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ price: -1 }, 'price'],
      [{ price: 0 }, 'price'],
      [{ volume: -5 }, 'volume'],
      [{ v: 2 }, 'v'],
      [{ source: 'bloomberg' }, 'source'],
      [{ symbol: '' }, 'symbol'],
      [{ symbol: 'AA PL' }, 'symbol'],
    ];
    for (const [patch, field] of cases) {
      const d = quote(bytes({ ...QUOTE, ...patch }));
      expect(reasonOf(d), JSON.stringify(patch)).toBe('invalid_value');
      expect(d.ok ? '' : d.error).toMatch(new RegExp(`^${field}: `));
    }
  });

  it.each([
    ['price "NaN"', JSON.stringify({ ...QUOTE, price: 'NaN' })],
    ['price "abc"', JSON.stringify({ ...QUOTE, price: 'abc' })],
    ['price null', JSON.stringify({ ...QUOTE, price: null })],
    ['price 1e999 (Infinity after JSON.parse)', JSON.stringify(QUOTE).replace('"price":189.5', '"price":1e999')],
    ['ts 1.5 (not an integer)', JSON.stringify({ ...QUOTE, ts: 1.5 })],
  ])('rejects a present but NaN-like or wrongly typed value as invalid_value: %s', (_label, json) => {
    expect(quote(bytes(json))).toMatchObject({ ok: false, reason: 'invalid_value' });
  });

  it('rejects a sale whose amount is not quantity * unitPrice as invalid_value', () => {
    const sale = {
      v: 1, orderId: 'o-1', customerId: 'c-1', segment: 'consumer', ts: NOW, category: 'Books', product: 'Atlas',
      quantity: 2, unitPrice: 10, amount: 25, currency: 'EUR', city: 'Paris', country: 'FR', paymentMethod: 'card',
    };
    expect(decodeEvent(SaleEventSchema, bytes(sale), LIMITS)).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(decodeEvent(SaleEventSchema, bytes({ ...sale, amount: 20 }), LIMITS)).toMatchObject({ ok: true });
  });

  it('rejects an event time more than maxFutureMs after now as future_timestamp; the bound itself passes', () => {
    expect(reasonOf(quote(bytes({ ...QUOTE, ts: NOW + 60_000 })))).toBe('ok');
    const d = quote(bytes({ ...QUOTE, ts: NOW + 60_001 }));
    expect(d).toMatchObject({ ok: false, reason: 'future_timestamp' });
    expect(d.ok ? '' : d.error).toContain('60000 ms ahead of 2026-01-05T14:30:00.000Z');
    // "now" is whatever the caller passes (the record timestamp), not the wall clock.
    expect(reasonOf(quote(bytes({ ...QUOTE, ts: NOW + 60_001 }), { now: NOW + 1, maxFutureMs: 60_000 }))).toBe('ok');
  });

  it.each(['null', '[1,2]', '42', '"AAPL"'])('rejects JSON that is not an object (%s) as invalid_schema: nothing of the shape is there', (raw) => {
    expect(quote(bytes(raw))).toMatchObject({ ok: false, reason: 'invalid_schema' });
  });

  it('says future_timestamp, never throws, for an event time beyond the Date range', () => {
    expect(quote(bytes({ ...QUOTE, ts: 9e15 }))).toEqual({ ok: false, reason: 'future_timestamp', error: 'ts 9000000000000000 is more than 60000 ms ahead of 2026-01-05T14:30:00.000Z' });
  });

  it('decodeJson applies the schema without the time rule (dead letters have no event time)', () => {
    expect(decodeJson(QuoteEventSchema, bytes({ ...QUOTE, ts: NOW + 3_600_000 }))).toMatchObject({ ok: true });
    expect(decodeJson(QuoteEventSchema, bytes('{'))).toMatchObject({ ok: false, reason: 'not_json' });
  });

  it('accepts old event times (lateness is the handlers\' business)', () => {
    expect(reasonOf(quote(bytes({ ...QUOTE, ts: Date.UTC(2015, 1, 17) })))).toBe('ok');
  });
});
