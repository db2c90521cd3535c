/**
 * CPU profiles of the hot paths, summarised as top self-time functions.
 *
 *   node --import tsx bench/profile.ts processor [--symbols 1000] [--events 200000] [--mode tick|candle] [--sales] [--processor-env K=V]
 *       real processor process (pinned, --cpu-prof) on a fresh backlog until lag 0
 *   node --import tsx bench/profile.ts processor --paced 1000 [--seconds 20] [--long 15] [--processor-env K=V]
 *       the same process under a paced live load (1,000 symbols, as the latency bench): top
 *       functions and the long tasks (stretches >= --long ms the event loop never idled)
 *   node --import tsx bench/profile.ts processor --alloc [--symbols 100] ...
 *       the same backlog run, with V8's sampling heap profiler instead: bytes allocated per event
 *       and by function (what the GC has to take back)
 *   node --import tsx bench/profile.ts core [--symbols 1000] [--events 200000]
 *       the pure quote core in-process (inspector profiler), no IO
 *   node --import tsx bench/profile.ts summarize <file.cpuprofile> [--top 25]
 */
import type { SaleEvent } from '@tickflow/contracts';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { checkpointRecords } from '../processor/src/changelog.js';
import { emptyOutput } from '../processor/src/core/handler.js';
import { DEFAULT_INDICATORS } from '../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../processor/src/core/market/quote-handler.js';
import { LineWriter } from '../processor/src/core/line-protocol.js';
import { longTasks, topSelfTime, type CpuProfile } from './lib/cpuprofile.js';
import { topSelfAlloc, type HeapProfile } from './lib/heapprofile.js';
import { QuoteSource, SaleSource } from './lib/events.js';
import { cleanupInflux, createBucket } from './lib/influx.js';
import { cleanupKafka, trackTopics } from './lib/kafka.js';
import { openSink, preload } from './lib/load.js';
import { pacedLoad } from './lib/paced.js';
import { OUT, processorEnv, startProcessor } from './lib/processes.js';
import { ensureServices, uniqueName } from './lib/services.js';
import { summarize } from './lib/stats.js';
import { parseOptions } from './sections/options.js';
import { newTopics, quoteBacklog, runProcessorOn, type Backlog } from './sections/throughput.js';

const argv = process.argv.slice(2);
const flag = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? def) : def;
};
const PROF_DIR = path.join(OUT, 'prof');
/** Extra flags for the processor's node (`--node-flags "--trace-gc ..."`). */
const nodeFlags = (): string[] => flag('node-flags', '').split(' ').filter(Boolean);

function print(profile: CpuProfile, top: number): void {
  const total = (profile.endTime - profile.startTime) / 1000;
  process.stdout.write(`profile: ${total.toFixed(0)} ms sampled\n  self%    self ms  function\n`);
  for (const r of topSelfTime(profile, top)) process.stdout.write(`${(r.share * 100).toFixed(1).padStart(6)}% ${r.ms.toFixed(0).padStart(9)}  ${r.fn}\n`);
}

async function profileCore(): Promise<void> {
  const symbols = Number(flag('symbols', '1000'));
  const events = Number(flag('events', '200000'));
  const now = Date.now();
  const recs = new QuoteSource(symbols, symbols * 60 + events, now).next(symbols * 60 + events).map((e, i) => ({ value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: now }));
  const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
  const lines = new LineWriter();
  const run = (from: number, to: number): void => {
    for (let i = from; i < to; i += 1000) {
      const out = emptyOutput();
      for (let j = i; j < Math.min(to, i + 1000); j++) h.handle(recs[j]!, out);
      h.endBatch(out);
      for (const p of out.points) lines.add(p);
      lines.take();
      checkpointRecords('quotes', 0, h.takeDirty(), String(i)); // as the pipeline's commit encodes it
    }
  };
  run(0, symbols * 60);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  run(symbols * 60, recs.length);
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  mkdirSync(PROF_DIR, { recursive: true });
  const file = path.join(PROF_DIR, `core-${symbols}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`${file}\n`);
  print(profile, Number(flag('top', '25')));
}

/** The newest file with extension `ext` the processor wrote to PROF_DIR after `since`, ms. */
function newestFile(since: number, ext: string): string {
  const newest = readdirSync(PROF_DIR)
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(PROF_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b2) => statSync(b2).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no ${ext} written to ${PROF_DIR} (did the processor exit cleanly?)`);
  process.stdout.write(`${newest}\n`);
  return newest;
}

/** Sampled bytes: the whole process's, over every event of the backlog (warm-up included). */
function printAlloc(profile: HeapProfile, events: number, top: number): void {
  const { total, top: rows } = topSelfAlloc(profile, top);
  process.stdout.write(`allocated (sampled): ${(total / 1e6).toFixed(0)} MB, ${(total / events).toFixed(0)} bytes/event\n  share    B/event  function\n`);
  for (const r of rows) process.stdout.write(`${((r.bytes / total) * 100).toFixed(1).padStart(6)}% ${(r.bytes / events).toFixed(0).padStart(9)}  ${r.fn}\n`);
}

