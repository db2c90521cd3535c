import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rm, writeFile } from 'node:fs/promises';
import { columnsOf, EVENT_STRUCT, type Layer, type TopicKind } from '../core/columns.js';

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

const INPUT = (kind: TopicKind, layer: Layer): string => {
  const cols: Record<string, string> = { t: 'VARCHAR', p: 'INTEGER', o: 'BIGINT', k: 'BIGINT', e: EVENT_STRUCT[kind] };
  if (layer === 'clean') Object.assign(cols, { fx: 'DOUBLE', b: 'VARCHAR', late: 'BOOLEAN' });
  return `{${Object.entries(cols).map(([n, t]) => `${n}: ${sqlString(t)}`).join(', ')}}`;
};

/**
 * Lines -> one Parquet file, through DuckDB: the NDJSON lines (core/rows.ts) go to a scratch
 * file, and `COPY (SELECT <columns> FROM read_ndjson(...)) TO ... (FORMAT parquet)` parses,
 * types and compresses them in C++ (in order: insertion order is preserved). DuckDB is also
 * the engine the report reads with, so what it writes it reads.
 */
export class ParquetWriter {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(): Promise<ParquetWriter> {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    return new ParquetWriter(conn);
  }

  /** Writes `lines` to `path` (a new local file). Callers fsync/rename/upload. */
  async write(path: string, kind: TopicKind, layer: Layer, lines: readonly string[], compression: 'zstd' | 'snappy'): Promise<void> {
    const input = `${path}.ndjson`;
    await writeFile(input, lines.join('\n'));
    try {
      const select = columnsOf(kind, layer).map((c) => `(${c.sql})::${c.type} AS "${c.name}"`).join(', ');
      await this.conn.run(
        `COPY (SELECT ${select} FROM read_ndjson(${sqlString(input)}, columns = ${INPUT(kind, layer)}, maximum_object_size = 67108864))
         TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${compression})`,
      );
    } finally {
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
