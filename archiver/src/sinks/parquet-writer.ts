import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rm, writeFile } from 'node:fs/promises';
import { columnsOf, EVENT_STRUCT, type Layer, type TopicKind } from '../core/columns.js';

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The JSON fields of a line (core/rows.ts); absent ones read as NULL. */
const INPUT = (kind: TopicKind): string => {
  const cols: Record<string, string> = { t: 'VARCHAR', p: 'INTEGER', o: 'BIGINT', k: 'BIGINT', e: EVENT_STRUCT[kind], fx: 'DOUBLE', b: 'VARCHAR', late: 'BOOLEAN', c: 'VARCHAR' };
  return `{${Object.entries(cols).map(([n, t]) => `${n}: ${sqlString(t)}`).join(', ')}}`;
};

export interface Output {
  path: string;
  layer: Layer;
  /** Clean files: only the lines kept for this event date (`c` in core/rows.ts). */
  date?: string;
}

/**
 * NDJSON lines (core/rows.ts) -> Parquet files, through DuckDB: the lines go to a scratch
 * file that DuckDB parses and types once (in C++, insertion order preserved) into a table,
 * and each output is a `COPY (SELECT <columns> ...) TO ... (FORMAT parquet)` from it. DuckDB is
 * also the engine the report reads with, so what it writes it reads.
 */
export class ParquetWriter {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(): Promise<ParquetWriter> {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    return new ParquetWriter(conn);
  }

  /**
   * Writes every output (new local files); callers fsync/rename/upload. Returns how many lines
   * DuckDB could not read. decode.ts and rows.ts keep those out, but a line DuckDB rejects must
   * cost that line (counted), never the partition: ignore_errors reads it as an all-NULL row,
   * which is dropped.
   */
  async write(kind: TopicKind, lines: readonly string[], outputs: readonly Output[], compression: 'zstd' | 'snappy'): Promise<number> {
    const input = `${outputs[0]?.path ?? 'lines'}.ndjson`;
    await writeFile(input, lines.join('\n'));
    try {
      await this.conn.run(
        `CREATE OR REPLACE TEMP TABLE buf AS SELECT * FROM read_ndjson(${sqlString(input)}, columns = ${INPUT(kind)}, maximum_object_size = 67108864, ignore_errors = true)`,
      );
      const [bad] = await this.query('SELECT count(*) FILTER (WHERE o IS NULL OR e IS NULL)::INTEGER AS n FROM buf');
      for (const o of outputs) {
        const select = columnsOf(kind, o.layer).map((c) => `(${c.sql})::${c.type} AS "${c.name}"`).join(', ');
        const where = `o IS NOT NULL AND e IS NOT NULL${o.layer === 'clean' ? ` AND c = ${sqlString(o.date ?? '')}` : ''}`;
        await this.conn.run(`COPY (SELECT ${select} FROM buf WHERE ${where}) TO ${sqlString(o.path)} (FORMAT parquet, COMPRESSION ${compression})`);
      }
      return Number(bad?.n ?? 0);
    } finally {
      await this.conn.run('DROP TABLE IF EXISTS buf');
      await rm(input, { force: true });
    }
  }

  /** Runs a query and returns rows as JS objects (restore and report read through it). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  close(): void {
    this.conn.closeSync();
  }
}
