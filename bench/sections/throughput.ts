import { cpus } from 'node:os';
import { dlqTopic, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { QuoteSource, SaleSource } from '../lib/events.js';
import { createBucket, dropBucket } from '../lib/influx.js';
import { createTopic, trackTopics } from '../lib/kafka.js';
import type { ServiceCpu } from '../lib/service-cpu.js';
import { openSink, preload } from '../lib/load.js';
import { loggedTotals, processorEnv, startProcessor, waitCaughtUp, type CatchUp, type RunTopics } from '../lib/processes.js';
import { uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';

const TARGET = 50_000;
const fmtN = (n: number): string => n.toLocaleString('en-US');

export interface Backlog {
  topics: RunTopics;
  events: number;
  symbols: number;
}

/** Fresh topics for one backlog: the source topic with 6 partitions (the producer's default), the other two empty. */
export async function newTopics(label: string, kind: 'quotes' | 'sales'): Promise<RunTopics> {
  const t = { quotes: uniqueName(`${label}-quotes`), sales: uniqueName(`${label}-sales`), metrics: uniqueName(`${label}-metrics`) };
  await createTopic(t.quotes, kind === 'quotes' ? 6 : 1);
  await createTopic(t.sales, kind === 'sales' ? 6 : 1);
  trackTopics(t.metrics, dlqTopic(t.quotes), dlqTopic(t.sales));
  return t;
}

export async function quoteBacklog(symbols: number, events: number, label = `q${symbols}`): Promise<Backlog> {
  const topics = await newTopics(label, 'quotes');
  const src = new QuoteSource(symbols, events, Date.now());
  const s = await openSink({ quotes: topics.quotes });
  try {
    await preload<QuoteEvent>((e) => s.quotes(e), (n) => src.next(n), events);
  } finally {
    await s.close();
  }
  return { topics, events, symbols };
}

async function saleBacklog(customers: number, events: number): Promise<Backlog> {
  const topics = await newTopics(`s${customers}`, 'sales');
  // At ~1000 orders/s of event time (less off-peak) the backlog spans well under 2 h.
  const src = new SaleSource(Date.now() - 2 * 3600_000, customers);
  const s = await openSink({ sales: topics.sales });
  try {
    await preload<SaleEvent>((e) => s.sales(e), (n) => src.next(n), events);
  } finally {
    await s.close();
  }
  return { topics, events, symbols: customers };
}

export interface ProcessorRun extends CatchUp {
  pointsPerEvent: number;
  cpuUsPerEvent: number;
  /** InfluxDB's and Kafka's CPU per event over the same span, µs. */
  servicesUsPerEvent: ServiceCpu;
  /** Cores the three processes kept busy on average (of `nproc`). */
  coresBusy: number;
}

/** One processor process on a backlog, its own group/state/bucket, until lag 0; then SIGTERM. */
export async function runProcessorOn(
  b: Backlog,
  name: string,
  source: 'quotes' | 'sales',
  extraEnv: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<ProcessorRun> {
  const group = uniqueName(`g-${name}`);
  const bucket = await createBucket(uniqueName(`b-${name}`));
  trackTopics(`${group}.state`);
  const proc = await startProcessor(name, processorEnv(b.topics, group, bucket, extraEnv), nodeFlags);
  try {
    const cu = await waitCaughtUp(proc, group, [b.topics[source]], 600_000);
    await proc.stop('SIGTERM');
    const totals = loggedTotals(proc.logFile);
    const pointsPerEvent = totals && totals.consumed ? (totals.points ?? NaN) / totals.consumed : NaN;
    const s = cu.serviceCpuSeconds;
    return {
      ...cu,
      pointsPerEvent,
      cpuUsPerEvent: (cu.cpuSeconds * 1e6) / cu.events,
      servicesUsPerEvent: { influxd: (s.influxd * 1e6) / cu.events, kafka: (s.kafka * 1e6) / cu.events },
      coresBusy: (cu.cpuSeconds + s.influxd + s.kafka) / cu.cpuSpanSeconds,
    };
  } finally {
    await proc.stop('SIGKILL');
    // A million points left in InfluxDB keep it compacting for minutes: later sections
    // (latency above all) would measure that, not themselves.
    await dropBucket(bucket);
  }
}

/** 2. Processor throughput on one core, Kafka -> InfluxDB, from a pre-loaded backlog. */
/**
 * Issue 13: each tick rate against what InfluxDB alone allows for the lines it writes per
 * event, at the same series count (the `ceilings` rows of this run).
 */
export function ceilingShares(results: Results): void {
  for (const p of results.throughput.filter((x) => x.kind === 'quotes tick' && x.linesPerEvent)) {
    const ceiling = results.rows.find((r) => r.section === 'ceilings' && r.name.endsWith(`fetch, plain, ${fmtN(p.entities)} series`))?.value
      ?? (p.entities === 1000 ? results.rows.find((r) => r.section === 'ceilings' && r.name.endsWith('fetch, plain'))?.value : undefined);
    if (ceiling === undefined) continue;
    const allowed = ceiling / (p.linesPerEvent as number);
    const share = p.eventsPerSec / allowed;
    const name = `tick, ${fmtN(p.entities)} symbols: rate / what the InfluxDB ceiling allows (${fmtN(Math.round(ceiling))} lines/s / ${(p.linesPerEvent as number).toFixed(2)} lines per event)`;
    results.add({ section: 'processor', name, value: share, unit: 'x', target: '>= 0.9', met: share >= 0.9 });
    // The ceiling has every core for InfluxDB; the pipeline shares them with the processor and
    // Kafka. If all cores did nothing but this work, at the CPU per event measured in the run:
    const c = p.cpuUsPerEvent;
    if (!c || !Number.isFinite(c.influxd + c.kafka + c.processor)) continue;
    const cpuBound = (cpus().length * 1e6) / (c.processor + c.influxd + c.kafka);
    results.add({
      section: 'processor',
      name: `  same: best share ${cpus().length} cores allow (${fmtN(Math.round(cpuBound))} events/s at ${(c.processor + c.influxd + c.kafka).toFixed(1)} µs CPU/event, all busy)`,
      value: cpuBound / allowed,
      unit: 'x',
    });
  }
}

export async function benchThroughput(opts: BenchOptions, results: Results): Promise<Map<number, Backlog>> {
  const backlogs = new Map<number, Backlog>();
  const counts = opts.quick ? [100, 10_000] : opts.symbolCounts;
  for (const symbols of counts) {
    const b = await quoteBacklog(symbols, opts.backlog(symbols));
    backlogs.set(symbols, b);
    for (const mode of ['tick', 'candle'] as const) {
      const r = await runProcessorOn(b, `tp-${mode}-${symbols}`, 'quotes', { EMIT_MODE: mode });
      const name = `quotes, EMIT_MODE=${mode}, ${fmtN(symbols)} symbols, ${fmtN(b.events)} events`;
      results.add({ section: 'processor', name, value: r.rate, unit: 'events/s', target: '>= 50,000', met: r.rate >= TARGET, note: r.timedOut ? 'timed out' : undefined });
      results.add({ section: 'processor', name: `  same: CPU per event (${r.pointsPerEvent.toFixed(2)} points/event)`, value: r.cpuUsPerEvent, unit: 'µs CPU/event' });
      // Absent when the services are not ours (their CPU is unreadable from here).
      if (Number.isFinite(r.coresBusy)) results.add({ section: 'processor', name: '  same: cores busy, processor + InfluxDB + Kafka', value: r.coresBusy, unit: `of ${cpus().length}`, note: `InfluxDB ${r.servicesUsPerEvent.influxd.toFixed(1)}, Kafka ${r.servicesUsPerEvent.kafka.toFixed(1)} µs CPU/event` });
      const cpuUsPerEvent = { processor: r.cpuUsPerEvent, ...r.servicesUsPerEvent };
      results.throughput.push({ kind: mode === 'tick' ? 'quotes tick' : 'quotes candle', entities: symbols, eventsPerSec: r.rate, linesPerEvent: r.pointsPerEvent, cpuUsPerEvent });
    }
  }
  const tick = (n: number): number => results.throughput.find((p) => p.kind === 'quotes tick' && p.entities === n)?.eventsPerSec ?? NaN;
  const lo = counts[0] as number;
  const hi = counts[counts.length - 1] as number;
  const ratio = tick(hi) / tick(lo);
  results.add({ section: 'processor', name: `tick rate at ${fmtN(hi)} symbols / rate at ${fmtN(lo)} symbols`, value: ratio, unit: 'x', target: '>= 0.8', met: ratio >= 0.8 });

  for (const customers of opts.quick ? [1000] : [100, 1000, 10_000]) {
    const b = await saleBacklog(customers, opts.quick ? 60_000 : 1_000_000);
    const r = await runProcessorOn(b, `tp-sales-${customers}`, 'sales');
    const name = `sales, ${fmtN(customers)} customers, ${fmtN(b.events)} events`;
    results.add({ section: 'processor', name, value: r.rate, unit: 'events/s', target: '>= 50,000', met: r.rate >= TARGET, note: r.timedOut ? 'timed out' : undefined });
    results.add({ section: 'processor', name: `  same: CPU per event (${r.pointsPerEvent.toFixed(2)} points/event)`, value: r.cpuUsPerEvent, unit: 'µs CPU/event' });
    results.throughput.push({ kind: 'sales', entities: customers, eventsPerSec: r.rate });
  }
  return backlogs;
}
