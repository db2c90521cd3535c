import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { cpuSecondsOf, serviceCpu, type ServiceCpu } from './service-cpu.js';
import { catchUpRate } from './stats.js';
import { groupProgress } from './kafka.js';
import { ROOT } from './services.js';
import { NODE_FLAGS } from '../../processor/src/defaults.js';

export const OUT = path.join(ROOT, 'bench/out');

/** The core a measured process is pinned to (the last one), or undefined without taskset. */
export const PIN_CORE: number | undefined = (() => {
  if (cpus().length < 2) return undefined;
  return spawnSync('taskset', ['-V']).status === 0 ? cpus().length - 1 : undefined;
})();

const bundles = new Map<string, string>();

/**
 * Bundles <service>/src/main.ts with esbuild into bench/out (the same options as `npm run
 * build`), so the bench always measures the current source, never a stale dist/. Falls back
 * to tsx if esbuild fails.
 */
export async function serviceEntry(service: 'processor' | 'archiver'): Promise<string[]> {
  const done = bundles.get(service);
  if (done) return [done];
  const entry = path.join(ROOT, `${service}/src/main.ts`);
  try {
    const { build } = await import('esbuild');
    const outfile = path.join(OUT, `${service}.mjs`);
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      packages: 'external',
      alias: { '@tickflow/common': path.join(ROOT, 'common/src/index.ts'), '@tickflow/contracts': path.join(ROOT, 'contracts/src/index.ts') },
      outfile,
      sourcemap: true,
      logLevel: 'warning',
    });
    bundles.set(service, outfile);
    return [outfile];
  } catch (err) {
    process.stderr.write(`[bench] esbuild bundle failed (${String(err)}); using tsx\n`);
    return ['--import', 'tsx', entry];
  }
}

export const processorEntry = (): Promise<string[]> => serviceEntry('processor');

export interface Proc {
  child: ChildProcess;
  name: string;
  logFile: string;
  exited: Promise<unknown>;
  /** Resident set size now, bytes (from /proc), or NaN once exited. */
  rss(): number;
  /** CPU time (user + system) used so far, s (from /proc), or NaN once exited. */
  cpuSeconds(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `node <args>` pinned to PIN_CORE, logging to bench/out/logs/<name>.log. */
export function startNode(name: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): Proc {
  mkdirSync(path.join(OUT, 'logs'), { recursive: true });
  const logFile = path.join(OUT, 'logs', `${name}.log`);
  const nodeArgs = [...nodeFlags, ...args];
  const [cmd, argv] = PIN_CORE === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(PIN_CORE), process.execPath, ...nodeArgs]];
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = once(child, 'exit');
  return {
    child,
    name,
    logFile,
    exited,
    rss() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    cpuSeconds: () => cpuSecondsOf(child.pid),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export interface RunTopics {
  quotes: string;
  sales: string;
  metrics: string;
}

/** `--processor-env` settings, applied to every processor of the run (set once by run.ts). */
export const processorOverrides: Record<string, string> = {};

/**
 * Env of one processor run: its own topics, group (hence state topic) and bucket. The 1h/1d
 * aggregates go to the same bucket (their lines are counted, one bucket to clean up), and no
 * retention skips anything (the bucket keeps everything).
 */
export function processorEnv(t: RunTopics, group: string, bucket: string, extra: Record<string, string> = {}): Record<string, string> {
  const buckets = { INFLUX_BUCKET: bucket, INFLUX_LONGTERM_BUCKET: bucket, INFLUX_DAILY_BUCKET: bucket, INFLUX_RAW_RETENTION_DAYS: '0', INFLUX_LONGTERM_RETENTION_DAYS: '0', INFLUX_DAILY_RETENTION_DAYS: '0' };
  return { QUOTES_TOPIC: t.quotes, SALES_TOPIC: t.sales, METRICS_TOPIC: t.metrics, KAFKA_GROUP_ID: group, ...buckets, LOG_LEVEL: 'info', ...extra, ...processorOverrides };
}

/** The processor as compose runs it: its V8 flags, then any the caller adds. */
export async function startProcessor(name: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<Proc> {
  return startNode(name, await processorEntry(), env, [...NODE_FLAGS, ...nodeFlags]);
}

export interface CatchUp {
  rate: number;
  seconds: number;
  wallSeconds: number;
  timedOut: boolean;
  /** Processor CPU seconds from the first commit to caught-up (startup excluded). */
  cpuSeconds: number;
  /** Records committed from the first commit to caught-up (what cpuSeconds was spent on). */
  events: number;
  /** InfluxDB's and Kafka's CPU seconds over the same span (NaN when they are not ours). */
  serviceCpuSeconds: ServiceCpu;
  /** Wall time of that span, s. */
  cpuSpanSeconds: number;
  samples: Sample[];
}

interface Sample {
  t: number;
  committed: number;
  cpu: number;
  services: ServiceCpu;
}

/** CPU used between the first sample with a commit and the last one. */
function spent(samples: Sample[]): Pick<CatchUp, 'cpuSeconds' | 'events' | 'serviceCpuSeconds' | 'cpuSpanSeconds'> {
  const first = samples.find((s) => s.committed > 0);
  const last = samples[samples.length - 1];
  if (!first || !last) return { cpuSeconds: NaN, events: 0, serviceCpuSeconds: { influxd: NaN, kafka: NaN }, cpuSpanSeconds: NaN };
  return {
    cpuSeconds: last.cpu - first.cpu,
    cpuSpanSeconds: (last.t - first.t) / 1000,
    events: last.committed - first.committed,
    serviceCpuSeconds: { influxd: last.services.influxd - first.services.influxd, kafka: last.services.kafka - first.services.kafka },
  };
}

/**
 * Polls the group's committed offsets until they reach the end (lag 0). The rate excludes
 * startup: it is measured from the first commit (see catchUpRate).
 */
export async function waitCaughtUp(proc: Proc | undefined, group: string, topics: string[], timeoutMs: number, everyMs = 200): Promise<CatchUp> {
  const started = Date.now();
  const samples: Sample[] = [];
  let total = 0;
  for (;;) {
    const p = await groupProgress(group, topics).catch(() => undefined);
    const t = Date.now();
    if (p) {
      total = p.end;
      samples.push({ t, committed: p.committed, cpu: proc?.cpuSeconds() ?? NaN, services: serviceCpu() });
      if (p.lag === 0 && p.end > 0) break;
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}; see ${proc.logFile}`);
    if (t - started > timeoutMs) {
      const last = samples[samples.length - 1];
      const first = samples.find((s) => s.committed > 0);
      const rate = last && first && last.t > first.t ? (last.committed - first.committed) / ((last.t - first.t) / 1000) : NaN;
      return { rate, seconds: (t - started) / 1000, wallSeconds: (t - started) / 1000, timedOut: true, ...spent(samples), samples };
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const { rate, seconds } = catchUpRate(samples, total);
  return { rate, seconds, wallSeconds: (Date.now() - started) / 1000, timedOut: false, ...spent(samples), samples };
}

/** The `totals` the processor logs on a graceful stop (consumed, processed, points...), if any. */
export function loggedTotals(logFile: string): Record<string, number> | undefined {
  let found: Record<string, number> | undefined;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"totals"') || !line.includes('"stopped"')) continue;
    try {
      found = (JSON.parse(line) as { totals?: Record<string, number> }).totals;
    } catch {
      // not a JSON log line
    }
  }
  return found;
}
