import { sleep } from '@tickflow/common';

/**
 * Calls `heartbeat` every `everyMs` until `p` settles (the group must not think we died).
 * Stops waiting when a heartbeat fails (e.g. a rebalance): the batch is handled and queued
 * already, and kafkajs can only rejoin once the batch returns.
 */
export async function keepAlive(p: Promise<void>, heartbeat: () => Promise<void>, everyMs: number): Promise<void> {
  const settled = new AbortController(); // ends the sleep as soon as `p` settles
  void p.finally(() => settled.abort());
  while (!settled.signal.aborted) {
    await sleep(everyMs, settled.signal);
    if (!settled.signal.aborted && !(await heartbeat().then(() => true, () => false))) return;
  }
}
