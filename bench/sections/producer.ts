import { readFileSync } from 'node:fs';
import { symbolNames } from '../lib/events.js';
import { createTopic, trackTopics } from '../lib/kafka.js';
import { startNode } from '../lib/processes.js';
import { uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { Compression } from '../../producer/src/sinks/compression.js';
import { runScript, tsx } from './ceilings.js';
import type { BenchOptions } from './options.js';

const TARGET = 100_000;
const CODECS: readonly Compression[] = ['none', 'zstd', 'gzip'];
/** The producer's default codec (producer/src/config.ts): the row the target applies to. */
const DEFAULT_CODEC: Compression = 'zstd';
const SYMBOLS = 1000;

interface PumpDone {
  sent: number;
  eventsPerSec: number;
  cpuUsPerEvent: number;
  batches: number;
}

/** The real CLI (`sim` or `sales` at --speed max) as its own pinned process; its "pump done" line. */
async function runCli(name: string, args: string[], env: Record<string, string>): Promise<PumpDone> {
  const p = startNode(name, [...tsx('../producer/src/main.ts'), ...args], { LOG_LEVEL: 'info', TOPIC_PARTITIONS: '6', ...env });
  const timer = setTimeout(() => void p.stop('SIGKILL'), 300_000);
  await p.exited;
  clearTimeout(timer);
  const line = readFileSync(p.logFile, 'utf8').split('\n').find((l) => l.includes('"msg":"pump done"'));
  if (p.child.exitCode !== 0 || !line) throw new Error(`${name} failed (exit ${p.child.exitCode}); see ${p.logFile}`);
  return JSON.parse(line) as PumpDone;
}

/**
 * 1. Producer throughput: the real CLI (source -> pump -> KafkaSink, idempotent, acks=all) per
 * codec, beside kafkajs sending the same events pre-serialised in the same batch bounds (the
 * ceiling). CPU per event and bytes on the wire per codec choose each topic's compression.
 */
export async function benchProducer(opts: BenchOptions, results: Results): Promise<void> {
  const quotes = opts.quick ? 200_000 : 1_000_000;
  const sales = opts.quick ? 50_000 : 200_000;
  for (const kind of ['quotes', 'sales'] as const) {
    const n = kind === 'quotes' ? quotes : sales;
    for (const codec of CODECS) {
      const raw = await rawCeiling(kind, codec, Math.min(n, 500_000));
      const cli = await cliRun(kind, codec, n);
      const label = `${kind}, acks=all, idempotent, ${codec}`;
      const row = kind === 'quotes' && codec === DEFAULT_CODEC ? { target: '>= 100,000', met: cli.eventsPerSec >= TARGET } : {};
      results.add({ section: 'producer', name: `CLI ${kind === 'quotes' ? 'sim' : 'sales'} -> pump -> Kafka, ${label}`, value: cli.eventsPerSec, unit: 'events/s', ...row, note: `${pct(cli.eventsPerSec, raw.events / raw.seconds)} of ceiling; ${cli.cpuUsPerEvent.toFixed(2)} µs CPU/event; ${Math.round(cli.sent / cli.batches)} records/send` });
      // On a shared box the wall rate moves with the neighbours; CPU per event hardly does.
      results.add({ section: 'producer', name: `  same, events per CPU-second (1 / CPU per event: one free core)`, value: 1e6 / cli.cpuUsPerEvent, unit: 'events/s' });
      results.add({ section: 'producer', name: `  ceiling: raw kafkajs send, pre-serialised, ${label}`, value: raw.events / raw.seconds, unit: 'events/s', note: `${raw.cpuUsPerEvent.toFixed(2)} µs CPU/event` });
      results.add({ section: 'producer', name: `  ${kind} on the wire, ${codec}`, value: raw.wireBytesPerEvent, unit: 'bytes/event', note: `JSON ${raw.jsonBytesPerEvent.toFixed(0)} B/event` });
    }
  }
}

interface RawProduce {
  events: number;
  seconds: number;
  cpuUsPerEvent: number;
  jsonBytesPerEvent: number;
  wireBytesPerEvent: number;
}

async function rawCeiling(kind: 'quotes' | 'sales', codec: Compression, events: number): Promise<RawProduce> {
  const topic = uniqueName(`raw-${kind}-${codec}`);
  await createTopic(topic, 6);
  return (await runScript(`raw-produce-${kind}-${codec}`, 'ceilings/raw-produce.ts', { TOPIC: topic, EVENTS: String(events), KIND: kind, COMPRESSION: codec })) as unknown as RawProduce;
}

async function cliRun(kind: 'quotes' | 'sales', codec: Compression, events: number): Promise<PumpDone> {
  const t = { QUOTES_TOPIC: uniqueName(`cli-${codec}-q`), SALES_TOPIC: uniqueName(`cli-${codec}-s`), METRICS_TOPIC: uniqueName(`cli-${codec}-m`) };
  trackTopics(...Object.values(t), `${t.QUOTES_TOPIC}.dlq`, `${t.SALES_TOPIC}.dlq`);
  const env = { ...t, QUOTES_COMPRESSION: codec, SALES_COMPRESSION: codec };
  const args =
    kind === 'quotes'
      ? ['sim', '--symbols', symbolNames(SYMBOLS).join(','), '--count', String(Math.ceil(events / SYMBOLS)), '--speed', 'max', '--start', String(Date.now() - 86_400_000)]
      : ['sales', '--count', String(events), '--rate', '1000', '--speed', 'max', '--start', String(Date.now() - 86_400_000)];
  return runCli(`producer-${kind}-${codec}`, args, env);
}

const pct = (a: number, b: number): string => `${Math.round((100 * a) / b)}%`;
