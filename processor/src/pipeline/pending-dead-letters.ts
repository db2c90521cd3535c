import type { Rejection } from '../core/handler.js';

/** Rough overhead of one dead letter's headers and envelope, bytes. */
const ENVELOPE_BYTES = 256;

/** Dead letters handled since the last commit: they leave in that commit's transaction. */
export class PendingDeadLetters {
  private items: Rejection[] = [];
  /** Their rough size: past a limit the pipeline commits early (memory). */
  bytes = 0;

  get size(): number {
    return this.items.length;
  }

  add(rejected: readonly Rejection[]): void {
    for (const r of rejected) {
      this.items.push(r);
      this.bytes += (r.record.value?.length ?? 0) + r.error.length + ENVELOPE_BYTES;
    }
  }

  /** Hands them to a commit; a failed commit does not give them back (the replay recreates them). */
  take(): Rejection[] {
    const taken = this.items;
    this.items = [];
    this.bytes = 0;
    return taken;
  }
}
