import type { Logger } from '@tickflow/common';
import type { Kafka } from 'kafkajs';
import { deserialize, serialize } from 'node:v8';
import { STATE_HEADER_BYTES, type EntityStates } from './core/handler.js';
import type { ChangelogRecord, PartitionCheckpoint } from './sinks/sink.js';

/**
 * The state changelog: codec, the entries a checkpoint writes, and the reader that restores
 * them, in one place. Records live in a compacted topic keyed `topic|partition|entity`; the
 * latest value per key wins, null deletes. A checkpoint is committed in one Kafka transaction
 * with the source offset, so a read_committed reader sees it whole or not at all.
 */
export const MARKER = '__marker';

export const changelogKey = (topic: string, partition: number, entity: string): string => `${topic}|${partition}|${entity}`;

/** Format byte: 1 = V8 structured clone (compact: Float64Array rings are raw bytes). */
const V8 = 1;
/**
 * Format byte: 2 = bytes the handler encoded itself (takeDirty gave a Uint8Array, its first
 * byte left for this one); restore gets the whole value back and decodes it.
 */
const RAW = 2;

export function encodeState(state: unknown): Buffer {
  if (state instanceof Uint8Array) {
    if (STATE_HEADER_BYTES !== 1 || state.length < 1) throw new Error('a handler-encoded state needs its 1-byte header');
    // Framed in place, no copy: the handler handed these bytes over.
    const out = Buffer.from(state.buffer, state.byteOffset, state.length);
    out[0] = RAW;
    return out;
  }
  const body = serialize(state);
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = V8;
  body.copy(out, 1);
  return out;
}

export function decodeState(value: Buffer): unknown {
  if (value[0] === V8) return deserialize(value.subarray(1));
  if (value[0] === RAW) return value;
  // No older format is read (JSON values predate 0.1.0): such a state topic is rebuilt by
  // deleting it, and the partitions replay from the source.
  throw new Error(`unknown changelog value format ${value[0]}`);
}

/** The records of one checkpoint: every changed entity, then the marker with the next offset. */
export function checkpointRecords(topic: string, partition: number, states: EntityStates, nextOffset: string): ChangelogRecord[] {
  const records: ChangelogRecord[] = [];
  for (const [entity, state] of states) {
    records.push({ key: changelogKey(topic, partition, entity), value: state === null || state === undefined ? null : encodeState(state) });
  }
  records.push({ key: changelogKey(topic, partition, MARKER), value: encodeState({ offset: nextOffset }) });
  return records;
}

/** Folds changelog records into checkpoints of the wanted partitions (later records win). */
export function applyRecord(result: Map<string, PartitionCheckpoint>, wanted: ReadonlySet<string>, key: string, value: Buffer | null): void {
  const a = key.indexOf('|');
  const b = key.indexOf('|', a + 1);
  const part = key.slice(0, b);
  if (a < 0 || b < 0 || !wanted.has(part)) return;
  const entity = key.slice(b + 1);
  let cp = result.get(part);
  if (!cp) result.set(part, (cp = { marker: 0n, entities: new Map() }));
  if (entity === MARKER) cp.marker = value ? BigInt((decodeState(value) as { offset: string }).offset) : 0n;
  else cp.entities.set(entity, value ? decodeState(value) : null);
}

/**
 * Reads the whole compacted state topic up to its end, committed records only, and returns
 * checkpoints of the wanted source partitions, keyed `topic|partition`. Call it after the
 * partitions' outputs are opened: that fences the previous owner, so nothing it had not
 * committed can appear later.
 */
export async function readChangelog(kafka: Kafka, stateTopic: string, wanted: ReadonlySet<string>, log: Logger): Promise<Map<string, PartitionCheckpoint>> {
  const result = new Map<string, PartitionCheckpoint>();
  const admin = kafka.admin();
  await admin.connect();
  // The high watermark (read_uncommitted view): transaction markers and aborted records count.
  const end = BigInt((await admin.fetchTopicOffsets(stateTopic).finally(() => admin.disconnect()))[0]?.high ?? '0');
  if (end === 0n || wanted.size === 0) return result;

  const started = Date.now();
  const consumer = kafka.consumer({ groupId: `${stateTopic}.restore.${process.pid}.${Date.now()}`, readUncommitted: false });
  let records = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: stateTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      // Batches of only control records (commit markers) never reach eachBatch; this event
      // still reports how far the reader got.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (BigInt(payload.lastOffset) + 1n >= end) resolve();
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              records++;
              applyRecord(result, wanted, m.key?.toString() ?? '', m.value);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  log.info({ stateTopic, records, partitions: result.size, ms: Date.now() - started }, 'restored state from changelog');
  return result;
}