async function profilePaced(rate: number): Promise<void> {
  await ensureServices();
  const seconds = Number(flag('seconds', '20'));
  const topics = await newTopics('prof-p', 'quotes');
  const group = uniqueName('g-prof-p');
  const bucket = await createBucket(uniqueName('b-prof-p'));
  trackTopics(`${group}.state`);
  mkdirSync(PROF_DIR, { recursive: true });
  const started = Date.now();
  const proc = await startProcessor('profile-paced', processorEnv(topics, group, bucket, { EMIT_MODE: 'tick', ...parseOptions(argv).processorEnv }), ['--cpu-prof', '--cpu-prof-dir', PROF_DIR, ...nodeFlags()]);
  const s = await openSink({ quotes: topics.quotes });
  try {
    await pacedLoad(s.sink, bucket, 1000, 2000, 2, 30_000); // join and warm up, as the latency bench does
    const r = await pacedLoad(s.sink, bucket, 1000, rate, seconds);
    const m = summarize(r.markerLatencies);
    process.stdout.write(`paced ${rate}/s for ${seconds} s: produce -> queryable p50 ${m.p50} / p99 ${m.p99} / max ${m.max} ms (${m.n} markers)\n`);
  } finally {
    await s.close();
    await proc.stop('SIGTERM');
    await cleanupKafka();
    await cleanupInflux();
  }
  const profile = JSON.parse(readFileSync(newestFile(started, '.cpuprofile'), 'utf8')) as CpuProfile;
  print(profile, Number(flag('top', '25')));
  const minMs = Number(flag('long', '15'));
  const long = longTasks(profile, minMs, 15);
  process.stdout.write(`\nlong tasks (>= ${minMs} ms without idle), longest first:\n`);
  for (const t of long) {
    process.stdout.write(`  ${t.ms.toFixed(1).padStart(6)} ms at ${(t.atMs / 1000).toFixed(2)} s  from ${t.entries.join(' | ') || '(no frame of ours)'}\n`);
    for (const f of t.top) process.stdout.write(`           ${f.ms.toFixed(1).padStart(6)} ms  ${f.fn}\n`);
  }
}

async function profileProcessor(): Promise<void> {
  const paced = flag('paced', '');
  if (paced) return profilePaced(Number(paced));
  await ensureServices();
  const symbols = Number(flag('symbols', '1000'));
  const events = Number(flag('events', '200000'));
  const sales = argv.includes('--sales');
  const alloc = argv.includes('--alloc');
  let b: Backlog;
  if (sales) {
    const topics = await newTopics('prof-s', 'sales');
    const src = new SaleSource(Date.now() - 2 * 3600_000, symbols);
    const s = await openSink({ sales: topics.sales });
    await preload<SaleEvent>((e) => s.sales(e), (n) => src.next(n), events);
    await s.close();
    b = { topics, events, symbols };
  } else {
    b = await quoteBacklog(symbols, events, 'prof');
  }
  mkdirSync(PROF_DIR, { recursive: true });
  const started = Date.now();
  try {
    const env = { EMIT_MODE: flag('mode', 'tick'), ...parseOptions(argv).processorEnv, ...(alloc ? { TICKFLOW_HEAP_PROF_DIR: PROF_DIR } : {}) };
    const flags = [...(alloc ? ['--import', path.join(import.meta.dirname, 'lib/heap-sampler.mjs')] : ['--cpu-prof', '--cpu-prof-dir', PROF_DIR]), ...nodeFlags()];
    const r = await runProcessorOn(b, 'profile', sales ? 'sales' : 'quotes', env, flags);
    process.stdout.write(`processor: ${r.rate.toFixed(0)} events/s, ${r.cpuUsPerEvent.toFixed(1)} µs CPU/event, ${r.pointsPerEvent.toFixed(2)} points/event\n`);
  } finally {
    await cleanupKafka();
    await cleanupInflux();
  }
  if (alloc) return printAlloc(JSON.parse(readFileSync(newestFile(started, '.heapprofile'), 'utf8')) as HeapProfile, b.events, Number(flag('top', '25')));
  print(JSON.parse(readFileSync(newestFile(started, '.cpuprofile'), 'utf8')) as CpuProfile, Number(flag('top', '25')));
}

async function main(): Promise<void> {
  const cmd = argv[0];
  if (cmd === 'core') return profileCore();
  if (cmd === 'processor') return profileProcessor();
  if (cmd === 'summarize' && argv[1]) return print(JSON.parse(readFileSync(argv[1], 'utf8')) as CpuProfile, Number(flag('top', '25')));
  throw new Error('usage: bench/profile.ts core|processor|summarize <file> [--symbols n] [--events n] [--mode tick|candle] [--sales] [--top n]');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
