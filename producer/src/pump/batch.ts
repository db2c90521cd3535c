import { RECORD_OVERHEAD_BYTES } from '@tickflow/contracts';
import type { OutRecord } from './sink.js';
import type { SourceItem } from './source.js';

export interface BatchCounts {
  quotes: number;
  sales: number;
  rejects: number;
  bytes: number;
}

/** Records of one send, bounded by count and bytes; counts per kind for the pump's totals. */
export class Batch {
  readonly records: OutRecord[] = [];
  readonly counts: BatchCounts = { quotes: 0, sales: 0, rejects: 0, bytes: 0 };

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.records.length;
  }

  /**
   * Bytes `record` would add, as encoded (UTF-8: "São Paulo" is 10 bytes, not 9 characters);
   * a record alone may exceed maxBytes (it then goes alone).
   */
  static bytesOf(record: OutRecord): number {
    let bytes = Buffer.byteLength(record.value) + (record.key === null ? 0 : Buffer.byteLength(record.key)) + RECORD_OVERHEAD_BYTES;
    if (record.headers) for (const [k, v] of Object.entries(record.headers)) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    return bytes;
  }

  /** False when the record does not fit: send this batch first, then add it to a new one. */
  fits(bytes: number): boolean {
    return this.records.length === 0 || (this.records.length < this.maxCount && this.counts.bytes + bytes <= this.maxBytes);
  }

  get full(): boolean {
    return this.records.length >= this.maxCount || this.counts.bytes >= this.maxBytes;
  }

  add(item: SourceItem, record: OutRecord, bytes: number): void {
    this.records.push(record);
    this.counts.bytes += bytes;
    if (item.kind === 'quote') this.counts.quotes++;
    else if (item.kind === 'sale') this.counts.sales++;
    else this.counts.rejects++;
  }
}
