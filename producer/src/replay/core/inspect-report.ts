import { roleOfName, whyNoRole, type Role } from './column-roles.js';
import type { DateVerdict } from './sniff.js';

/** What `inspect` learnt about a file (see sources/replay/inspect-file.ts), reduced to what the report needs. */
export interface InspectFacts {
  file: string;
  format?: 'csv' | 'jsonl';
  delimiter: string;
  decimal: '.' | ',';
  decimalVotes: Record<'.' | ',', number>;
  columns: InspectColumn[];
  rows: number;
  unreadable: { line: number; error: string }[];
  roles: Partial<Record<Role, string>>;
  date?: { column: string; verdict: DateVerdict; first?: number; last?: number; sorted?: boolean; bad: number };
  /** The text encoding (WHATWG name) and, when it is not plain UTF-8, why. */
  encoding?: { name: string; why?: string };
  /** The delimiter named by Excel's `sep=` first line (skipped). */
  sepLine?: string;
  bad?: BadValues;
  /** Cells holding U+FFFD (bytes the encoding could not decode): how many, the first. */
  undecodable?: { count: number; line: number; column: string };
}

export interface InspectColumn {
  name: string;
  empty: number;
  nonEmpty: number;
  /** Counted for columns named like an order id only. */
  distinct?: number | 'many';
  top: [string, number][];
  /** Shares of non-empty values that are numbers / dates (0..1), and the first non-number. */
  numeric?: number;
  dates?: number;
  notNumeric?: { line: number; value: string };
  /** Currency signs on its amounts (ISO code, count). */
  signs?: [string, number][];
}

/** Values replay would reject, as it would word them: the first few by line, counted per column. */
export interface BadValues {
  first: { line: number; column: string; error: string }[];
  byColumn: Record<string, number>;
}

export interface Proposal {
  command: 'sales-replay' | 'replay' | undefined;
  /** Arguments after the command name; one list per reading when the dates are ambiguous. */
  args: string[][];
  notes: string[];
  /** Flags the user must add before the command runs (exit 3: nothing in the file says them). */
  missing?: string[];
}

const SALE_FLAGS: [Role, string][] = [
  ['orderId', '--order-id-column'], ['lineId', '--line-id-column'], ['customerId', '--customer-id-column'], ['ts', '--time-column'],
  ['category', '--category-column'], ['product', '--product-column'], ['quantity', '--quantity-column'], ['amount', '--amount-column'],
  ['unitPrice', '--unit-price-column'], ['currency', '--currency-column'], ['city', '--city-column'], ['country', '--country-column'],
  ['paymentMethod', '--payment-method-column'], ['segment', '--segment-column'],
];
/** Roles a column gets only if its values fit (numbers, dates). */
const VALUE_ROLES: readonly Role[] = ['ts', 'quantity', 'unitPrice', 'amount', 'price', 'volume'];
const DELIMITER_NAMES: Record<string, string> = { '\t': 'tab' };

