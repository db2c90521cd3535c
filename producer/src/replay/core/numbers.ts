export type DecimalMark = '.' | ',';

// Thousands separators accepted with each decimal mark: spaces (incl. no-break and narrow
// no-break, as written by French/Swiss locales), apostrophe (Swiss) and the other mark.
const GROUP_SEPARATORS: Record<DecimalMark, string> = { '.': ", '\u00a0\u202f_", ',': ". '\u00a0\u202f" };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patterns(decimal: DecimalMark): { plain: RegExp; grouped: RegExp } {
  const d = escape(decimal);
  const g = `[${escape(GROUP_SEPARATORS[decimal])}]`;
  return {
    // 1234.5, -0.5, .5, 1.5e-5
    plain: new RegExp(`^[+-]?(\\d+(${d}\\d*)?|${d}\\d+)([eE][+-]?\\d+)?$`),
    // 1,234,567.89 — groups of exactly three digits, one separator kind per number
    grouped: new RegExp(`^[+-]?\\d{1,3}((${g})\\d{3})(\\2\\d{3})*(${d}\\d+)?$`),
  };
}

const CACHE: Record<DecimalMark, ReturnType<typeof patterns>> = { '.': patterns('.'), ',': patterns(',') };

/**
 * Parses a number written with the given decimal mark, with optional thousands separators
 * (`1,234.5` or `1.234,5` or `1 234,5`). Returns undefined for anything else, including
 * empty strings, "null", "NaN" and misplaced separators (`1,23.4`): a wrong value is worse
 * than a dead-lettered row.
 */
export function parseNumber(raw: string, decimal: DecimalMark = '.'): number | undefined {
  const s = raw.trim();
  const { plain, grouped } = CACHE[decimal];
  let normal: string;
  if (plain.test(s)) normal = s;
  else if (grouped.test(s)) normal = s.replace(new RegExp(`[${escape(GROUP_SEPARATORS[decimal])}]`, 'g'), '');
  else return undefined;
  // Stryker disable next-line ConditionalExpression: equivalent, with '.' no comma is left here (plain has none, grouped ones are removed)
  if (decimal === ',') normal = normal.replace(',', '.');
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

// Currency signs exports put before or after amounts. `$` alone is read as USD (the common
// case); other dollars carry their prefix (C$, A$, ...). A 3-letter code (EUR, CHF) works too.
const SIGNS: Record<string, string> = {
  $: 'USD', US$: 'USD', C$: 'CAD', CA$: 'CAD', A$: 'AUD', AU$: 'AUD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', MX$: 'MXN', R$: 'BRL',
  '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₺': 'TRY', '₽': 'RUB', '₪': 'ILS', 'zł': 'PLN', 'Kč': 'CZK',
};
const SIGN = `(?:[A-Z]{2}\\$|[A-Z]\\$|\\$|[€£¥₹₩₺₽₪]|zł|Kč|[A-Z]{3})`;
const SPACE = '[ \\u00a0\\u202f]*';
const DIGIT = /\d/;
const PREFIXED = new RegExp(`^([+-]?)(${SIGN})${SPACE}([+-]?[\\d.,' \\u00a0\\u202f_]*\\d)$`);
const SUFFIXED = new RegExp(`^([+-]?[\\d.,' \\u00a0\\u202f_]*\\d)${SPACE}(${SIGN})$`);

/**
 * Splits a currency sign or code off an amount (`$12.00`, `12,00 €`, `-€1.234,50`, `EUR 5`):
 * the number as written and the ISO code; a plain number comes back as it is.
 */
export function splitCurrency(raw: string): { number: string; currency?: string } {
  const s = raw.trim();
  // Most cells start and end with a digit: no sign to look for (inspect calls this per cell).
  if (DIGIT.test(s.charAt(0)) && DIGIT.test(s.charAt(s.length - 1))) return { number: s };
  const pre = PREFIXED.exec(s);
  if (pre) return { number: `${pre[1]}${pre[3]}`, currency: SIGNS[pre[2] as string] ?? (pre[2] as string) };
  const post = SUFFIXED.exec(s);
  if (post) return { number: post[1] as string, currency: SIGNS[post[2] as string] ?? (post[2] as string) };
  return { number: s };
}

/** An amount with an optional currency sign: its value and the sign's ISO code. */
export function parseAmount(raw: string, decimal: DecimalMark = '.'): { value: number; currency?: string } | undefined {
  const { number, currency } = splitCurrency(raw);
  const value = parseNumber(number, decimal);
  if (value === undefined) return undefined;
  return currency === undefined ? { value } : { value, currency };
}
