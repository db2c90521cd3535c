import { QuoteEventSchema } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../../src/core/decode.js';

// Pending a decision in src/core/decode.ts (not committed; merge into decode.test.ts). Since
// 588548c, a message that is valid JSON but not an object (null, an array, a number, a string)
// is classified invalid_value, because valueAt(raw, []) is the root itself. Nothing of the
// expected shape is present: that is a schema problem, like a missing field.
describe('decodeEvent: JSON that is not an object', () => {
  it.each(['null', '[1,2]', '42', '"AAPL"'])('%s -> invalid_schema', (raw) => {
    const d = decodeEvent(QuoteEventSchema, Buffer.from(raw), { now: Date.UTC(2026, 0, 5), maxFutureMs: 60_000 });
    expect(d).toMatchObject({ ok: false, reason: 'invalid_schema' });
  });
});
