import { integer, positive, UsageError, type CliCommand, type CliExit, type Flags } from '@tickflow/common';
import { REPORT_ENV, REPORT_FLAG_DEFAULTS } from '../config.js';

export interface ReportFlags {
  from: string;
  to: string;
  out: string;
  highTicket: number;
  top: number;
  symbols: string[] | undefined;
}

/** A calendar date, YYYY-MM-DD, that exists: 2026-02-30 is refused, not rolled into March. */
export function calendarDate(raw: string): string {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== raw) throw new UsageError('must be a calendar date, YYYY-MM-DD');
  return raw;
}

const ABOUT = `Reads the Parquet archive with DuckDB (ARCHIVE_DIR, or S3 when S3_BUCKET is set: the files
in range are downloaded to CACHE_DIR first) and writes DIR/report.md, DIR/report.json and
PNG charts beside them: sales totals, revenue by category/city/country, orders by hour,
average basket, top customers and products, high-ticket orders, payment mix, each symbol's
daily return statistics (charts of daily OHLC with 5/20-day moving averages for the most
traded), and data quality.
Env: ${REPORT_ENV.join(', ')}
Exit codes: 0 written, 1 failed (e.g. no archive at ARCHIVE_DIR), 2 usage or configuration.`;

/** `tickflow-archiver report`, for the shared parser (archiver/src/cli.ts). */
export const REPORT_COMMAND: CliCommand = {
  name: 'report',
  summary: 'Writes the analysis report of the archive.',
  flags: {
    from: { type: 'string', description: 'First UTC date, inclusive, YYYY-MM-DD (default: 6 days before --to)', parse: calendarDate },
    to: { type: 'string', description: 'Last UTC date, inclusive, YYYY-MM-DD (default: today)', parse: calendarDate },
    out: { type: 'string', description: 'Output directory', default: './report' },
    'high-ticket': { type: 'string', description: 'Base-currency threshold of a high-ticket order', default: String(REPORT_FLAG_DEFAULTS.highTicket), parse: positive },
    top: { type: 'string', description: 'Rows in top-N tables, and symbols detailed with a chart', default: String(REPORT_FLAG_DEFAULTS.top), parse: integer(1) },
    symbols: { type: 'string', description: 'Symbols to detail with a chart and daily table, A,B,... (default: the --top most traded)' },
  },
  epilog: ABOUT,
};

/** The parsed flags (`today` = the default --to, UTC) as the report's options; --from after --to is a usage error. */
export function reportFlagsFrom(f: Flags, today: string): ReportFlags | CliExit {
  const to = typeof f.to === 'string' ? f.to : today;
  const from = typeof f.from === 'string' ? f.from : new Date(Date.parse(to) - 6 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) return { exitCode: 2, stdout: '', stderr: `tickflow-archiver: --from ${from} is after --to ${to}; see \`tickflow-archiver report --help\`\n` };
  const symbols = typeof f.symbols === 'string' ? f.symbols.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
  return { from, to, out: String(f.out), highTicket: f['high-ticket'] as number, top: f.top as number, symbols };
}
