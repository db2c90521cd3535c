import { QuoteEventSchema } from '@tickflow/contracts';
import { UsageError } from '../commands/usage-error.js';
import { buildQuote, quoteFields } from './core/quote-row.js';
import { RecordMapper } from './core/record-mapper.js';
import { replaySource } from './sources/replay-source.js';
import type { Command, FlagValue } from '../commands/command.js';
import { FILE_FLAGS, fileOptions, replayFeed, warnEncoding } from './replay-file.js';

const optional = (v: FlagValue): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replays recorded prices from a CSV or JSONL file in event-time order, at a speed factor.',
  flags: {
    ...FILE_FLAGS,
    symbol: { type: 'string', description: 'Symbol of every row, for single-symbol files (or use --symbol-column)' },
    'symbol-column': { type: 'string', description: 'Column holding the symbol' },
    'time-column': { type: 'string', description: 'Column holding the event date/time', default: 'Date' },
    'price-column': { type: 'string', description: 'Column holding the price (e.g. AAPL.Close)', default: 'Close' },
    'volume-column': { type: 'string', description: 'Column holding the volume since the previous row; none = 0' },
    currency: { type: 'string', description: 'Currency of the prices (ISO 4217), set on every quote' },
  },
  async open(ctx, flags) {
    const symbol = optional(flags.symbol);
    const symbolColumn = optional(flags['symbol-column']);
    if ((symbol === undefined) === (symbolColumn === undefined)) throw new UsageError('give exactly one of --symbol or --symbol-column');
    if (symbol !== undefined && !QuoteEventSchema.shape.symbol.safeParse(symbol).success) throw new UsageError(`--symbol "${symbol}" is not a valid symbol`);
    const currency = optional(flags.currency)?.toUpperCase();
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency must be a 3-letter code, got "${currency}"`);
    const o = await fileOptions(flags);
    const fields = quoteFields({
      symbol,
      symbolColumn,
      timeColumn: String(flags['time-column']),
      priceColumn: String(flags['price-column']),
      volumeColumn: optional(flags['volume-column']),
      currency,
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
