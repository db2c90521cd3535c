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