/** The replay command line for the file, with what the user must check or supply. */
export function propose(f: InspectFacts): Proposal {
  const notes: string[] = [];
  const r = f.roles;
  const u = f.undecodable;
  if (u) notes.push(`ENCODING: ${u.count} values hold bytes that are not ${f.encoding?.name ?? 'utf-8'} (first at line ${u.line}, column "${u.column}"): if the file is Latin-1 or Windows-1252 past its first MB, add --encoding latin1`);
  const isSales = r.orderId !== undefined && (r.amount !== undefined || r.unitPrice !== undefined);
  const isQuotes = !isSales && r.price !== undefined;
  const why = (): string[] => f.columns.filter((c) => !Object.values(r).includes(c.name)).map((c) => whyNoRole({ numeric: 0, dates: 0, ...c }, r));
  if (!r.ts) return { command: undefined, args: [], notes: ['no date/time column found: name it with --time-column', ...why()] };
  if (!isSales && !isQuotes) return { command: undefined, args: [], notes: ['neither an order id with an amount/unit price, nor a price column: not a sales or price file this tool recognises', ...why()] };
  const encoding = f.encoding && f.encoding.name !== 'utf-8' ? ['--encoding', f.encoding.name] : [];
  const base = f.format === 'jsonl' ? ['--file', f.file, '--format', 'jsonl'] : ['--file', f.file, ...encoding, '--delimiter', DELIMITER_NAMES[f.delimiter] ?? f.delimiter, '--decimal', f.decimal];
  const missing: string[] = [];
  const signs = signsOf(f, isSales ? [r.amount ?? r.unitPrice] : [r.price]);
  const mapping: string[] = [];
  if (isSales) {
    const byAmount = r.amount !== undefined;
    for (const [role, flag] of SALE_FLAGS) {
      if (role === 'unitPrice' && byAmount) continue;
      const col = r[role];
      if (col !== undefined) mapping.push(flag, col);
    }
    if (byAmount) notes.push(`prices: line totals in column "${r.amount}"${r.quantity ? `, unit price = total / "${r.quantity}"` : ''}`);
    const orderCol = f.columns.find((c) => c.name === r.orderId);
    // 'many' (too many to count) is NaN here: never a repeat.
    const repeats = orderCol?.distinct !== undefined && Number(orderCol.distinct) < orderCol.nonEmpty;
    if (repeats && r.lineId === undefined) notes.push(`order ids repeat (several lines per order) but no line id column was recognised: add --line-id-column, or repeated lines are dead-lettered as duplicates`);
    if (repeats && r.lineId !== undefined) notes.push(`several lines per order: deduplicated by ("${r.orderId}", "${r.lineId}"), orders counted once`);
    // A currency column with no values says no more than none.
    const cur = f.columns.find((c) => c.name === r.currency && c.nonEmpty > 0);
    if (!cur && signs.length > 0) {
      mapping.push('--currency', signs[0]?.[0] as string);
      notes.push(`no currency column, but the amounts carry currency signs (${signs.map(([c, n]) => `${c} ${n}`).join(', ')}): each row's sign is its currency, --currency ${signs[0]?.[0]} is for rows without one`);
    } else if (!cur) {
      missing.push('--currency');
      notes.push('NO CURRENCY: no currency column and no currency sign on the amounts: add --currency and the ISO code (e.g. --currency EUR) to the command below');
    } else if (cur.empty > 0) {
      const [common] = [...cur.top].sort((a, b) => b[1] - a[1])[0] as [string, number];
      mapping.push('--currency', common);
      notes.push(`${cur.empty} rows have no currency: they get --currency ${common} (the most common); change it if wrong`);
    }
    for (const [role, flag] of SALE_FLAGS) {
      if (r[role] === undefined && ['customerId', 'category', 'product', 'quantity', 'city', 'country', 'paymentMethod', 'segment'].includes(role)) {
        notes.push(`no ${flag.slice(2, -7).replace(/-/g, ' ')} column: the documented default is used`);
      }
    }
  } else {
    mapping.push('--time-column', r.ts, '--price-column', r.price as string);
    const prefix = /^([A-Za-z0-9^=-]+)\.[^.]+$/.exec(r.price as string)?.[1];
    if (r.symbol) mapping.push('--symbol-column', r.symbol);
    else if (prefix) {
      mapping.push('--symbol', prefix);
      notes.push(`symbol ${prefix} taken from the price column's name "${r.price}"`);
    } else {
      mapping.push('--symbol', 'SYMBOL');
      notes.push('NO SYMBOL COLUMN: replace SYMBOL with the instrument of this file');
    }
    if (r.volume) mapping.push('--volume-column', r.volume);
    if (signs.length > 0) mapping.push('--currency', signs[0]?.[0] as string);
  }
  // A column named like a role but left out (its values did not fit): say why, it is read as absent.
  const leftOut = f.columns.filter((c) => c.numeric !== undefined && !Object.values(r).includes(c.name) && VALUE_ROLES.includes(roleOfName(c.name) as Role));
  for (const c of leftOut) notes.push(`${whyNoRole({ numeric: 0, dates: 0, ...c }, r)}: not mapped`);
  if (f.format !== 'jsonl' && f.decimalVotes[','] === 0 && f.decimalVotes['.'] === 0) notes.push('no decimals seen: --decimal . assumed');
  const command = isSales ? 'sales-replay' : 'replay';
  const done = (p: Proposal): Proposal => (missing.length > 0 ? { ...p, missing } : p);
  const v = f.date?.verdict;
  if (v && 'ambiguous' in v) {
    notes.push(`AMBIGUOUS DATES in "${r.ts}": ${v.ambiguous}; pick the command for your file`);
    return done({ command, args: ['D/M/YYYY', 'M/D/YYYY'].map((fmt) => [...base, '--date-format', fmt, ...mapping]), notes });
  }
  if (v && 'notDates' in v) return { command: undefined, args: [], notes: [`column "${r.ts}" mixes date formats or holds non-dates`] };
  return done({ command, args: [[...base, '--date-format', v && 'format' in v ? v.format : 'auto', ...mapping]], notes });
}

