import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainQuote } from '../../src/quote-scan.js';

/** JSON.parse's value, or that it throws. */
const parsed = (t: string): unknown => {
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return 'throws';
  }
};
/** The plain parser agrees with JSON.parse whenever it reads the bytes at all; returns whether it did. */
function agrees(t: string): boolean {
  const mine = parsePlainQuote(Buffer.from(t));
  if (mine === undefined) return false;
  expect(mine, t).toStrictEqual(parsed(t)); // the same keys and values (toStrictEqual: an undefined key is not an absent one)
  return true;
}

const plainQuote = fc.record(
  {
    v: fc.constant(1),
    symbol: fc.stringMatching(/^[A-Z.^=-]{1,8}$/),
    ts: fc.integer({ min: 1, max: 2 ** 53 - 1 }),
    price: fc.double({ noNaN: true, noDefaultInfinity: true }),
    volume: fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e12, noNaN: true })),
    marketState: fc.constantFrom('PRE', 'REGULAR', 'POST', 'CLOSED', 'regular', 'x'),
    currency: fc.string({ maxLength: 4 }),
    open: fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
    source: fc.constantFrom('sim', 'yahoo', 'backfill', 'replay', 'other'),
  },
  { requiredKeys: ['v', 'symbol', 'ts', 'price', 'source'] },
);
// JSON texts near the plain form: every way out of it must be left to JSON.parse, never misread.
const digits = fc.stringMatching(/^-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,25})?([eE][+-]?[0-9]{1,3})?$/);
const nearPlain = fc.oneof(
  plainQuote.map((q) => JSON.stringify(q)),
  fc.tuple(plainQuote, digits).map(([q, d]) => JSON.stringify(q).replace(/"price":[^,}]*/, `"price":${d}`)),
  fc.tuple(plainQuote, fc.constantFrom(' ', '\n', '\\u0041', '"price":-1,', '"v":2,', '"x":1,', '00', '01', '-', '1.', '.5', '1e', 'null', 'true', '[]', '{}', '"', 'é', '\t'), fc.nat()).map(([q, ins, at]) => {
    const t = JSON.stringify(q);
    const i = at % (t.length + 1);
    return t.slice(0, i) + ins + t.slice(i);
  }),
);

describe('parsePlainQuote: JSON.parse for the plain form of a quote, from its bytes', () => {
  it('returns what JSON.parse returns (keys and values), or leaves the text to it (property)', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(nearPlain, (t) => {
        runs++;
        if (agrees(t)) read++;
      }),
      { numRuns: 20_000, seed: 8 },
    );
    expect(read).toBeGreaterThan(runs * 0.3); // the plain form is read, not left
    expect(runs - read).toBeGreaterThan(runs * 0.2); // and the rest was there to leave
  });

  it('reads every number JSON.stringify writes, as JSON.parse reads it back (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(agrees(`{"v":1,"symbol":"A","ts":1,"price":${JSON.stringify(x)},"source":"sim"}`)).toBe(true);
      }),
      { numRuns: 20_000, seed: 9 },
    );
  });

  it('numbers past the exact fast path (long, exponents, huge) still read as JSON.parse reads them', () => {
    for (const n of ['189.52999877929688', '123456789012345', '1234567890123456', '9007199254740993', '0.1', '-0', '0', '1e21', '1E-7', '2.5e+300', '1e999', '0.000000000000000000000001', '4.35']) {
      expect(agrees(`{"v":1,"symbol":"A","ts":1,"price":${n},"source":"sim"}`), n).toBe(true);
    }
  });

  it('leaves to JSON.parse: a required key missing, whitespace, escapes, non-ASCII, repeated or unknown keys, other value types, trailing bytes', () => {
    const q = '"v":1,"symbol":"AAPL","ts":1767600000000,"price":10,"source":"sim"';
    for (const t of [`{"v":1,"ts":1,"price":1,"source":"sim"}`, ` {${q}}`, `{ ${q}}`, `{${q}} `, `{${q}}\n`, `{${q},"symbol":"MSFT"}`, `{${q},"extra":1}`, `{${q},"currency":null}`, `{${q},"open":[1]}`, `{"symbol":"A\\u0041",${q.slice(16)}}`, `{"symbol":"É",${q.slice(16)}}`, '{}', '', '{', `{${q}`, `{${q},}`, `{"v":01}`, `{"v":1.}`, `{"v":-}`]) {
      expect(parsePlainQuote(Buffer.from(t)), t).toBeUndefined();
    }
    expect(parsePlainQuote(Buffer.from(`{${q}}`))).toStrictEqual(JSON.parse(`{${q}}`));
  });

  it('reads a symbol seen before (interned) and one of the same hash bucket apart', () => {
    for (const t of ['{"symbol":"BRK-B","source":"sim","marketState":"REGULAR"', '{"symbol":"BRK-B","source":"sim","marketState":"REGULAR"', '{"symbol":"BRK-C","source":"yahoo"', '{"symbol":"source","source":"sim"'].map((head) => `${head},"v":1,"ts":5,"price":2.5}`)) {
      expect(agrees(t), t).toBe(true);
    }
  });
});
