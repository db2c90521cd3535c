import { UsageError } from '../commands/usage-error.js';
import { RecordMapper } from './core/record-mapper.js';
import { buildSale, SALE_DEFAULTS, saleFields, SALE_FIELDS, type SaleField } from './core/sale-row.js';
import { replaySource } from './sources/replay-source.js';
import type { Command, FlagSpec, Flags } from '../commands/command.js';
import { FILE_FLAGS } from './file-flags.js';
import { fileOptions, replayFeed, warnEncoding, type FileOptions } from './replay-file.js';

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const columnFlag = (f: SaleField): string => `${f === 'ts' ? 'time' : kebab(f)}-column`;
/** Default column names; amount and line id have none (unit price is the default pricing). */
const DEFAULT_COLUMNS: Partial<Record<SaleField, string>> = {
  orderId: 'order_id', customerId: 'customer_id', ts: 'order_date', category: 'category', product: 'product', quantity: 'quantity',
  unitPrice: 'unit_price', currency: 'currency', city: 'city', country: 'country', paymentMethod: 'payment_method', segment: 'segment',
};
/** Fields with a `--<field> <value>` for rows whose column is absent or empty. */
const FALLBACKS: readonly SaleField[] = ['currency', 'city', 'country', 'paymentMethod', 'category', 'segment', 'customerId', 'product'];

const DESCRIBE: Partial<Record<SaleField, string>> = {
  amount: 'Column holding the line total (e.g. Sales, Amount); unit price = amount / quantity, and --unit-price-column is not read',
  lineId: "Column holding the file's own line/row id: lines of one order are deduplicated by (order id, line id) and orders counted once",
  unitPrice: 'Column holding the unit price (amount = quantity x unit price), unless --amount-column is given',
};

/** A column flag with a default names a column: empty would mean none. */
function columnName(raw: string): string {
  if (raw === '') throw new UsageError('cannot be empty');
  return raw;
}

const mappingFlags: Record<string, FlagSpec> = {};
for (const f of SALE_FIELDS) {
  const fallback = SALE_DEFAULTS[f] === undefined ? '' : `; absent or empty = ${SALE_DEFAULTS[f]}`;
  const description = DESCRIBE[f] ?? `Column holding the ${kebab(f === 'ts' ? 'time' : f).replace(/-/g, ' ')}${fallback}`;
  mappingFlags[columnFlag(f)] = { type: 'string', description, ...(DEFAULT_COLUMNS[f] ? { default: DEFAULT_COLUMNS[f], parse: columnName } : {}) };
}
for (const f of FALLBACKS) mappingFlags[kebab(f)] = { type: 'string', description: `${kebab(f).replace(/-/g, ' ')} of rows whose column is absent or empty` };

interface SalesOptions extends FileOptions {
  columns: Partial<Record<SaleField, string>>;
  fixed: Partial<Record<SaleField, string>>;
}

async function salesOptions(flags: Flags): Promise<SalesOptions> {
  const columns: Partial<Record<SaleField, string>> = {};
  const fixed: Partial<Record<SaleField, string>> = {};
  for (const f of SALE_FIELDS) {
    const col = flags[columnFlag(f)];
    if (col === '' && DEFAULT_COLUMNS[f]) throw new UsageError(`--${columnFlag(f)} cannot be empty`);
    if (typeof col === 'string' && col !== '') columns[f] = col;
  }
  for (const f of FALLBACKS) {
    const v = flags[kebab(f)];
    if (typeof v === 'string' && v !== '') fixed[f] = v;
  }
  return { ...(await fileOptions(flags)), columns, fixed };
}

export const salesReplayCommand: Command = {
  name: 'sales-replay',
  summary: 'Replays real orders (one row per order line) from a CSV or JSONL export, in event-time order.',
  flags: { ...FILE_FLAGS, ...mappingFlags },
  check: async (flags) => void (await salesOptions(flags)),
  async open(ctx, flags) {
    const o = await salesOptions(flags);
    const { columns, fixed } = o;
    const mapper = new RecordMapper({ ...o, fields: saleFields({ columns, fixed }), build: buildSale });
    ctx.log.info({ file: o.file, format: o.format, speed: flags.speed === Infinity ? 'max' : flags.speed, order: o.order, keepTime: o.keepTime, fixed }, 'replaying sales');
    const source = replaySource({
      ...o, kind: 'sale', mapper, topic: ctx.cfg.topics.sales, signal: ctx.signal, sorter: { memoryRows: o.memoryRows, duckdbMemory: '256MB' },
      onHeader: (h) => {
        ctx.log.info({ columns: h.columns, delimiter: h.delimiter, encoding: h.dialect.encoding }, 'header');
        warnEncoding(ctx.log, h.dialect);
        for (const d of h.defaulted) ctx.log.warn({ field: d.key, column: d.column, value: d.value }, 'column absent: every row gets the default');
      },
    });
    return replayFeed(ctx, o, source);
  },
};
