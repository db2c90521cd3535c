import { createLogger } from '@tickflow/common';
import { ConfigError } from '@tickflow/contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadReportConfig, REPORT_ENV, REPORT_FLAG_DEFAULTS } from '../config.js';
import { barChart, candleChart } from '../core/report/charts.js';
import { renderMarkdown, type ChartFiles } from '../core/report/markdown.js';
import { openStore } from '../sinks/open-store.js';
import { ParquetWriter } from '../sinks/parquet-writer.js';
import { writePng } from '../sinks/png.js';
import { readFigures, type ReportQuery } from '../sources/report-data.js';

export const REPORT_HELP = `Usage: tickflow-archiver report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out DIR]
                                [--high-ticket AMOUNT] [--top N] [--symbols A,B,...]

Reads the Parquet archive with DuckDB (ARCHIVE_DIR, or S3 when S3_BUCKET is set: the files
in range are downloaded to CACHE_DIR first) and writes DIR/report.md, DIR/report.json and
PNG charts beside them: sales totals, revenue by category/city/country, orders by hour,
average basket, top customers and products, high-ticket orders, payment mix, each symbol's
daily return statistics (charts of daily OHLC with 5/20-day moving averages for the most
traded), and data quality.
  --from, --to     UTC dates, inclusive (default: the last 7 days up to today)
  --out            output directory (default ./report)
  --high-ticket    base-currency threshold (default ${REPORT_FLAG_DEFAULTS.highTicket})
  --top            rows in top-N tables, and symbols detailed with a chart (default ${REPORT_FLAG_DEFAULTS.top})
  --symbols        symbols to detail with a chart and daily table (default: the --top most traded)
Env: ${REPORT_ENV.join(', ')}
`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseFlags(argv: string[], today: string): { from: string; to: string; out: string; highTicket: number; top: number; symbols: string[] | undefined } {
  let v;
  try {
    ({ values: v } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'high-ticket': { type: 'string' }, top: { type: 'string' }, symbols: { type: 'string' } } }));
  } catch (err) {
    throw new ConfigError(`report: ${(err as Error).message}`);
  }
  const to = v.to ?? today;
  const from = v.from ?? new Date(Date.parse(to) - 6 * 86_400_000).toISOString().slice(0, 10);
  const highTicket = Number(v['high-ticket'] ?? REPORT_FLAG_DEFAULTS.highTicket);
  const top = Number(v.top ?? REPORT_FLAG_DEFAULTS.top);
  const problems = [
    !DATE.test(from) && `--from "${from}" is not YYYY-MM-DD`,
    !DATE.test(to) && `--to "${to}" is not YYYY-MM-DD`,
    from > to && '--from is after --to',
    !(highTicket > 0) && '--high-ticket must be a positive number',
    !(Number.isInteger(top) && top > 0) && '--top must be a positive integer',
  ].filter(Boolean);
  if (problems.length > 0) throw new ConfigError(`report: ${problems.join('; ')}`);
  const symbols = v.symbols?.split(',').map((x) => x.trim()).filter(Boolean);
  return { from, to, out: v.out ?? './report', highTicket, top, symbols };
}

/** Wiring of `report`: flags + env -> archive files -> DuckDB figures -> Markdown, JSON, PNGs. */
export async function runReport(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, new Date().toISOString().slice(0, 10));
  const cfg = loadReportConfig();
  const log = createLogger('report', cfg.logLevel);
  const started = performance.now();
  const store = openStore(cfg.store);
  const duck = await ParquetWriter.open();
  const q: ReportQuery = { ...flags, topics: cfg.topics, baseCurrency: cfg.baseCurrency };
  const figures = await readFigures(store, duck, q);
  const out = resolve(flags.out);
  await mkdir(out, { recursive: true });
  const charts: ChartFiles = { symbols: {} };
  const s = figures.sales;
  const cur = cfg.baseCurrency;
  if (s) {
    const bars: [keyof ChartFiles, string, string[], number[], number?][] = [
      ['category', `Revenue by category (${cur})`, s.byCategory.map((r) => r.name), s.byCategory.map((r) => r.revenue)],
      ['city', `Revenue by city (${cur})`, s.byCity.map((r) => r.name), s.byCity.map((r) => r.revenue)],
      ['hours', 'Orders by hour of day (UTC; peak in red)', s.byHour.map((h) => String(h.hour).padStart(2, '0')), s.byHour.map((h) => h.orders), s.peakHour],
      ['payments', 'Orders by payment method', s.payments.map((p) => p.name), s.payments.map((p) => p.orders)],
    ];
    for (const [key, title, labels, values, highlight] of bars) {
      const file = `${key}.png`;
      await writePng(join(out, file), barChart(title, labels, values, { yLabel: key === 'hours' || key === 'payments' ? 'orders' : cur, ...(highlight !== undefined ? { highlight } : {}) }));
      (charts as unknown as Record<string, string>)[key] = file;
    }
  }
  // A chart per symbol costs ~50 ms: detail the chosen symbols, or the most traded ones.
  const detail = flags.symbols ?? [...figures.market].sort((a, b) => b.days.reduce((n, d) => n + d.ticks, 0) - a.days.reduce((n, d) => n + d.ticks, 0)).slice(0, flags.top).map((m) => m.symbol);
  for (const m of figures.market.filter((x) => detail.includes(x.symbol))) {
    const file = `price-${m.symbol.replace(/[^A-Za-z0-9-]/g, '_')}.png`;
    await writePng(join(out, file), candleChart(`${m.symbol}: daily OHLC, 5/20-day SMA of close`, m.days));
    charts.symbols[m.symbol] = file;
  }
  await writeFile(join(out, 'report.md'), renderMarkdown(figures, charts));
  await writeFile(join(out, 'report.json'), `${JSON.stringify(figures, null, 2)}\n`);
  duck.close();
  log.info({ out, from: flags.from, to: flags.to, orders: s?.orders ?? 0, symbols: figures.market.length, seconds: ((performance.now() - started) / 1000).toFixed(2) }, 'report written');
}
