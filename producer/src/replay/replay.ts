import { QuoteEventSchema } from '@tickflow/contracts';
import { UsageError } from '../commands/usage-error.js';
import { barColumns, buildQuote, quoteFields } from './core/quote-row.js';
import { RecordMapper } from './core/record-mapper.js';
import { replaySource } from './sources/replay-source.js';
import type { Command, FlagValue, Flags } from '../commands/command.js';
import { textFlag } from '../commands/flag-values.js';
import { FILE_FLAGS } from './file-flags.js';
import { fileOptions, replayFeed, warnEncoding, type FileOptions } from './replay-file.js';

const optional = (v: FlagValue): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function symbolValue(raw: string): string {
  if (!QuoteEventSchema.shape.symbol.safeParse(raw).success) throw new UsageError('is not a valid symbol');
  return raw;
}

/** ISO 4217, any case: `eur` is EUR. */
function currencyValue(raw: string): string {
  const c = raw.toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) throw new UsageError('must be a 3-letter code like EUR');
  return c;
}

/** The bar's columns: the three flags, or all three from the price column's name (barColumns). */
function barOptions(flags: Flags, priceColumn: string): { openColumn?: string; highColumn?: string; lowColumn?: string } {
  const given = { openColumn: optional(flags['open-column']), highColumn: optional(flags['high-column']), lowColumn: optional(flags['low-column']) };
  const n = Object.values(given).filter((c) => c !== undefined).length;
  if (n === 3) return given;
  if (n > 0) throw new UsageError('give all three of --open-column, --high-column and --low-column, or none');
  return barColumns(priceColumn) ?? {};
}

interface QuoteOptions extends FileOptions {
  symbol: string | undefined;
  symbolColumn: string | undefined;
  currency: string | undefined;
}

async function quoteOptions(flags: Flags): Promise<QuoteOptions> {
  const symbol = optional(flags.symbol) && textFlag(flags, 'symbol', symbolValue);
  const symbolColumn = optional(flags['symbol-column']);
  if ((symbol === undefined) === (symbolColumn === undefined)) throw new UsageError('give exactly one of --symbol or --symbol-column');
  const currency = optional(flags.currency) && textFlag(flags, 'currency', currencyValue);
  return { ...(await fileOptions(flags)), symbol, symbolColumn, currency };
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replays recorded prices from a CSV or JSONL file in event-time order, at a speed factor.',
  flags: {
    ...FILE_FLAGS,
    symbol: { type: 'string', description: 'Symbol of every row, for single-symbol files (or use --symbol-column)', parse: symbolValue },
    'symbol-column': { type: 'string', description: 'Column holding the symbol' },
    'time-column': { type: 'string', description: 'Column holding the event date/time', default: 'Date' },
    'price-column': { type: 'string', description: 'Column holding the price (e.g. AAPL.Close)', default: 'Close' },
    'volume-column': { type: 'string', description: 'Column holding the volume since the previous row; none = 0' },
    'open-column': { type: 'string', description: "Column holding the bar's open (default: the price column's name with Open for Close, e.g. AAPL.Open, if the file has it)" },
    'high-column': { type: 'string', description: "Column holding the bar's high (default like --open-column: AAPL.High)" },
    'low-column': { type: 'string', description: "Column holding the bar's low (default like --open-column: AAPL.Low)" },
    currency: { type: 'string', description: 'Currency of the prices (ISO 4217), set on every quote', parse: currencyValue },
  },
  check: async (flags) => {
    await quoteOptions(flags);
    barOptions(flags, String(flags['price-column']));
  },
  async open(ctx, flags) {
    const o = await quoteOptions(flags);
    const priceColumn = String(flags['price-column']);
    const fields = quoteFields({
      symbol: o.symbol,
      symbolColumn: o.symbolColumn,
      timeColumn: String(flags['time-column']),
      priceColumn,
      volumeColumn: optional(flags['volume-column']),
      ...barOptions(flags, priceColumn),
      currency: o.currency,
    });
    const mapper = new RecordMapper({ ...o, fields, build: buildQuote });
    ctx.log.info({ file: o.file, format: o.format, speed: flags.speed === Infinity ? 'max' : flags.speed, order: o.order, keepTime: o.keepTime }, 'replaying quotes');
    const source = replaySource({
      ...o, kind: 'quote', mapper, topic: ctx.cfg.topics.quotes, signal: ctx.signal, sorter: { memoryRows: o.memoryRows, duckdbMemory: '256MB' },
      onHeader: (h) => {
        ctx.log.info(h, 'header');
        warnEncoding(ctx.log, h.dialect);
      },
    });
    return replayFeed(ctx, o, source);
  },
};
