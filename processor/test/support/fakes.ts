import { FxTable } from '@tickflow/contracts';
import { createLogger } from '@tickflow/common';
import { applyRecord } from '../../src/changelog.js';
import type { InRecord, Rejection } from '../../src/core/handler.js';
import { QuoteHandler } from '../../src/core/market/quote-handler.js';
import { DEFAULT_INDICATORS } from '../../src/core/indicators/indicator-set.js';
import { SalesHandler } from '../../src/core/sales/sales-handler.js';
import type { PartitionHandler } from '../../src/core/handler.js';
import type { PipelineOptions, SourceBatch } from '../../src/pipeline/pipeline-deps.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import type { LineBatch } from '../../src/core/line-batch.js';
import type { ChangelogRecord, LineSink, PartitionCheckpoint, PartitionOutputs, Refusal } from '../../src/sinks/sink.js';

export const log = createLogger('test', 'silent');
export const T0 = Date.UTC(2026, 0, 5, 14, 30);
export const TOPIC = 'quotes';

/** InfluxDB as a map: series + time -> fields (a rewrite overwrites, like the real one). */
export class FakeInflux implements LineSink {
  readonly points = new Map<string, string>();
  readonly requests: string[][] = [];
  /** Writes throw while this is > 0 (decremented per failed write). */
  failWrites = 0;
  /** Lines the "server" refuses for their content, with its message. */
  refuse: (line: string) => string | undefined = () => undefined;
  /** Holds writes until released (to observe what happens meanwhile). */
  gate: Promise<void> | undefined;

  async write(batch: LineBatch): Promise<readonly Refusal<string>[]> {
    const lines = batch.lines();
    if (this.gate) await this.gate;
    if (this.failWrites > 0) {
      this.failWrites--;
      throw new Error('InfluxDB unreachable');
    }
    this.requests.push(lines);
    const refused: Refusal<string>[] = [];
    for (const l of lines) {
      const error = this.refuse(l);
      if (error) refused.push({ item: l, error });
      else this.points.set(identity(l), l.slice(l.indexOf(' ') + 1, l.lastIndexOf(' ')));
    }
    return refused;
  }

  /** Whether a point of `series` (measurement and tags, as in line protocol) exists at `ts` ms (+ `ns`). */
  has(series: string, ts: number, ns = 0): boolean {
    return this.points.has(`${series} ${ts}${String(ns).padStart(6, '0')}`);
  }
}

const identity = (line: string): string => `${line.slice(0, line.indexOf(' '))} ${line.slice(line.lastIndexOf(' ') + 1)}`;

export interface Commit {
  key: string;
  nextOffset: string;
  deadLetters: number;
  records: number;
}

/** Kafka's side: a compacted changelog, dead-letter topics and group offsets, committed by transactions. */
export class FakeKafka {
  readonly changelog: ChangelogRecord[] = [];
  readonly deadLetters: Rejection[] = [];
  readonly offsets = new Map<string, string>();
  readonly commits: Commit[] = [];
  private readonly epochs = new Map<string, number>();
  /** Commits throw while this is > 0. */
  failCommits = 0;
  /** Checked inside every commit, before it is applied (ordering invariants). */
  onCommit: (c: Commit) => void = () => {};

  async open(topic: string, partition: number): Promise<PartitionOutputs> {
    const key = `${topic}|${partition}`;
    const epoch = (this.epochs.get(key) ?? 0) + 1;
    this.epochs.set(key, epoch); // fences the previous owner
    return {
      begin: async () => {
        const dls: Rejection[] = [];
        const cps: ChangelogRecord[] = [];
        return {
          deadLetters: { write: async (items) => (dls.push(...items), []) },
          checkpoint: { write: async (items) => (cps.push(...items), []) },
          commit: async (nextOffset) => {
            if (this.epochs.get(key) !== epoch) throw new Error('producer fenced');
            if (this.failCommits > 0) {
              this.failCommits--;
              throw new Error('transaction coordinator unavailable');
            }
            const c = { key, nextOffset, deadLetters: dls.length, records: cps.length };
            this.onCommit(c);
            this.commits.push(c);
            this.deadLetters.push(...dls);
            this.changelog.push(...cps);
            this.offsets.set(key, nextOffset);
          },
          abort: async () => {},
        };
      },
      close: async () => {},
    };
  }

