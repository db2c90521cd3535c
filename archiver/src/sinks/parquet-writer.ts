import { DuckDBInstance, DuckDBTimestampTZValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Column, Row } from '../core/columns.js';

type Append = (a: DuckDBAppender, v: NonNullable<Row[number]>) => void;

const APPEND: Record<Column['type'], Append> = {
  VARCHAR: (a, v) => a.appendVarchar(v as string),
  INTEGER: (a, v) => a.appendInteger(v as number),
  BIGINT: (a, v) => a.appendBigInt(v as bigint),
  DOUBLE: (a, v) => a.appendDouble(v as number),
  BOOLEAN: (a, v) => a.appendBoolean(v as boolean),
  // Epoch ms -> microseconds since the epoch, UTC.
  TIMESTAMPTZ: (a, v) => a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(v as number) * 1000n)),
};

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Rows -> one Parquet file, through DuckDB: an appender fills an in-memory table, COPY writes it
 * with the chosen codec. DuckDB is the engine the report reads with, so what it writes it reads.
 */
export class ParquetWriter {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(): Promise<ParquetWriter> {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    return new ParquetWriter(await db.connect());
  }

  /** Writes `rows` to `path` (a new local file). Returns nothing: callers fsync/rename/upload. */
  async write(path: string, columns: readonly Column[], rows: readonly Row[], compression: 'zstd' | 'snappy'): Promise<void> {
    const ddl = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
    await this.conn.run(`CREATE OR REPLACE TABLE buf (${ddl})`);
    try {
      const appender = await this.conn.createAppender('buf');
      const fns = columns.map((c) => APPEND[c.type]);
      for (const row of rows) {
        for (let i = 0; i < fns.length; i++) {
          const v = row[i];
          if (v === null || v === undefined) appender.appendNull();
          else (fns[i] as Append)(appender, v);
        }
        appender.endRow();
      }
      appender.closeSync();
      await this.conn.run(`COPY buf TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${compression})`);
    } finally {
      await this.conn.run('DROP TABLE IF EXISTS buf');
    }
  }

  /** Runs a query and returns rows as JS objects (restore reads the clean files through it). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  close(): void {
    this.conn.closeSync();
  }
}
