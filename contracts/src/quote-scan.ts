// JSON.parse for the plain form of a quote, read from its bytes in place: no UTF-8 string of the
// record first. Plain: what the producers write with JSON.stringify (no whitespace, no escapes,
// ASCII strings, the quote's own keys, each once, string and number values, and the keys zod
// requires). Anything else is left to JSON.parse. The object has the keys and values JSON.parse
// would give (in one order), so checkQuote and zod judge it and word any error exactly as they
// do the parsed text.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const KEYS = ['v', 'symbol', 'ts', 'price', 'volume', 'currency', 'marketState', 'dayHigh', 'dayLow', 'previousClose', 'open', 'high', 'low', 'source'] as const;
// Exact powers of ten: m / 10^k with m < 2^53 and k <= 22 is one correctly rounded division,
// the double JSON.parse gives for that text (the classic fast path of decimal conversion).
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Interned strings (symbols, sources, states, currencies): each tick gets the same string, its hash computed once, no garbage. */
const interned = new Map<number, string[]>();

function equalBytes(bytes: Buffer, a: number, b: number, s: string): boolean {
  if (s.length !== b - a) return false;
  for (let i = 0; i < s.length; i++) if (bytes[a + i] !== s.charCodeAt(i)) return false;
  return true;
}

function stringAt(bytes: Buffer, a: number, b: number): string {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  const bucket = interned.get(h);
  if (bucket) for (const s of bucket) if (equalBytes(bytes, a, b, s)) return s;
  const s = bytes.toString('latin1', a, b);
  // Stryker disable next-line all: equivalent, the bound only limits memory
  if (interned.size < 100_000) interned.set(h, [...(bucket ?? []), s]);
  return s;
}

/** End of the plain string starting after its quote at i, or -1 (escape, control or non-ASCII byte: not plain). */
function stringEnd(bytes: Buffer, i: number): number {
  for (; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 0x20 || c >= 0x80) return -1;
  }
  return -1;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * The JSON number at i and where it ends, into out; false when there is none. Without exponent
 * and with its digits below 2^53 (every step of m exact while it stays there), by exact
 * arithmetic; otherwise its text through Number(), which rounds as JSON.parse does.
 */
function numberAt(bytes: Buffer, i: number, out: { value: number; end: number }): boolean {
  const start = i;
  const neg = bytes[i] === 0x2d;
  if (neg) i++;
  let m = 0;
  let k = 0;
  if (bytes[i] === 0x30) {
    i++; // a leading zero stands alone
  } else {
    if (!isDigit(bytes[i])) return false;
    for (; isDigit(bytes[i]); i++) m = m * 10 + ((bytes[i] as number) - 0x30);
  }
  if (bytes[i] === 0x2e) {
    if (!isDigit(bytes[++i])) return false;
    for (; isDigit(bytes[i]); i++, k++) m = m * 10 + ((bytes[i] as number) - 0x30);
  }
  let exact = m <= Number.MAX_SAFE_INTEGER && k <= 22;
  if (bytes[i] === 0x65 || bytes[i] === 0x45) {
    i++;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    if (!isDigit(bytes[i])) return false;
    while (isDigit(bytes[i])) i++;
    exact = false;
  }
  if (exact) {
    const v = k === 0 ? m : m / (POW10[k] as number);
    out.value = neg ? -v : v;
  } else {
    out.value = Number(bytes.toString('latin1', start, i));
  }
  out.end = i;
  return true;
}

/** Which of KEYS the bytes a..b spell, or -1. */
function keyAt(bytes: Buffer, a: number, b: number): number {
  for (let key = 0; key < KEYS.length; key++) if (equalBytes(bytes, a, b, KEYS[key] as string)) return key;
  return -1;
}

const num = { value: 0, end: 0 };
// One quote's values by key (scratch, reused): numbers unboxed, strings, and which each key had.
const numbers = new Float64Array(KEYS.length);
const strings: (string | undefined)[] = KEYS.map(() => undefined);
/** The key seen at each position of the last quote: the next one most likely has it there too. */
const order = new Int8Array(KEYS.length + 1).fill(-1);
const REQUIRED = [0, 1, 2, 3, 13].reduce((m, k) => m | (1 << k), 0); // v, symbol, ts, price, source

const value = (key: number): number | string => strings[key] ?? (numbers[key] as number);

/**
 * JSON.parse(bytes) when the bytes are a quote's plain form with the keys zod requires (an
 * object with the same keys and values, built in one shape); undefined otherwise.
 */
export function parsePlainQuote(bytes: Buffer): Record<string, unknown> | undefined {
  if (bytes[0] !== 0x7b) return undefined;
  let seen = 0;
  let i = 1;
  for (let pos = 0; ; pos++) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = stringEnd(bytes, i + 1);
    if (keyEnd < 0 || bytes[keyEnd + 1] !== 0x3a) return undefined;
    let key = pos < order.length ? (order[pos] as number) : -1;
    if (key < 0 || !equalBytes(bytes, i + 1, keyEnd, KEYS[key] as string)) {
      key = keyAt(bytes, i + 1, keyEnd);
      if (pos < order.length) order[pos] = key;
    }
    if (key < 0 || seen & (1 << key)) return undefined; // unknown (zod strips it) or repeated (JSON.parse keeps the last)
    seen |= 1 << key;
    i = keyEnd + 2;
    if (bytes[i] === QUOTE) {
      const end = stringEnd(bytes, i + 1);
      if (end < 0) return undefined;
      strings[key] = stringAt(bytes, i + 1, end);
      i = end + 1;
    } else {
      if (!numberAt(bytes, i, num)) return undefined;
      strings[key] = undefined;
      numbers[key] = num.value;
      i = num.end;
    }
    if (bytes[i] === 0x7d) break;
    if (bytes[i++] !== 0x2c) return undefined;
  }
  if (i !== bytes.length - 1 || (seen & REQUIRED) !== REQUIRED) return undefined;
  // One literal for the keys every quote has, then the optional ones it carries: a few shapes for all quotes.
  const q: Record<string, unknown> = { v: value(0), symbol: value(1), ts: value(2), price: value(3), source: value(13) };
  for (let key = 4; key < 13; key++) if (seen & (1 << key)) q[KEYS[key] as string] = value(key);
  return q;
}
