import { sleep } from '@tickflow/common';
import { createBucket } from '../lib/influx.js';
import { groupProgress, trackTopics } from '../lib/kafka.js';
import { processorEnv, startProcessor, waitCaughtUp } from '../lib/processes.js';
import { uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';
import { quoteBacklog } from './throughput.js';


/**
 * 5. Recovery after SIGKILL: a backlog, the processor killed once ~40 % is committed, a new
 * one started on the same group; time from its start until lag is 0.
 */
export async function benchRecovery(opts: BenchOptions, results: Results): Promise<void> {
  const b = await quoteBacklog(1000, opts.recoveryBacklog, 'rec');
  const group = uniqueName('g-rec');
  const bucket = await createBucket(uniqueName('b-rec'));
  trackTopics(`${group}.state`);
  const env = processorEnv(b.topics, group, bucket, { EMIT_MODE: 'tick' });
  const first = await startProcessor('recovery-1', env);
  let atKill = 0;
  try {
    for (const until = Date.now() + 300_000; Date.now() < until; await sleep(100)) {
      atKill = (await groupProgress(group, [b.topics.quotes])).committed;
      if (atKill >= b.events * 0.4) break;
      if (first.child.exitCode !== null) throw new Error(`processor exited early; see ${first.logFile}`);
    }
  } finally {
    await first.stop('SIGKILL');
  }
  const atKillChecked = (await groupProgress(group, [b.topics.quotes])).committed;
  const restartedAt = Date.now();
  const second = await startProcessor('recovery-2', env);
  try {
    const cu = await waitCaughtUp(second, group, [b.topics.quotes], 600_000);
    const resumed = cu.samples.find((s) => s.committed > atKillChecked);
    const total = (Date.now() - restartedAt) / 1000;
    results.add({ section: 'recovery', name: `SIGKILL at ${((atKillChecked / b.events) * 100).toFixed(0)} % of ${b.events.toLocaleString('en-US')}: restart -> first new commit`, value: resumed ? (resumed.t - restartedAt) / 1000 : NaN, unit: 's', note: 'process start, group join, changelog restore' });
    results.add({ section: 'recovery', name: 'restart -> lag 0', value: total, unit: 's', note: `${(b.events - atKillChecked).toLocaleString('en-US')} events left at the kill` });
  } finally {
    await second.stop('SIGTERM');
  }
}
