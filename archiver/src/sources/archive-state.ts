import type { Logger } from '@tickflow/common';
import { KEY_SQL } from '../core/columns.js';
import { dateOfKey, parseFileName, topicPrefix, utcDate } from '../core/layout.js';
import type { ParquetWriter } from '../sinks/parquet-writer.js';
import { sqlString } from '../sinks/parquet-writer.js';
import type { ArchiveStore } from '../sinks/store.js';

export interface PartitionState {
  /** Highest offset already in a raw file; -1 when none. Records up to it are skipped. */
  archivedUpTo: bigint;
  /** Clean-layer state to restore (kinds with a clean layer). */
  watermark: number;
  keys: [string, number][];
}

/**
 * What the archive already holds for one Kafka partition: the archive, not the committed
 * offset, is the truth (a crash between a file landing and the offset commit must not write
 * those records twice). Clean files past the last raw file are leftovers of an interrupted
 * roll (clean files are written first) and are deleted. Then the clean layer's dedup state is
 * rebuilt from the clean files within the dedup horizon.
 */
export async function readPartitionState(
  store: ArchiveStore,
  duck: ParquetWriter,
  topic: string,
  partition: number,
  kind: 'quote' | 'sale' | 'dlq',
  dedupHorizonMs: number,
  log: Logger,
): Promise<PartitionState> {
  const mine = (keys: string[]) => keys.filter((k) => parseFileName(k)?.partition === partition);
  const raw = mine(await store.list(topicPrefix('raw', topic)));
  let archivedUpTo = -1n;
  for (const k of raw) {
    const last = (parseFileName(k) as { last: bigint }).last;
    if (last > archivedUpTo) archivedUpTo = last;
  }
  const state: PartitionState = { archivedUpTo, watermark: Number.NEGATIVE_INFINITY, keys: [] };
  if (kind === 'dlq') return state;

  const clean: string[] = [];
  for (const k of mine(await store.list(topicPrefix('clean', topic)))) {
    if ((parseFileName(k) as { first: bigint }).first > archivedUpTo) {
      log.warn({ key: k }, 'deleting a clean file of an interrupted roll');
      await store.delete(k);
    } else clean.push(k);
  }
  if (clean.length === 0) return state;
  const byDate = (from: string) => clean.filter((k) => (dateOfKey(k) ?? '') >= from);
  const latest = clean.map((k) => dateOfKey(k) ?? '').sort().at(-1) as string;
  // union_by_name: files written before a column existed (line_id) read it as NULL.
  const files = async (keys: string[]) => `[${(await Promise.all(keys.map((k) => store.localCopy(k)))).map(sqlString).join(', ')}], union_by_name = true`;

  const [wmRow] = await duck.query(`SELECT epoch_ms(max(event_ts)) AS wm FROM read_parquet(${await files(byDate(latest))})`);
  state.watermark = Number(wmRow?.wm);
  const floor = state.watermark - dedupHorizonMs;
  const rows = await duck.query(
    `SELECT ${KEY_SQL[kind]} AS k, arg_max(epoch_ms(event_ts), kafka_offset) AS ts FROM read_parquet(${await files(byDate(utcDate(floor)))})
     WHERE epoch_ms(event_ts) >= ${floor} GROUP BY k`,
  );
  state.keys = rows.map((r) => [String(r.k), Number(r.ts)]);
  return state;
}
