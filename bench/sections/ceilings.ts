import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBucket, dropBucket } from '../lib/influx.js';
import { startNode, waitCaughtUp } from '../lib/processes.js';
import { serviceCpu } from '../lib/service-cpu.js';
import { ROOT, uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';
import type { Backlog } from './throughput.js';

export const tsx = (file: string): string[] => ['--import', 'tsx', path.join(ROOT, 'bench', file)];

/** Runs a pinned helper script to completion and returns the JSON it printed last. */
export async function runScript(name: string, file: string, env: Record<string, string>, timeoutMs = 300_000): Promise<Record<string, number>> {
  const p = startNode(name, tsx(file), env);
  const timer = setTimeout(() => void p.stop('SIGKILL'), timeoutMs);
  await p.exited;
  clearTimeout(timer);
  const lines = readFileSync(p.logFile, 'utf8').trim().split('\n');
  const last = lines.reverse().find((l) => l.startsWith('{"'));
  if (p.child.exitCode !== 0 || !last) throw new Error(`${name} failed (exit ${p.child.exitCode}); see ${p.logFile}`);
  return JSON.parse(last) as Record<string, number>;
}

/** Ceilings of the dependencies, on the same core: kafkajs consuming alone, InfluxDB writes alone. */
export async function benchCeilings(opts: BenchOptions, results: Results, backlog: Backlog): Promise<void> {
  const raw = await runScript('raw-consume', 'ceilings/raw-consume.ts', { TOPIC: backlog.topics.quotes, EXPECT: String(backlog.events), GROUP: uniqueName('raw') });
  results.add({ section: 'ceilings', name: `kafkajs consume only (eachBatch + commit, zstd), ${backlog.symbols} symbols`, value: raw.events! / raw.seconds!, unit: 'events/s', note: `${Math.round(raw.events! / raw.batches!)} records/batch` });
  const bucket = await createBucket(uniqueName('b-raw-write'));
  // As many lines as the processor's backlogs have events: InfluxDB slows once its cache snapshots.
  const lines = String(opts.quick ? 50_000 : 1_000_000);
  const variants: { env: Record<string, string>; label: string }[] = [
    { env: { GZIP: '0' }, label: 'fetch, plain' },
    { env: { GZIP: '1' }, label: 'fetch, gzip' },
    { env: { WRITER: '1' }, label: 'our InfluxWriter (influxdb-client, default: no gzip)' },
    // The tick rows' symbol counts: InfluxDB's cost per line grows with the number of series.
    ...opts.symbolCounts.filter((n) => n !== 1000).map((n) => ({ env: { GZIP: '0', SERIES: String(n), FRESH: '1' }, label: `fetch, plain, ${n.toLocaleString('en-US')} series` })),
  ];
  for (const [i, v] of variants.entries()) {
    const into = v.env.FRESH ? await createBucket(uniqueName('b-raw-write')) : bucket;
    const before = serviceCpu().influxd;
    const w = await runScript(`raw-write-${i}`, 'ceilings/raw-write.ts', { BUCKET: into, LINES: lines, BATCH: '5000', ...v.env });
    const influxd = ((serviceCpu().influxd - before) * 1e6) / w.lines!;
    const name = `InfluxDB write only, 5000 lines/request, ${v.label}`;
    const server = Number.isFinite(influxd) ? `, InfluxDB ${influxd.toFixed(1)} µs CPU/line` : '';
    results.add({ section: 'ceilings', name, value: w.lines! / w.seconds!, unit: 'lines/s', note: `${w.cpuUsPerLine!.toFixed(2)} µs CPU/line client-side${server}` });
    if (into !== bucket) await dropBucket(into); // no compaction left for later sections
  }
  await dropBucket(bucket);
}

/** 6b. The naive processor end to end on the same backlog as ours, time-boxed. */
export async function benchNaive(opts: BenchOptions, results: Results, backlog: Backlog, oursRate: number): Promise<void> {
  const group = uniqueName('g-naive');
  const bucket = await createBucket(uniqueName('b-naive'));
  const p = startNode('naive-processor', tsx('naive-processor.ts'), { QUOTES_TOPIC: backlog.topics.quotes, KAFKA_GROUP_ID: group, INFLUX_BUCKET: bucket });
  try {
    const cu = await waitCaughtUp(p, group, [backlog.topics.quotes], (opts.quick ? 15 : 30) * 1000, 500);
    const name = `naive processor (recompute + 1 HTTP write/point), ${backlog.symbols} symbols`;
    results.add({ section: 'naive', name, value: cu.rate, unit: 'events/s', note: cu.timedOut ? `time-boxed, ${cu.events} events` : undefined });
    results.add({ section: 'naive', name: `  same: CPU per event`, value: (cu.cpuSeconds * 1e6) / cu.events, unit: 'µs CPU/event' });
    results.add({ section: 'naive', name: `speed-up ours (tick) vs naive, end to end, ${backlog.symbols} symbols`, value: oursRate / cu.rate, unit: 'x' });
    results.throughput.push({ kind: 'naive', entities: backlog.symbols, eventsPerSec: cu.rate });
  } finally {
    await p.stop('SIGKILL');
    await dropBucket(bucket);
  }
}