  async load(keys: ReadonlySet<string>): Promise<Map<string, PartitionCheckpoint>> {
    const result = new Map<string, PartitionCheckpoint>();
    for (const r of this.changelog) applyRecord(result, keys, r.key, r.value);
    return result;
  }
}

/** One source partition of records, read in batches from a position the pipeline may rewind. */
export class FakeSource {
  position = 0;
  constructor(
    readonly records: InRecord[],
    readonly partition = 0,
  ) {}

  next(size: number): SourceBatch | undefined {
    if (this.position >= this.records.length) return undefined;
    const records = this.records.slice(this.position, this.position + size);
    return { topic: TOPIC, partition: this.partition, records };
  }
}

export const OPTIONS: PipelineOptions = { commitIntervalMs: 1000, batchLines: 50, maxQueuedLines: 10_000, maxPendingDeadLetterBytes: 1 << 30, heartbeatIntervalMs: 1000 };

export const quoteHandler = (): PartitionHandler => new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
export const salesHandler = (): PartitionHandler =>
  new SalesHandler({ partition: 0, windowMs: 60_000, allowedLatenessMs: 30_000, highTicketThreshold: 1000, fx: new FxTable('USD', { EUR: 1.1 }), maxFutureMs: 300_000, loyalAfterOrders: 3, maxKeysPerWindow: 1000 });

export function pipeline(
  influx: FakeInflux,
  kafka: FakeKafka,
  sources: FakeSource[],
  options: Partial<PipelineOptions> = {},
  handlerFor: () => PartitionHandler = quoteHandler,
): Pipeline {
  return new Pipeline({
    openOutputs: (t, p) => kafka.open(t, p),
    loadCheckpoints: (keys) => kafka.load(keys),
    points: influx,
    handlerFor,
    seek: (_topic, partition, offset) => {
      const s = sources.find((x) => x.partition === partition);
      if (s) s.position = Number(offset);
    },
    options: { ...OPTIONS, ...options },
    log,
  });
}

/** Feeds every remaining record in batches; `between` runs after each batch (e.g. a commit). */
export async function drive(p: Pipeline, source: FakeSource, size: number, between: (batch: number) => Promise<void> = async () => {}): Promise<void> {
  for (let n = 0, guard = 0; guard < 10_000; guard++) {
    const b = source.next(size);
    if (!b) return;
    if (await p.handleBatch(b)) source.position = Number((b.records[b.records.length - 1] as InRecord).offset) + 1;
    await between(n++);
  }
  throw new Error('source never drained');
}

/** Quotes for 3 symbols, one a second; `poison` offsets carry bytes that are not JSON. */
export function quotes(n: number, poison: readonly number[] = []): InRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const ts = T0 + i * 1000;
    const value = poison.includes(i)
      ? Buffer.from('not json {')
      : Buffer.from(JSON.stringify({ v: 1, symbol: ['AAPL', 'MSFT', 'NVDA'][i % 3], ts, price: 100 + Math.sin(i / 5) * 3, volume: 10 + (i % 7), source: 'sim' }));
    return { value, offset: String(i), timestamp: ts };
  });
}

/** Orders of a few customers, 7 s apart (several one-minute windows). */
export function sales(n: number): InRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const ts = T0 + i * 7000;
    const sale = {
      v: 1, orderId: `o-${i}`, customerId: `c-${i % 4}`, segment: 'consumer', ts, category: ['Books', 'Games'][i % 2], product: 'p',
      quantity: 1 + (i % 3), unitPrice: 20, amount: 20 * (1 + (i % 3)), currency: 'USD', city: 'Paris', country: 'FR', paymentMethod: 'card',
    };
    return { value: Buffer.from(JSON.stringify(sale)), offset: String(i), timestamp: ts };
  });
}

/** A run with nothing going wrong: the result every disturbed run must reproduce. */
export async function referenceRun(records: InRecord[], handlerFor: () => PartitionHandler = quoteHandler): Promise<{ influx: FakeInflux; kafka: FakeKafka }> {
  const influx = new FakeInflux();
  const kafka = new FakeKafka();
  const source = new FakeSource(records);
  const p = pipeline(influx, kafka, [source], {}, handlerFor);
  p.onAssignment(new Map([[TOPIC, [0]]]));
  await drive(p, source, 7);
  await p.close();
  return { influx, kafka };
}
