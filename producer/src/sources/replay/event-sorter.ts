import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SorterOptions {
  /** Events kept in memory; beyond this everything goes to DuckDB, which spills to disk. */
  memoryRows: number;
  /** DuckDB's memory_limit (e.g. 256MB): its sort spills to a temp directory past it. */
  duckdbMemory: string;
}

export const SORTER_DEFAULTS: SorterOptions = { memoryRows: 100_000, duckdbMemory: '256MB' };

interface Pending<T> {
  ts: number;
  seq: number;
  event: T;
}

/**
 * Sorts events by event time (file order among equal times) within bounded memory. Small
 * files sort in memory; past `memoryRows` the events go through DuckDB's appender into a
 * table and come back with ORDER BY, which DuckDB runs as an external sort.
 */
export class EventSorter<T extends { ts: number }> {
  private buffer: Pending<T>[] = [];
  private db: { dir: string; instance: DuckDBInstance; conn: DuckDBConnection; appender: DuckDBAppender } | undefined;
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

  /** Whether the events went to DuckDB (more than memoryRows). */
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
      if (!this.db) {
        if (this.sort && !this.inOrder) this.buffer.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
        const rows = this.buffer;
        this.buffer = [];
        for (const r of rows) yield r.event;
        return;
      }
      this.db.appender.closeSync();
      const result = await this.db.conn.stream(`SELECT j FROM ev ORDER BY ${this.sort ? 'ts, ' : ''}seq`);
      let n = 0;
      for await (const rows of result.yieldRows()) {
        for (const [j] of rows) yield JSON.parse(j as string) as T;
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
    await rm(db.dir, { recursive: true, force: true });
  }

  private async spill(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'tickflow-sort-'));
    // A file-backed database: the table lives in DuckDB's buffer pool (bounded by memory_limit), not in RAM.
    const instance = await DuckDBInstance.create(join(dir, 'sort.duckdb'), {
      memory_limit: this.o.duckdbMemory,
      temp_directory: dir,
      // One thread and no insertion-order bookkeeping: the least memory per sorted row (ORDER BY sets the order).
      threads: '1',
      preserve_insertion_order: 'false',
    });
    const conn = await instance.connect();
    await conn.run('CREATE TABLE ev (ts BIGINT, seq BIGINT, j VARCHAR)');
    const appender = await conn.createAppender('ev');
    this.db = { dir, instance, conn, appender };
    this.didSpill = true;
    for (const p of this.buffer) this.append(p);
    this.buffer = [];
  }

  private append(p: Pending<T>): void {
    const a = (this.db as { appender: DuckDBAppender }).appender;
    a.appendBigInt(BigInt(p.ts));
    a.appendBigInt(BigInt(p.seq));
    a.appendVarchar(JSON.stringify(p.event));
    a.endRow();
  }
}
