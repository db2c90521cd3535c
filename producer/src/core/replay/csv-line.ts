/** Delimiters tried by auto-detection, in order of preference on a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export type SplitResult = { fields: string[] } | { error: string };

/**
 * Splits one CSV line (RFC 4180 quoting: `"a, b"`, `""` for a quote inside quotes).
 * Fields that span several physical lines are not supported: the file is read line by line,
 * so such a line reports an unterminated quote and is dead-lettered.
 */
export function splitCsvLine(line: string, delimiter: string): SplitResult {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < line.length) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === delimiter) {
      fields.push(wasQuoted ? field : field.trim());
      field = '';
      wasQuoted = false;
    } else if (ch === '"' && field.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (wasQuoted) {
      // Text after a closing quote (`"a"b`): tolerate spaces, reject anything else.
      if (ch.trim() !== '') return { error: `unexpected "${ch}" after a closing quote at column ${i + 1}` };
    } else {
      field += ch;
    }
    i++;
  }
  if (quoted) return { error: 'unterminated quoted field' };
  fields.push(wasQuoted ? field : field.trim());
  return { fields };
}

/** The candidate delimiter that occurs most often outside quotes in the header line (`,` if none). */
export function detectDelimiter(headerLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}
