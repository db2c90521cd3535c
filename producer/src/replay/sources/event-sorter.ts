import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SorterOptions {
  /** Events kept in memory; beyond this they go to a temp file and DuckDB sorts their keys. */
  memoryRows: number;
  /** DuckDB's memory_limit (e.g. 256MB): its sort spills to the temp directory past it. */
  duckdbMemory: string;
}

export const SORTER_DEFAULTS: SorterOptions = { memoryRows: 100_000, duckdbMemory: '256MB' };

interface Pending<T> {
  ts: number;
  seq: number;
  event: T;
}

interface Spill {
  dir: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  appender: DuckDBAppender;
  /** The events as JSON, one after another; DuckDB holds (ts, seq, offset, length). */
  fd: number;
  offset: number;
  pending: string[];
  pendingBytes: number;
}

const WRITE_CHUNK = 1 << 20;

/**
 * Sorts events by event time (file order among equal times) within bounded memory. Small
 * files sort in memory. Past `memoryRows`, each event's JSON is appended to a temp file and
 * only its fixed-width key (ts, seq, offset, length: 28 bytes) goes to DuckDB, whose ORDER BY
 * is an external sort; events are then read back from the file in that order. Keeping the
 * payload out of DuckDB keeps its memory to the keys (DuckDB sorting wide strings grows past
 * its memory_limit).
 */
export class EventSorter<T extends { ts: number }> {
  private buffer: Pending<T>[] = [];
  private db: Spill | undefined;
  private seq = 0;
  private didSpill = false;
  private lastTs = -Infinity;
  /** Whether events arrived in time order already (the file was sorted). */
  inOrder = true;
  first = Infinity;
  last = -Infinity;

  /** `sort` false keeps file order (the span is still known, for rebasing). */
  constructor(
    private readonly o: SorterOptions = SORTER_DEFAULTS,
    private readonly sort = true,
  ) {}

  get count(): number {
    return this.seq;
  }

  /** Whether the events went through DuckDB (more than memoryRows). */
  get spilled(): boolean {
    return this.didSpill;
  }

  async add(event: T): Promise<void> {
    const ts = event.ts;
    if (ts < this.lastTs) this.inOrder = false;
    this.lastTs = ts;
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
    const seq = this.seq++;
    if (!this.db && this.buffer.length < this.o.memoryRows) return void this.buffer.push({ ts, seq, event });
    if (!this.db) await this.spill();
    this.append({ ts, seq, event });
  }

  /** The events in (ts, file order); frees everything once done. */
  async *sorted(): AsyncGenerator<T> {
    try {
      const db = this.db;
      if (!db) {
        if (this.sort && !this.inOrder) this.buffer.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
        const rows = this.buffer;
        this.buffer = [];
        for (const r of rows) yield r.event;
        return;
      }
      this.flushFile(db);
      db.appender.closeSync();
      const result = await db.conn.stream(`SELECT off, len FROM ev ORDER BY ${this.sort ? 'ts, ' : ''}seq`);
      let n = 0;
      let buf = Buffer.alloc(64 * 1024);
      for await (const rows of result.yieldRows()) {
        for (const [off, len] of rows) {
          const length = Number(len);
          if (length > buf.length) buf = Buffer.alloc(length * 2);
          readSync(db.fd, buf, 0, length, Number(off));
          yield JSON.parse(buf.toString('utf8', 0, length)) as T;
        }
        n += rows.length;
      }
      // Never end short silently: a sort that lost rows is an error, not a smaller replay.
      if (n !== this.seq) throw new Error(`DuckDB sort returned ${n} of ${this.seq} events`);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.buffer = [];
    const db = this.db;
    this.db = undefined;
    if (!db) return;
    db.conn.closeSync();
    db.instance.closeSync();
    closeSync(db.fd);
    await rm(db.dir, { recursive: true, force: true });
  }

  private async spill(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'tickflow-sort-'));
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: this.o.duckdbMemory,
      temp_directory: dir,
      // One thread and no insertion-order bookkeeping: the least memory per sorted row (ORDER BY sets the order).
      threads: '1',
      preserve_insertion_order: 'false',
    });
    const conn = await instance.connect();
    await conn.run('CREATE TABLE ev (ts BIGINT, seq BIGINT, off BIGINT, len INTEGER)');
    const appender = await conn.createAppender('ev');
    const fd = openSync(join(dir, 'events.jsonl'), 'w+');
    this.db = { dir, instance, conn, appender, fd, offset: 0, pending: [], pendingBytes: 0 };
    this.didSpill = true;
    for (const p of this.buffer) this.append(p);
    this.buffer = [];
  }

  private append(p: Pending<T>): void {
    const db = this.db as Spill;
    const json = JSON.stringify(p.event);
    const len = Buffer.byteLength(json);
    db.appender.appendBigInt(BigInt(p.ts));
    db.appender.appendBigInt(BigInt(p.seq));
    db.appender.appendBigInt(BigInt(db.offset));
    db.appender.appendInteger(len);
    db.appender.endRow();
    db.offset += len;
    db.pending.push(json);
    db.pendingBytes += len;
    if (db.pendingBytes >= WRITE_CHUNK) this.flushFile(db);
  }

  private flushFile(db: Spill): void {
    if (db.pending.length === 0) return;
    const chunk = Buffer.from(db.pending.join(''));
    let written = 0;
    while (written < chunk.length) written += writeSync(db.fd, chunk, written);
    db.pending = [];
    db.pendingBytes = 0;
  }
}
