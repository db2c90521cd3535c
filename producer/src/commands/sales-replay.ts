import { UsageError } from '../cli.js';
import { RowParser } from '../core/replay/row-parser.js';
import { buildSale, saleFields, SALE_FIELDS, type SaleField } from '../core/replay/sale-row.js';
import type { Command, FlagSpec } from './command.js';
import { FILE_FLAGS, fileOptions, replayFeed } from './replay-file.js';

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const columnFlag = (f: SaleField): string => `${f === 'ts' ? 'time' : kebab(f)}-column`;
const DEFAULT_COLUMNS: Record<SaleField, string> = {
  orderId: 'order_id', customerId: 'customer_id', ts: 'order_date', category: 'category', product: 'product', quantity: 'quantity',
  unitPrice: 'unit_price', currency: 'currency', city: 'city', country: 'country', paymentMethod: 'payment_method', segment: 'segment',
};
/** Fields a whole file may share, set with `--<field> <value>` instead of a column. */
const FIXABLE: readonly SaleField[] = ['currency', 'city', 'country', 'paymentMethod', 'category', 'segment'];

const mappingFlags: Record<string, FlagSpec> = {};
for (const f of SALE_FIELDS) {
  const what = f === 'segment' ? 'segment (consumer/business; absent = consumer)' : kebab(f).replace(/-/g, ' ');
  mappingFlags[columnFlag(f)] = { type: 'string', description: `Column holding the ${what}`, default: DEFAULT_COLUMNS[f] };
}
for (const f of FIXABLE) mappingFlags[kebab(f)] = { type: 'string', description: `Fixed ${kebab(f).replace(/-/g, ' ')} for every row (overrides the column)` };

export const salesReplayCommand: Command = {
  name: 'sales-replay',
  summary: 'Replays real orders from a CSV or JSONL file with a column mapping, at a speed factor.',
  flags: { ...FILE_FLAGS, ...mappingFlags },
  async open(ctx, flags) {
    const columns: Partial<Record<SaleField, string>> = {};
    const fixed: Partial<Record<SaleField, string>> = {};
    for (const f of SALE_FIELDS) {
      const col = flags[columnFlag(f)];
      if (typeof col !== 'string' || col === '') throw new UsageError(`--${columnFlag(f)} cannot be empty`);
      columns[f] = col;
    }
    for (const f of FIXABLE) {
      const v = flags[kebab(f)];
      if (typeof v === 'string' && v !== '') fixed[f] = v;
    }
    const o = await fileOptions(flags);
    const parser = new RowParser({ ...o, fields: saleFields({ columns, fixed }), build: buildSale });
    ctx.log.info({ file: o.file, format: o.format, speed: flags.speed, fixed }, 'replaying sales');
    return replayFeed(ctx, o, parser, { topic: ctx.cfg.topics.sales, item: (event) => ({ kind: 'sale', event }) });
  },
};
