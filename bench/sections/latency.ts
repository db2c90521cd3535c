import { loadConfig } from '../../processor/src/config.js';
import { createBucket } from '../lib/influx.js';
import { groupProgress, trackTopics } from '../lib/kafka.js';
import { openSink } from '../lib/load.js';
import { influxPacedLatency } from '../lib/influx-paced.js';
import { watchKafkaMarkers } from '../lib/kafka-markers.js';
import { heapUsed, internalLatency, pacedLoad } from '../lib/paced.js';
import { processorEnv, startProcessor, waitCaughtUp, type Proc } from '../lib/processes.js';
import { uniqueName } from '../lib/services.js';
import { slope, summarize } from '../lib/stats.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';
import { newTopics } from './throughput.js';

const SYMBOLS = 1000;
/** Lines the processor writes per quote in tick mode (bench throughput rows: 1.02). */
const LINES_PER_EVENT = 1.02;
/** Soak load: one the processor sustains in tick mode on a shared 2-core box, so RSS reflects state, not a growing backlog. */
const SOAK_RATE = 5000;
/** RSS is "flat" when its least-squares slope after warm-up is below this, MB/min. */
export const FLAT_MB_PER_MIN = 2;
const MB = 1024 * 1024;
/** Issue 13's targets for p99 produce -> queryable, ms, by offered events/s. */
export const P99_TARGET_MS: Readonly<Record<number, number>> = { 1000: 100, 10_000: 250 };

/** Samples RSS every second for `seconds` while `during` runs. */
async function sampleRss(proc: Proc, during: Promise<unknown>): Promise<{ t: number; rss: number }[]> {
  const samples: { t: number; rss: number }[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    samples.push({ t: Date.now(), rss: proc.rss() });
    await Promise.race([during, new Promise((r) => setTimeout(r, 1000))]);
  }
  return samples;
}

/**
 * 3. End-to-end latency at offered loads (paced producer + marker quotes polled in InfluxDB),
 * and 4b. the RSS soak, on one long-running processor (tick mode, 1,000 symbols).
 */
