import { dlqTopic, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rawLine } from '../../archiver/src/core/rows.js';
import { ParquetWriter } from '../../archiver/src/sinks/parquet-writer.js';
import { QuoteSource, SaleSource } from '../lib/events.js';
import { createTopic, trackTopics } from '../lib/kafka.js';
import { openSink, preload } from '../lib/load.js';
import { serviceEntry, startNode, waitCaughtUp } from '../lib/processes.js';
import { ROOT, uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';

const fmtN = (n: number): string => n.toLocaleString('en-US');

function bytesUnder(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile() && e.name.endsWith('.parquet')) sum += statSync(path.join(e.parentPath, e.name)).size;
  return sum;
}

/** Ceiling of the Parquet path alone, in process: NDJSON lines through DuckDB's COPY, no Kafka, no validation. */
async function parquetCeiling(sales: SaleEvent[], codec: 'zstd' | 'snappy'): Promise<number> {
  const rows = sales.map((e, i) => rawLine({ topic: 't', partition: 0, offset: BigInt(i), timestamp: e.ts }, JSON.stringify(e), { ok: true, kind: 'sale', event: e }));
  const writer = await ParquetWriter.open();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-pq-'));
  const t = performance.now();
  await writer.write('sale', rows, [{ path: path.join(dir, 'x.parquet'), layer: 'raw' }], codec);
  const s = (performance.now() - t) / 1000;
  writer.close();
  rmSync(dir, { recursive: true, force: true });
  return rows.length / s;
}

/**
 * Archiver: a backlog of half quotes (1,000 symbols), half sales in 6-partition topics; one
 * archiver process per codec (own group and directory) until its committed offsets reach the
 * end; Parquet bytes per event per layer. Then `report` over the ZSTD archive.
 */
export async function benchArchive(opts: BenchOptions, results: Results): Promise<void> {
  const total = opts.quick ? 200_000 : 1_000_000;
  const topics = { quotes: uniqueName('arch-quotes'), sales: uniqueName('arch-sales') };
  await createTopic(topics.quotes, 6);
  await createTopic(topics.sales, 6);
  trackTopics(dlqTopic(topics.quotes), dlqTopic(topics.sales));
  const quotes = new QuoteSource(1000, total / 2, Date.now());
  const sales = new SaleSource(Date.now() - 2 * 3600_000);
  const s = await openSink(topics);
  try {
    await preload<QuoteEvent>((e) => s.quotes(e), (n) => quotes.next(n), total / 2);
    await preload<SaleEvent>((e) => s.sales(e), (n) => sales.next(n), total / 2);
  } finally {
    await s.close();
  }
  const jsonBytes = s.sink.stats.bytes / total;
  const entry = await serviceEntry('archiver');
  const dirs: Record<string, string> = {};
  for (const codec of ['zstd', 'snappy'] as const) {
    const dir = mkdtempSync(path.join(tmpdir(), `bench-archive-${codec}-`));
    dirs[codec] = dir;
    const group = uniqueName(`g-arch-${codec}`);
    // ROLL_MS 2 s: files roll during the drain and the last one soon after (the default 5 min
    // would hold the tail back); 16 MB is the default size roll.
    const env = { QUOTES_TOPIC: topics.quotes, SALES_TOPIC: topics.sales, ARCHIVER_GROUP_ID: group, ARCHIVE_DIR: dir, PARQUET_COMPRESSION: codec, ROLL_MS: '2000', LOG_LEVEL: 'info' };
    const proc = startNode(`archiver-${codec}`, entry, env);
    try {
      const cu = await waitCaughtUp(proc, group, [topics.quotes, topics.sales], 900_000);
      // Whole run, process start to all committed: each partition's backlog can fit in one
      // file, so "first commit -> last" would time only the writing, not the reading.
      const cpuSeconds = proc.cpuSeconds();
      await proc.stop('SIGTERM');
      const raw = bytesUnder(path.join(dir, 'raw'));
      const clean = bytesUnder(path.join(dir, 'clean'));
      const label = `${codec}, ${fmtN(total)} events (half quotes, half sales; 6+6 partitions)`;
      results.add({
        section: 'archiver',
        name: `${label}: events/s`,
        value: total / cu.wallSeconds,
        unit: 'events/s',
        note: `${((cpuSeconds * 1e6) / total).toFixed(1)} µs CPU/event; process start -> all committed, incl. start-up, group join and the last 2-s roll`,
      });
      results.add({ section: 'archiver', name: `${codec}: raw layer bytes/event`, value: raw / total, unit: 'B', note: `JSON in Kafka: ${jsonBytes.toFixed(0)} B/event` });
      results.add({ section: 'archiver', name: `${codec}: clean layer bytes/event`, value: clean / total, unit: 'B' });
    } finally {
      await proc.stop('SIGKILL');
    }
  }
  const ceilingSales = sales.next(100_000);
  results.add({ section: 'archiver', name: 'ceiling: DuckDB NDJSON -> Parquet (zstd), 100k sales in process', value: await parquetCeiling(ceilingSales, 'zstd'), unit: 'rows/s' });

  const out = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const t = performance.now();
  execFileSync(process.execPath, [...entry, 'report', '--from', day(Date.now() - 86_400_000), '--to', day(Date.now() + 86_400_000), '--out', out], {
    cwd: ROOT,
    env: { ...process.env, ARCHIVE_DIR: dirs.zstd, QUOTES_TOPIC: topics.quotes, SALES_TOPIC: topics.sales, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  results.add({ section: 'report', name: `report over ${fmtN(total)} archived events (process start to files written)`, value: (performance.now() - t) / 1000, unit: 's', note: 'DuckDB over the ZSTD archive; Markdown + JSON + PNG charts' });
  for (const d of [...Object.values(dirs), out]) rmSync(d, { recursive: true, force: true });
}
