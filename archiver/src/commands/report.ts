import { createLogger } from '@tickflow/common';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadReportConfig } from '../config.js';
import { barChart, candleChart } from '../core/report/charts.js';
import { renderMarkdown, type ChartFiles } from '../core/report/markdown.js';
import type { ReportFlags } from './report-flags.js';
import { openStore } from '../sinks/open-store.js';
import { ParquetWriter } from '../sinks/parquet-writer.js';
import { writePng } from '../sinks/png.js';
import { readFigures, type ReportQuery } from '../sources/report-data.js';

/**
 * Wiring of `report`: parsed flags + env -> archive files -> DuckDB figures -> Markdown, JSON, PNGs.
 * Returns the exit code; a missing or empty local archive is an error (1), not an empty report.
 */
export async function runReport(flags: ReportFlags): Promise<number> {
  const cfg = loadReportConfig();
  const log = createLogger('report', cfg.logLevel);
  const started = performance.now();
  if (!cfg.store.s3) {
    const problem = await localArchiveProblem(cfg.store.dir);
    if (problem) {
      process.stderr.write(`tickflow-archiver report: ${problem}; ARCHIVE_DIR is where the archiver writes (or set S3_BUCKET for an S3 archive)\n`);
      return 1;
    }
  }
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
  return 0;
}

/** Why a local archive cannot be reported on, or undefined: it exists and holds a layer (raw/ or clean/). */
async function localArchiveProblem(dir: string): Promise<string | undefined> {
  const path = resolve(dir);
  const entries = await readdir(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : Promise.reject(err)));
  if (entries === undefined) return `no archive at ${path}: no such directory`;
  if (!entries.some((e) => e === 'raw' || e === 'clean')) return `no archive at ${path}: the directory is empty (no raw/ or clean/ files)`;
  return undefined;
}