export async function benchLatency(opts: BenchOptions, results: Results): Promise<void> {
  const topics = await newTopics('lat', 'quotes');
  const group = uniqueName('g-lat');
  const bucket = await createBucket(uniqueName('b-lat'));
  trackTopics(`${group}.state`);
  const env = processorEnv(topics, group, bucket, { EMIT_MODE: 'tick' });
  // The report period the processor runs with: its own config, read from the env it gets.
  const { metricsIntervalMs } = loadConfig({ ...process.env, ...env });
  const proc = await startProcessor('latency', env);
  const s = await openSink({ quotes: topics.quotes });
  let kafka: Awaited<ReturnType<typeof watchKafkaMarkers>> | undefined;
  const drain = async (): Promise<void> => {
    const cu = await waitCaughtUp(proc, group, [topics.quotes], opts.quick ? 60_000 : 180_000, 250);
    if (cu.timedOut) results.notes.push('latency: the processor had not caught up before the next phase');
  };
  try {
    kafka = await watchKafkaMarkers(topics.quotes);
    // Join the group and warm up before measuring: one tick of every symbol.
    await pacedLoad(s.sink, bucket, SYMBOLS, 2000, 2, 30_000);
    await drain();
    const rates = opts.latencyRates;
    const phase = async (rate: number, thenDrain: boolean): Promise<void> => {
      const r = await pacedLoad(s.sink, bucket, SYMBOLS, rate, opts.latencyPhaseSeconds);
      const m = summarize(r.markerLatencies);
      const achieved = r.sent / r.seconds;
      const lost = r.markersSent - r.markerLatencies.length;
      // From one report period in: the first report after the phase starts also covers the drain before it.
      const inner = await internalLatency(bucket, r.startedAt + metricsIntervalMs, r.endedAt + metricsIntervalMs + 1000).catch(() => ({ p50: NaN, p99: NaN, max: NaN, stages: { handle: NaN, queue: NaN, write: NaN }, runtime: { eventLoopP99: NaN, eventLoopMax: NaN, gcMaxPause: NaN } }));
      const label = `${rate.toLocaleString('en-US')}/s offered`;
      const note = `${achieved.toFixed(0)}/s achieved, ${m.n} markers${lost > 0 ? `, ${lost} not seen within 15 s` : ''}`;
      results.add({ section: 'latency', name: `produce -> queryable p50, ${label}`, value: m.p50, unit: 'ms', note });
      const target = P99_TARGET_MS[rate];
      const p99met = target === undefined ? {} : { target: `<= ${target} ms`, met: m.p99 <= target && lost === 0 };
      results.add({ section: 'latency', name: `produce -> queryable p99, ${label}`, value: lost > 0 ? Infinity : m.p99, unit: 'ms', ...p99met });
      results.add({ section: 'latency', name: `produce -> queryable max, ${label}`, value: lost > 0 ? Infinity : m.max, unit: 'ms' });
      // Where the time goes: Kafka alone (a bare consumer beside the processor) and the processor's own view.
      const k = summarize([...(kafka?.seen ?? [])].filter(([ts]) => ts >= r.startedAt && ts <= r.endedAt).map(([ts, at]) => at - ts));
      results.add({ section: 'latency', name: `  of which produce -> consumable (bare kafkajs consumer) p50 / p99, ${label}`, value: k.p99, unit: 'ms', note: `p50 ${k.p50.toFixed(0)} ms` });
      const st = inner.stages;
      const stages = `stages' p99: record ts -> handled ${st.handle.toFixed(0)}, -> write start ${st.queue.toFixed(0)}, write -> ack ${st.write.toFixed(0)} ms`;
      results.add({ section: 'latency', name: `  processor self-metric p99 (record ts -> InfluxDB ack), ${label}`, value: inner.p99, unit: 'ms', note: `worst 5-s interval; ${stages}` });
      const rt = inner.runtime;
      results.add({ section: 'latency', name: `  processor event-loop delay p99 / max, ${label}`, value: rt.eventLoopP99, unit: 'ms', note: `max ${rt.eventLoopMax.toFixed(0)} ms, longest GC pause ${rt.gcMaxPause.toFixed(1)} ms (worst 5-s interval)` });
      results.latency.push({ offered: rate, achieved, p50: m.p50, p99: lost > 0 ? NaN : m.p99, max: lost > 0 ? NaN : m.max });
      if (!thenDrain) return;
      await drain();
      // Ceiling: InfluxDB alone at the same line rate, written and polled the same way, while the processor idles.
      const c = await influxPacedLatency(await createBucket(uniqueName('b-lat-ceil')), SYMBOLS, Math.round(rate * LINES_PER_EVENT), opts.latencyPhaseSeconds);
      const cm = summarize(c.markerLatencies);
      const clost = c.markersSent - c.markerLatencies.length;
      results.add({ section: 'latency', name: `  ceiling: InfluxDB alone, write -> queryable p50 / p99, ${label} (same lines/s)`, value: clost > 0 ? Infinity : cm.p99, unit: 'ms', note: `p50 ${cm.p50.toFixed(0)} ms, ${(c.sent / c.seconds).toFixed(0)} lines/s` });
    };
    for (const rate of rates.filter((r) => r <= 10_000)) await phase(rate, true);

    // Soak: steady SOAK_RATE/s for --soak seconds, RSS sampled every second.
    const load = pacedLoad(s.sink, bucket, SYMBOLS, SOAK_RATE, opts.soakSeconds, 5000);
    const rss = await sampleRss(proc, load);
    const soak = await load;
    await drain();
    const warm = rss.filter((x) => x.t >= rss[0]!.t + (soak.seconds * 1000) / 4 && Number.isFinite(x.rss));
    const perMin = slope(warm.map((x) => (x.t - warm[0]!.t) / 60_000), warm.map((x) => x.rss / MB));
    const all = rss.filter((x) => Number.isFinite(x.rss)).map((x) => x.rss / MB);
    const label = `${opts.soakSeconds} s at ${SOAK_RATE.toLocaleString('en-US')}/s`;
    results.add({ section: 'soak', name: `processor RSS start, ${label}`, value: all[0] ?? NaN, unit: 'MB' });
    results.add({ section: 'soak', name: 'processor RSS end', value: all[all.length - 1] ?? NaN, unit: 'MB' });
    results.add({ section: 'soak', name: 'processor RSS max', value: Math.max(...all), unit: 'MB' });
    results.add({ section: 'soak', name: 'RSS slope after the first quarter (least squares)', value: perMin, unit: 'MB/min', target: `<= ${FLAT_MB_PER_MIN} MB/min (flat)`, met: perMin <= FLAT_MB_PER_MIN });
    // What the heap keeps (the least heap used in each 30 s: close to the live set after a
    // collection) tells a leak from memory V8 or malloc hold on to, which RSS alone cannot.
    const heap = await heapUsed(bucket, warm[0]?.t ?? soak.startedAt, soak.endedAt);
    const windows = new Map<number, { t: number; mb: number }>();
    for (const h of heap) {
      const w = windows.get(Math.floor(h.t / 30_000));
      if (!w) windows.set(Math.floor(h.t / 30_000), { t: h.t, mb: h.bytes / MB });
      else w.mb = Math.min(w.mb, h.bytes / MB);
    }
    const minima = [...windows.values()];
    const heapPerMin = minima.length >= 3 ? slope(minima.map((m) => (m.t - minima[0]!.t) / 60_000), minima.map((m) => m.mb)) : NaN;
    results.add({ section: 'soak', name: '  same span: heap used slope (least heap used per 30 s)', value: heapPerMin, unit: 'MB/min', note: `${minima.length} windows, ${Math.min(...minima.map((m) => m.mb)).toFixed(0)}-${Math.max(...minima.map((m) => m.mb)).toFixed(0)} MB` });

    const last = rates.filter((r) => r > 10_000);
    for (const [i, rate] of last.entries()) await phase(rate, i < last.length - 1);
  } finally {
    await s.close();
    await kafka?.stop();
    await proc.stop('SIGTERM');
    const p = await groupProgress(group, [topics.quotes]).catch(() => undefined);
    if (p && p.lag > 0) results.notes.push(`latency: processor left ${p.lag} records of lag at the end`);
  }
}
