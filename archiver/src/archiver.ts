import { FxTable } from '@tickflow/contracts';
import { retry, type Logger } from '@tickflow/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { PartitionCleaner } from './core/cleaner.js';
import type { TopicKind } from './core/columns.js';
import { decodeRecord } from './core/decode.js';
import { utcDate } from './core/layout.js';
import { OpenFile } from './core/open-file.js';
import { cleanLine, rawLine } from './core/rows.js';
import { ArchiverStats } from './archiver-stats.js';
import type { ArchiverConfig } from './config.js';
import { rollFile } from './sinks/file-roller.js';
import type { ParquetWriter } from './sinks/parquet-writer.js';
import type { ArchiveStore } from './sinks/store.js';
import { readPartitionState } from './sources/archive-state.js';

interface Partition {
  topic: string;
  kind: TopicKind;
  partition: number;
  /** Highest offset handled (archived, buffered or skipped): re-delivered records are skipped. */
  position: bigint;
  cleaner: PartitionCleaner | undefined;
  open: OpenFile | undefined;
}

export interface ArchiverDeps {
  cfg: Readonly<ArchiverConfig>;
  consumer: Pick<Consumer, 'commitOffsets'>;
  store: ArchiveStore;
  writer: ParquetWriter;
  kindOf: (topic: string) => TopicKind;
  log: Logger;
  now?: () => number;
}

/**
 * Kafka records -> Parquet files. One OpenFile per partition; it rolls on size, on age (tick),
 * or when the records' hour changes. Offsets are committed only after a roll's files are in
 * place. Batches and ticks run one at a time (a promise-chain lock): DuckDB and the open files
 * are never touched concurrently.
 */
export class Archiver {
  readonly stats = new ArchiverStats();
  private readonly parts = new Map<string, Partition>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly fx: FxTable;
  private readonly now: () => number;

  constructor(private readonly d: ArchiverDeps) {
    this.fx = new FxTable(d.cfg.clean.baseCurrency, d.cfg.clean.fxRates);
    this.now = d.now ?? Date.now;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  onBatch(p: Pick<EachBatchPayload, 'batch' | 'resolveOffset' | 'heartbeat'>): Promise<void> {
    return this.serial(async () => {
      const { topic, partition, messages } = p.batch;
      const part = await this.partition(topic, partition);
      for (const m of messages) {
        const offset = BigInt(m.offset);
        if (offset <= part.position) continue;
        const ts = Number(m.timestamp);
        if (part.open?.isOtherHour(ts)) await this.roll(part, p.heartbeat);
        part.open ??= new OpenFile(topic, part.kind, partition, offset, ts, this.now());
        this.add(part, { topic, partition, offset, timestamp: ts }, m.value);
        part.position = offset;
        p.resolveOffset(m.offset);
      }
      if (part.open?.shouldRoll(this.d.cfg.roll.bytes, Number.POSITIVE_INFINITY, 0)) await this.roll(part, p.heartbeat);
    });
  }

  /** Rolls files older than ROLL_MS (a quiet topic still produces files). */
  tick(): Promise<void> {
    return this.serial(async () => {
      for (const part of this.parts.values()) {
        if (part.open?.shouldRoll(Number.POSITIVE_INFINITY, this.d.cfg.roll.ms, this.now())) await this.roll(part);
      }
    });
  }

  /** Rolls everything (graceful shutdown). */
  flushAll(): Promise<void> {
    return this.serial(async () => {
      for (const part of this.parts.values()) if (part.open) await this.roll(part);
    });
  }

  /** Partitions moved to another instance: drop what is buffered (the new owner re-reads it). */
  onAssignment(assigned: Record<string, number[]>): Promise<void> {
    return this.serial(async () => {
      for (const [k, part] of this.parts) {
        if (!assigned[part.topic]?.includes(part.partition)) this.parts.delete(k);
      }
    });
  }

  private add(part: Partition, meta: { topic: string; partition: number; offset: bigint; timestamp: number }, value: Buffer | null): void {
    const open = part.open as OpenFile;
    open.advance(meta.offset, value?.length ?? 0);
    const d = decodeRecord(part.kind, value, { kafkaTs: meta.timestamp, maxFutureMs: this.d.cfg.clean.maxFutureMs });
    if (!d.ok) return this.stats.skip(part.kind, d.reason);
    const line = rawLine(meta, (value as Buffer).toString('utf8'), d);
    this.stats.event(part.kind);
    const v = d.kind === 'dlq' || !part.cleaner ? undefined : part.cleaner.judge(d.kind, d.event);
    if (!v?.keep) {
      open.add(line);
      return v && this.stats.skip(part.kind, v.reason);
    }
    if (v.late) this.stats.late(part.kind);
    const date = utcDate((d.event as { ts: number }).ts);
    open.add(cleanLine(line, v.fxRate, this.fx.base, v.late, date), date);
  }

  private async roll(part: Partition, heartbeat?: () => Promise<void>): Promise<void> {
    const open = part.open as OpenFile;
    const log = this.d.log;
    const started = this.now();
    const res = await retry(() => rollFile(open, this.d.store, this.d.writer, this.d.cfg.compression), {
      what: `writing ${open.topic}[${open.partition}] ${open.first}-${open.last}`,
      log,
      canRetry: (err) => (err as { canRetry?: boolean }).canRetry === true,
      ...(heartbeat ? { onWait: heartbeat } : {}),
    });
    part.open = undefined;
    part.cleaner?.prune();
    this.stats.rolled(res.files, open.bytes);
    if (res.rejected > 0) {
      this.stats.skip(open.kind, 'unreadable', res.rejected);
      log.error({ topic: open.topic, partition: open.partition, lines: res.rejected }, 'DuckDB could not read some records; they are not in the archive');
    }
    const offset = (open.last + 1n).toString();
    await this.d.consumer
      .commitOffsets([{ topic: open.topic, partition: open.partition, offset }])
      .catch((err: Error) => log.warn({ err: err.message, topic: open.topic, partition: open.partition }, 'offset commit failed; the archive already has the files (restart skips them)'));
    log.info({ topic: open.topic, partition: open.partition, first: String(open.first), last: String(open.last), rows: res.rows, files: res.files, ms: this.now() - started }, 'rolled');
  }

  private async partition(topic: string, partition: number): Promise<Partition> {
    const key = `${topic}:${partition}`;
    const known = this.parts.get(key);
    if (known) return known;
    const kind = this.d.kindOf(topic);
    const { clean } = this.d.cfg;
    const state = await readPartitionState(this.d.store, this.d.writer, topic, partition, kind, clean.dedupHorizonMs, this.d.log);
    const cleaner = kind === 'dlq' ? undefined : new PartitionCleaner({ ...clean, fx: this.fx });
    cleaner?.restore(state.watermark, state.keys);
    const part: Partition = { topic, kind, partition, position: state.archivedUpTo, cleaner, open: undefined };
    this.parts.set(key, part);
    this.d.log.info({ topic, partition, archivedUpTo: String(state.archivedUpTo), restoredKeys: state.keys.length }, 'partition state read from the archive');
    return part;
  }
}
