import { splitCurrency, type DecimalMark } from './numbers.js';

/** Delimiters tried by detection, in order of preference on a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Occurrences of `d` outside double quotes in each line (a quoted field may span lines). */
function counts(lines: readonly string[], d: string): number[] {
  const out: number[] = [];
  let quoted = false;
  let n = 0;
  for (const line of lines) {
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    if (!quoted) {
      out.push(n);
      n = 0;
    }
  }
  return out;
}

/**
 * The delimiter that splits the first lines most consistently: the header's count of it must
 * recur in most rows (a `;` file with decimal commas has more commas, but not a steady number).
 */
export function detectDelimiter(lines: readonly string[]): string {
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const c = counts(lines.filter((l) => l.trim() !== ''), d);
    const head = c[0] ?? 0;
    if (head === 0) continue;
    const same = c.filter((x) => x === head).length / c.length;
    const score = same * 1000 + head;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

// Thousands groups of three digits: with a decimal comma the groups are split by dots or
// spaces (`1.249,50`, `1 249,50`, incl. the no-break spaces French locales write); with a
// decimal point by commas, spaces, apostrophes (Swiss) or underscores.
const COMMA_DECIMAL = /^\d{1,3}([. \u00a0\u202f])\d{3}(\1\d{3})*,\d+$/;
const POINT_DECIMAL = /^\d{1,3}([, \u00a0\u202f'_])\d{3}(\1\d{3})*\.\d+$/;

/**
 * Votes of one column's values on the decimal mark (a currency sign is ignored); `1,234` or
 * `1.234` alone say nothing.
 */
export function decimalVote(value: string): DecimalMark | undefined {
  const s = splitCurrency(value).number.replace(/^[+-]/, '');
  if (COMMA_DECIMAL.test(s) || /^\d+,(\d{1,2}|\d{4,})$/.test(s)) return ',';
  if (POINT_DECIMAL.test(s) || /^\d+\.(\d{1,2}|\d{4,})$/.test(s)) return '.';
  return undefined;
}

/** A value that looks like a number in either convention, currency sign or not (for telling numeric columns apart). */
export const looksNumeric = (value: string): boolean => /^[+-]?[\d.,' \u00a0\u202f]*\d$/.test(splitCurrency(value).number);

/** What the dates of a column say about their format. */
export interface DateEvidence {
  values: number;
  iso: number;
  ymdSlash: number;
  dotted: number;
  /** d/m/yyyy or m/d/yyyy; which one depends on the parts above 12. */
  slash: number;
  firstOver12: number;
  secondOver12: number;
  epoch: number;
  other: number;
}

export const emptyDateEvidence = (): DateEvidence => ({ values: 0, iso: 0, ymdSlash: 0, dotted: 0, slash: 0, firstOver12: 0, secondOver12: 0, epoch: 0, other: 0 });

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?`;
const ISO = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`, 'i');
const YMD = new RegExp(String.raw`^\d{4}/\d{1,2}/\d{1,2}${TIME}$`);
const DOTTED = new RegExp(String.raw`^\d{1,2}\.\d{1,2}\.\d{4}${TIME}$`);
const SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/\d{4}${TIME}$`);

export function addDateEvidence(e: DateEvidence, value: string): void {
  const s = value.trim();
  if (s === '') return;
  e.values++;
  // Every date format starts with a digit: text is settled without a regex (inspect calls this per cell).
  const c = s.charCodeAt(0);
  if (c < 48 || c > 57) return void e.other++;
  const slash = SLASH.exec(s);
  if (ISO.test(s)) e.iso++;
  else if (YMD.test(s)) e.ymdSlash++;
  else if (DOTTED.test(s)) e.dotted++;
  else if (slash) {
    e.slash++;
    if (Number(slash[1]) > 12) e.firstOver12++;
    if (Number(slash[2]) > 12) e.secondOver12++;
  } else if (/^\d{9,13}(\.\d+)?$/.test(s)) e.epoch++;
  else e.other++;
}

export type DateVerdict = { format: string } | { ambiguous: string } | { notDates: true };

/**
 * The date format a column's values prove. Slash dates are day-first only if some day is
 * above 12 (and no second part is), month-first the other way round; if every part is <= 12
 * the column is reported ambiguous, never guessed.
 */
export function dateVerdict(e: DateEvidence): DateVerdict {
  // A few unparsable cells are the replay's to dead-letter; many mean this is not a date column.
  if (e.values === 0 || e.other > e.values * 0.2) return { notDates: true };
  const kinds = [e.iso, e.ymdSlash, e.dotted, e.slash, e.epoch].filter((n) => n > 0).length;
  if (kinds > 1) return { notDates: true };
  if (e.iso) return { format: 'iso' };
  if (e.ymdSlash) return { format: 'YYYY/M/D' };
  if (e.dotted) return { format: 'DD.MM.YYYY' };
  if (e.epoch) return { format: 'auto' };
  if (e.firstOver12 > 0 && e.secondOver12 === 0) return { format: 'D/M/YYYY' };
  if (e.secondOver12 > 0 && e.firstOver12 === 0) return { format: 'M/D/YYYY' };
  if (e.firstOver12 > 0) return { ambiguous: 'both day-first and month-first dates (some first parts and some second parts exceed 12)' };
  return { ambiguous: `all ${e.slash} dates have day and month <= 12: D/M/YYYY or M/D/YYYY cannot be told from the data` };
}

/** Excel's `sep=;` first line: the delimiter it names (the line itself is no data). */
export function excelSepLine(line: string | undefined): string | undefined {
  return /^"?sep=(.)"?[,;\t|]*\s*$/i.exec(line ?? '')?.[1];
}
