import { emptyOutput, type InRecord, type Output, type PartitionHandler } from '../core/handler.js';

/** What one batch did, for the pipeline's counters. */
export interface Handled {
  skipped: number;
  processed: number;
  rejected: number;
  points: number;
}

/** One batch run through a handler. */
export interface HandledRecords {
  /** Records below `next`: handled before (a redelivery). */
  skipped: number;
  out: Output;
  /** Source timestamps of the records handled (the raw lane turns them into latency). */
  stamps: number[];
  /** Offset of the batch's last record; undefined when every record was skipped. */
  last: string | undefined;
}

/** Handles the records at or past `next`; records arrive in offset order, so the skipped ones lead. */
export function handleRecords(handler: PartitionHandler, records: readonly InRecord[], next: bigint): HandledRecords {
  const out = emptyOutput();
  const stamps: number[] = [];
  let i = 0;
  while (i < records.length && BigInt((records[i] as InRecord).offset) < next) i++;
  for (let j = i; j < records.length; j++) {
    const r = records[j] as InRecord;
    handler.handle(r, out);
    stamps.push(r.timestamp);
  }
  const last = i < records.length ? (records[records.length - 1] as InRecord).offset : undefined;
  return { skipped: i, out, stamps, last };
}