/** Currency signs on the given columns' amounts, the most common first. */
function signsOf(f: InspectFacts, columns: (string | undefined)[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const c of f.columns) if (columns.includes(c.name)) for (const [code, n] of c.signs ?? []) counts.set(code, (counts.get(code) ?? 0) + n);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What the command line starts with where the user runs it (TICKFLOW_CLI_PREFIX). */
export const DEFAULT_CLI_PREFIX = 'npm run producer --';

/** The human report: dialect, size, time span, sortedness, column roles, bad values and the command(s). */
export function renderReport(f: InspectFacts, p: Proposal, cliPrefix = DEFAULT_CLI_PREFIX): string {
  const iso = (t: number | undefined): string => (t === undefined ? '?' : new Date(t).toISOString().replace('.000Z', 'Z'));
  const [firstBad] = f.unreadable;
  const sep = f.sepLine === undefined ? '' : ` (from the first line "sep=${f.sepLine}", skipped)`;
  const out = [`file:       ${f.file}`];
  const e = f.encoding;
  if (e) out.push(`encoding:   ${e.name}${e.why ? ` (${e.why}${e.name === 'utf-8' ? '' : '; if wrong, --encoding utf8|latin1'})` : ''}`);
  out.push(
    f.format === 'jsonl' ? 'format:     JSONL (one object per line; nested fields as dotted paths)' : `delimiter:  ${JSON.stringify(f.delimiter)}${sep}   decimal mark: ${JSON.stringify(f.decimal)} (votes: , ${f.decimalVotes[',']} / . ${f.decimalVotes['.']})`,
    `rows:       ${f.rows}${firstBad ? ` (${f.unreadable.length} unreadable, first at line ${firstBad.line}: ${firstBad.error})` : ''}`,
  );
  if (f.date) {
    const v = f.date.verdict;
    out.push(`time:       column "${f.date.column}", format ${'format' in v ? v.format : 'ambiguous' in v ? `AMBIGUOUS (${v.ambiguous})` : 'not dates'}`);
    if (f.date.first !== undefined) out.push(`span:       ${iso(f.date.first)} .. ${iso(f.date.last)} (UTC wall times)${f.date.bad ? `, ${f.date.bad} unparsable` : ''}`);
    if (f.date.sorted !== undefined) out.push(`sorted:     ${f.date.sorted ? 'yes, in time order' : 'NO: rows are not in time order (replay sorts them: --order time, the default)'}`);
  }
  out.push('columns:');
  for (const c of f.columns) {
    const role = Object.entries(f.roles).find(([, col]) => col === c.name)?.[0];
    out.push(`  ${c.name.padEnd(24)} ${(role ?? '-').padEnd(14)} ${c.empty ? `${c.empty} empty` : ''}`.trimEnd());
  }
  const bad = Object.entries(f.bad?.byColumn ?? {});
  if (bad.length > 0) {
    out.push(`bad values: ${bad.map(([c, n]) => `${n} in "${c}"`).join(', ')} (replay dead-letters these rows)`);
    for (const b of f.bad?.first ?? []) out.push(`  line ${b.line}: ${b.error}`);
  }
  for (const n of p.notes) out.push(`note:       ${n}`);
  const missing = p.missing && p.missing.length > 0 ? ` (add ${p.missing.join(', ')} first)` : '';
  // Stryker disable next-line ConditionalExpression: equivalent, a proposal without a command has no args
  if (p.command) for (const args of p.args) out.push('', `replay with${missing}:`, `  ${cliPrefix} ${[p.command, ...args].map(shellQuote).join(' ')}`);
  return `${out.join('\n')}\n`;
}
