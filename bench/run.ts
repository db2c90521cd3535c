/**
 * `npm run bench [-- --quick] [--soak <s>] [--only a,b]`: measures the real pipeline on real
 * Kafka and InfluxDB in one run and prints a table; a full run writes bench/results.json and
 * bench/results.png, --quick/--only runs write to bench/out/. See bench/README.md.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chartSvg, renderPng } from './chart.js';
import { cleanupInflux } from './lib/influx.js';
import { cleanupKafka } from './lib/kafka.js';
import { OUT, PIN_CORE, processorOverrides } from './lib/processes.js';
import { ensureServices, ROOT } from './lib/services.js';
import { Results, table, type Row } from './report.js';
import { benchArchive } from './sections/archive.js';
import { benchCeilings, benchNaive } from './sections/ceilings.js';
import { benchCore } from './sections/core.js';
import { benchLatency } from './sections/latency.js';
import { benchMemory } from './sections/memory.js';
import { parseOptions, SECTIONS } from './sections/options.js';
import { benchProducer } from './sections/producer.js';
import { benchRecovery } from './sections/recovery.js';
import { benchThroughput, ceilingShares, quoteBacklog, type Backlog } from './sections/throughput.js';

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  // Memory figures need a forced GC; `npm run bench` passes --expose-gc, this covers direct runs.
  setFlagsFromString('--expose-gc');
  (globalThis as { gc?: unknown }).gc = runInNewContext('gc');
}

const sh = (cmd: string): string => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

function machine() {
  return {
    nproc: Number(sh('nproc')) || cpus().length,
    cpu: sh("lscpu | grep 'Model name' | sed 's/.*: *//'") || (cpus()[0]?.model ?? ''),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    freeH: sh('free -h | sed -n 2p'),
    loadavg: sh('cat /proc/loadavg'),
    node: process.version,
    pinnedCore: PIN_CORE === undefined ? 'none (no taskset or 1 core)' : `taskset -c ${PIN_CORE}`,
    commit: sh('git rev-parse --short HEAD'),
  };
}

async function backfillRows(): Promise<Row[]> {
  const file = path.join(ROOT, 'bench/backfill.ts');
  if (!existsSync(file)) return [];
  const mod = (await import(file)) as { benchBackfill?: () => Promise<{ name: string; value: number; unit: string }[]> };
  if (typeof mod.benchBackfill !== 'function') return [];
  return (await mod.benchBackfill()).map((r) => ({ section: 'backfill', name: r.name, value: r.value, unit: r.unit }));
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  Object.assign(processorOverrides, opts.processorEnv);
  if (opts.only) for (const s of opts.only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
  const want = (s: (typeof SECTIONS)[number]): boolean => !opts.only || opts.only.has(s);
  const started = Date.now();
  const services = await ensureServices();
  const info = { ...machine(), kafka: services.KAFKA_BROKERS, influx: services.INFLUX_URL, services: services.origin, processorEnv: opts.processorEnv };
  process.stderr.write(`[bench] ${opts.quick ? 'quick' : 'full'} run on ${JSON.stringify(info)}\n`);
  const results = new Results();
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t = Date.now();
    process.stderr.write(`[bench] --- ${name}\n`);
    try {
      return await fn();
    } finally {
      timings[name] = (Date.now() - t) / 1000;
    }
  };
  try {
    if (want('memory')) await timed('memory', () => benchMemory(opts, results));
    if (want('core')) await timed('core', () => benchCore(opts, results));
    if (want('producer')) await timed('producer', () => benchProducer(opts, results));
    const backlogs = want('throughput') ? await timed('throughput', () => benchThroughput(opts, results)) : new Map<number, Backlog>();
    if (want('ceilings') || want('naive')) {
      const b100 = backlogs.get(100) ?? (await quoteBacklog(100, opts.backlog(100)));
      if (want('ceilings')) await timed('ceilings', () => benchCeilings(opts, results, b100));
      if (want('ceilings')) ceilingShares(results);
      const ours = results.throughput.find((p) => p.kind === 'quotes tick' && p.entities === 100)?.eventsPerSec ?? NaN;
      if (want('naive')) await timed('naive', () => benchNaive(opts, results, b100, ours));
    }
    if (want('latency')) await timed('latency+soak', () => benchLatency(opts, results));
    if (want('recovery')) await timed('recovery', () => benchRecovery(opts, results));
    if (want('archive')) await timed('archive', () => benchArchive(opts, results));
    if (want('backfill')) for (const r of await timed('backfill', backfillRows)) results.add(r);
  } finally {
    await cleanupKafka().catch(() => undefined);
    await cleanupInflux().catch(() => undefined);
  }

  const seconds = (Date.now() - started) / 1000;
  const published = !opts.quick && !opts.only;
  const dir = published ? path.join(ROOT, 'bench') : OUT;
  mkdirSync(dir, { recursive: true });
  const withTarget = results.rows.filter((r) => r.met !== undefined);
  const summary = `${withTarget.filter((r) => r.met).length}/${withTarget.length} targets met`;
  const out = { mode: opts.quick ? 'quick' : 'full', soakSeconds: opts.soakSeconds, startedAt: new Date(started).toISOString(), seconds, machine: info, timings, summary, rows: results.rows, throughput: results.throughput, latency: results.latency, notes: results.notes };
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  const subtitle = `${info.cpu}, ${info.nproc} cores (shared), node ${info.node}, ${new Date(started).toISOString().slice(0, 16)}Z, ${out.mode} run`;
  const svg = chartSvg(results.throughput, results.latency, subtitle);
  writeFileSync(path.join(OUT, 'results.svg'), svg);
  writeFileSync(path.join(dir, 'results.png'), await renderPng(svg));

  process.stdout.write(`\nTickflow bench (${out.mode}), ${info.cpu}, nproc ${info.nproc}, ${info.memory}, node ${info.node}, processor pinned: ${info.pinnedCore}\n\n`);
  process.stdout.write(`${table(results.rows)}\n\n`);
  for (const r of withTarget) process.stdout.write(`${r.met ? 'MET   ' : 'MISSED'} ${r.section}: ${r.name.trim()} (${r.target})\n`);
  for (const n of results.notes) process.stdout.write(`note: ${n}\n`);
  process.stdout.write(`\n${summary}; ${seconds.toFixed(0)} s; wrote ${path.relative(ROOT, path.join(dir, 'results.json'))} and results.png\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    cleanupKafka()
      .then(cleanupInflux)
      .finally(() => process.exit(1));
  },
);
