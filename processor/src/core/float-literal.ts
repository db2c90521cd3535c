// Number formatting is the largest single cost of a tick-mode line (~14 numbers a quote line).
// JSON.stringify(v) costs ~150 ns and a string the line writer copies and the GC collects;
// the digits are written here straight into the line's bytes, ~2x cheaper. The text is exactly
// String(v) (ECMAScript Number::toString): tests compare the two on millions of doubles.

/** The longest text of a finite double: "-0.0000012345678901234567" is 25 bytes. */
export const FLOAT_MAX_BYTES = 25;

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`)); // exact doubles up to 1e22
const SPLIT = 134_217_729; // 2^27 + 1: Dekker's split of a double into two 26-bit halves
const POW10_HI = POW10.map((p) => SPLIT * p - (SPLIT * p - p));
const POW10_LO = POW10.map((p, i) => p - (POW10_HI[i] as number));
const PAIRS = new Uint8Array(200); // "00".."99" as ASCII pairs
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}
const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer); // [low word, high word]: every platform Node runs on is little-endian
const digits = new Uint8Array(17);
const ZERO = 48;
const LOG10_2 = Math.log10(2);

/** Writes String(v) of a finite v at `at` (room for FLOAT_MAX_BYTES); returns the end. */
export function writeFloat(buf: Uint8Array, at: number, v: number): number {
  if (v === (v | 0)) return writeInt32(buf, at, v | 0); // -0 too, as '0'
  let x = v;
  if (x < 0) {
    buf[at++] = 45; // '-'
    x = -x;
  }
  bits[0] = x; // handed over in the typed array: a double argument would be boxed (a heap number) on every call
  const end = writeShortest(buf, at);
  return end >= 0 ? end : writeAscii(buf, at, JSON.stringify(x));
}

/** Writes a non-negative integer below 2^53 (a timestamp); returns the end. */
export function writeUint(buf: Uint8Array, at: number, n: number): number {
  if (n < 1e8) return writeInt32(buf, at, n);
  const high = Math.floor(n / 1e8);
  at = writeInt32(buf, at, high | 0); // both parts as small integers: no heap number per call
  return writePadded8(buf, at, (n - high * 1e8) | 0);
}

const scratch = new Uint8Array(FLOAT_MAX_BYTES);
/** String(v) as writeFloat writes it (tests and tools; lines use writeFloat). */
export function floatLiteral(v: number): string {
  return String.fromCharCode(...scratch.subarray(0, writeFloat(scratch, 0, v)));
}

/**
 * The shortest decimal that reads back as x = bits[0] > 0, nearest x on a tie of lengths (Number::toString),
 * for 1e-4 <= x < 1e15; -1 elsewhere and for powers of two (their gap below is half the gap
 * above), which JSON.stringify formats. P = x * 10^k, 1e16 <= P < 1e17, is exact as hi + lo
 * (Dekker's product), and so is half the gap between x and its neighbours scaled the same way
 * (a power of two times 10^k). Any integer within that half-gap of P reads back as x (exactly at
 * it only for an even mantissa: reading rounds half to even); the one with most trailing zeros
 * is the shortest. The gap is < 12, so only the last two digits and the run before them decide.
 */
function writeShortest(buf: Uint8Array, at: number): number {
  const x = bits[0] as number;
  if (!(x >= 1e-4 && x < 1e15)) return -1;
  const low = halves[0] as number;
  const high = halves[1] as number;
  if ((high & 0xfffff) === 0 && low === 0) return -1;
  const e2 = high >>> 20; // biased binary exponent
  let k = 16 - Math.floor((e2 - 1023) * LOG10_2);
  let hi = x * (POW10[k] as number);
  if (hi >= 1e17) hi = x * (POW10[--k] as number);
  else if (hi < 1e16) hi = x * (POW10[++k] as number);
  if (hi < 1e16 || hi >= 1e17) return -1;
  const xh = SPLIT * x - (SPLIT * x - x);
  const xl = x - xh;
  const ph = POW10_HI[k] as number;
  const pl = POW10_LO[k] as number;
  const lo = xh * ph - hi + xh * pl + xl * ph + xl * pl;
  halves[0] = 0;
  halves[1] = (e2 - 53) << 20; // 2^(e2 - 1076): half of x's gap
  const half = (bits[0] as number) * (POW10[k] as number);
  const even = (low & 1) === 0;
  // N, the integer nearest P, as hi8 * 1e8 + lo8; f = P - N, exact.
  let hi8 = Math.floor(hi / 1e8);
  let lo8 = hi - hi8 * 1e8;
  const rounded = Math.round(lo);
  const f = lo - rounded;
  lo8 += rounded;
  for (let i = 0; i < 2; i++) {
    if (lo8 < 0) {
      lo8 += 1e8;
      hi8--;
    } else if (lo8 >= 1e8) {
      lo8 -= 1e8;
      hi8++;
    }
  }
  let t = hi8 | 0; // 9 digits
  for (let i = 7; i >= 1; i -= 2) t = pair(digits, i, t);
  digits[0] = ZERO + t;
  t = lo8 | 0; // 8 digits
  const last2 = t % 100;
  for (let i = 15; i >= 9; i -= 2) t = pair(digits, i, t);
  let e10 = 16 - k;
  let n = 17; // significant digits kept
  const last = last2 % 10;
  const down1 = last + f;
  const up1 = 10 - last - f;
  // A distance d from P is inside when |d| < half, or = half for an even mantissa (written out:
  // a helper was not inlined, and its double arguments were boxed on every call).
  const near1 = Math.abs(down1 < up1 ? down1 : up1);
  const down2 = Math.abs(last2 + f);
  const up2 = 100 - last2 - f;
  if (near1 < half || (even && near1 === half)) {
    if (last2 <= 16 && (down2 < half || (even && down2 === half))) {
      n = 15; // down to a multiple of 100, and of every power of ten whose extra digits are zeros
    } else if (last2 >= 84 && (up2 < half || (even && up2 === half))) {
      n = 15; // up to a multiple of 100: a run of nines carries into the digit before it
      while (n > 0 && digits[n - 1] === ZERO + 9) n--;
      if (n === 0) {
        digits[0] = ZERO + 1;
        n = 1;
        e10++;
      } else {
        (digits[n - 1] as number)++;
      }
    } else {
      n = 16; // the multiple of 10 nearest P; on a tie the even one
      if (up1 < down1 || (up1 === down1 && (digits[15] as number) % 2 === 1)) (digits[15] as number)++;
    }
  } else if ((f === 0.5 || f === -0.5) && last % 2 === 1) {
    (digits[16] as number) += f > 0 ? 1 : -1; // N and its neighbour equally near: the even one
  }
  while (n > 1 && digits[n - 1] === ZERO) n--;
  return place(buf, at, n, e10 + 1);
}

/** Writes the last two digits of t (an int32 >= 0) at out[i], out[i + 1]; returns t without them. */
function pair(out: Uint8Array, i: number, t: number): number {
  const q = (t / 100) | 0;
  const p = 2 * (t - q * 100);
  out[i] = PAIRS[p] as number;
  out[i + 1] = PAIRS[p + 1] as number;
  return q;
}

/** The n digits with `point` of them before the decimal point, in Number::toString's fixed notation. */
function place(buf: Uint8Array, at: number, n: number, point: number): number {
  if (point >= n) {
    for (let i = 0; i < n; i++) buf[at++] = digits[i] as number;
    for (let i = n; i < point; i++) buf[at++] = ZERO;
  } else if (point > 0) {
    for (let i = 0; i < point; i++) buf[at++] = digits[i] as number;
    buf[at++] = 46; // '.'
    for (let i = point; i < n; i++) buf[at++] = digits[i] as number;
  } else {
    buf[at++] = ZERO;
    buf[at++] = 46;
    for (let i = point; i < 0; i++) buf[at++] = ZERO;
    for (let i = 0; i < n; i++) buf[at++] = digits[i] as number;
  }
  return at;
}

function writeInt32(buf: Uint8Array, at: number, v: number): number {
  let t = v;
  if (t < 0) {
    if (t === -2147483648) return writeAscii(buf, at, '-2147483648');
    buf[at++] = 45;
    t = -t;
  }
  let len = 1;
  for (let p = 10; p <= t && len < 10; p *= 10) len++;
  let i = at + len;
  while (t >= 10) t = pair(buf, (i -= 2), t);
  if (i > at) buf[at] = ZERO + t; // an odd count of digits: the first stands alone
  return at + len;
}

/** 0 <= t < 1e8 as exactly 8 digits. */
function writePadded8(buf: Uint8Array, at: number, t: number): number {
  let r = t;
  for (let i = at + 6; i >= at; i -= 2) r = pair(buf, i, r);
  return at + 8;
}

function writeAscii(buf: Uint8Array, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
  return at + s.length;
}
