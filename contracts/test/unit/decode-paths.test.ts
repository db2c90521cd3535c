import { QuoteEventSchema } from '../../src/quote-event.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeEvent } from '../../src/decode.js';

const LIMITS = { now: Date.UTC(2026, 0, 5), maxFutureMs: 60_000 };
const decode = <S extends z.ZodType<{ ts: number }>>(schema: S, raw: string) => decodeEvent(schema, Buffer.from(raw), LIMITS);

describe('decodeEvent error text and reasons', () => {
  it('a root that is not an object is reported at "(root)"', () => {
    expect(decode(QuoteEventSchema, '42')).toEqual({ ok: false, reason: 'invalid_schema', error: '(root): Invalid input: expected object, received number' });
  });

  it('nested paths are joined with dots; an absent nested field is invalid_schema, a wrong one invalid_value', () => {
    const schema = z.object({ ts: z.number(), meta: z.object({ origin: z.object({ line: z.number() }) }) });
    expect(decode(schema, '{"ts":1,"meta":{"origin":{}}}')).toMatchObject({ reason: 'invalid_schema', error: expect.stringMatching(/^meta\.origin\.line: /) });
    expect(decode(schema, '{"ts":1,"meta":{"origin":{"line":"7"}}}')).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^meta\.origin\.line: /) });
    expect(decode(schema, '{"ts":1,"meta":null}')).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^meta: /) });
  });

  it('never throws on an issue path that runs through null or a primitive (custom refinements)', () => {
    const schema = z
      .object({ ts: z.number(), meta: z.unknown() })
      .refine(() => false, { path: ['meta', 'origin', 'line'], message: 'no origin' });
    for (const meta of ['null', '5', '"x"', 'true']) {
      expect(decode(schema, `{"ts":1,"meta":${meta}}`)).toEqual({ ok: false, reason: 'invalid_schema', error: 'meta.origin.line: no origin' });
    }
    expect(decode(schema, '{"ts":1,"meta":{"origin":{"line":3}}}')).toMatchObject({ reason: 'invalid_value' });
    // A string has properties of its own ('length'): still not a place a field can be.
    const onString = z.object({ ts: z.number(), meta: z.unknown() }).refine(() => false, { path: ['meta', 'length'], message: 'bad' });
    expect(decode(onString, '{"ts":1,"meta":"abc"}')).toMatchObject({ reason: 'invalid_schema' });
  });
});
