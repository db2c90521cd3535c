import { decodeEvent, type DecodeLimits, type Decoded } from './decode.js';
import { MARKET_STATES, QUOTE_SOURCES, QuoteEventSchema, type QuoteEvent } from './quote-event.js';
import { parsePlainQuote } from './quote-scan.js';

// The hot path of every quote: QuoteEventSchema checked by hand, with no zod run and no copy of
// the parsed object. Anything this does not accept goes to zod, which decides and words the
// error, so the decisions are zod's (the property test in contracts/test checks both agree).
const KNOWN = new Set(['v', 'symbol', 'ts', 'price', 'volume', 'currency', 'marketState', 'dayHigh', 'dayLow', 'previousClose', 'open', 'high', 'low', 'source']);
const STATES: ReadonlySet<unknown> = new Set(MARKET_STATES);
const SOURCES: ReadonlySet<unknown> = new Set(QUOTE_SOURCES);
const SYMBOL = /^[A-Za-z0-9.^=-]{1,32}$/;

const positive = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;
const optPositive = (x: unknown): boolean => x === undefined || positive(x);

/** Three UTF-16 units and no surrogate: three code points, as zod's length(3) counts them. */
function currency(x: unknown): boolean {
  if (typeof x !== 'string' || x.length !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const c = x.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * The parsed JSON as a QuoteEvent when it certainly is one, else undefined. Refuses (leaves to
 * zod) whatever zod would change: unknown keys, which zod strips. An absent volume gets zod's
 * default, 0.
 */
export function checkQuote(raw: unknown): QuoteEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const q = raw as Record<string, unknown>;
  for (const k in q) if (!KNOWN.has(k)) return undefined;
  if (q.v !== 1 || typeof q.symbol !== 'string' || !SYMBOL.test(q.symbol)) return undefined;
  if (typeof q.ts !== 'number' || !Number.isSafeInteger(q.ts) || q.ts <= 0 || !positive(q.price)) return undefined;
  if (q.volume !== undefined && !(typeof q.volume === 'number' && Number.isFinite(q.volume) && q.volume >= 0)) return undefined;
  if (!SOURCES.has(q.source)) return undefined;
  if (q.currency !== undefined && !currency(q.currency)) return undefined;
  if (q.marketState !== undefined && !STATES.has(q.marketState)) return undefined;
  if (!optPositive(q.dayHigh) || !optPositive(q.dayLow) || !optPositive(q.previousClose)) return undefined;
  if (q.open !== undefined || q.high !== undefined || q.low !== undefined) {
    const { open, high, low, price } = q as { open: number; high: number; low: number; price: number };
    if (!positive(open) || !positive(high) || !positive(low)) return undefined;
    if (low > Math.min(open, price) || high < Math.max(open, price)) return undefined;
  }
  if (q.volume === undefined) q.volume = 0;
  return q as unknown as QuoteEvent;
}

/** decodeEvent(QuoteEventSchema, ...), same decisions and errors: the plain form read from its bytes, zod only off the fast path. */
export function decodeQuote(bytes: Buffer | null, limits: DecodeLimits): Decoded<QuoteEvent> {
  return decodeEvent(QuoteEventSchema, bytes, limits, checkQuote, parsePlainQuote);
}
