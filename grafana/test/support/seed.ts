import { serviceEnv, uniqueName } from '../../../test/support/env.js';
import { createBucket, queryRows } from '../../../test/support/influx.js';
import { groupLag, testKafka } from '../../../test/support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

/** Names of one isolated pipeline run: its own topics, consumer group and bucket. */
export interface PipelineRun {
  bucket: string;
  /** The run's own long-term and daily buckets, when its panels read them (else the shared test ones). */
  longterm?: string;
  daily?: string;
  quotes: string;
  sales: string;
  metrics: string;
  group: string;
}

export async function newRun(prefix: string): Promise<PipelineRun> {
  const run = {
    bucket: uniqueName(`${prefix}-bucket`),
    quotes: uniqueName(`${prefix}-quotes`),
    sales: uniqueName(`${prefix}-sales`),
    metrics: uniqueName(`${prefix}-metrics`),
    group: uniqueName(`${prefix}-group`),
  };
  await createBucket(run.bucket);
  return run;
}

/** Env shared by the producer and processor of a run. */
export function runEnv(run: PipelineRun): Record<string, string> {
  return { QUOTES_TOPIC: run.quotes, SALES_TOPIC: run.sales, METRICS_TOPIC: run.metrics, TOPIC_PARTITIONS: '3' };
}

/**
 * The processor, fast self-metrics (every 300 ms) so rate panels get several points, and a
 * wide future-time tolerance: seeded event times may run ahead of the wall clock.
 */
export function startRunProcessor(run: PipelineRun): RunningService {
  return startProcessor({
    ...runEnv(run),
    INFLUX_BUCKET: run.bucket,
    ...(run.longterm ? { INFLUX_LONGTERM_BUCKET: run.longterm } : {}),
    ...(run.daily ? { INFLUX_DAILY_BUCKET: run.daily } : {}),
    KAFKA_GROUP_ID: run.group,
    METRICS_INTERVAL_MS: '300',
    MAX_FUTURE_MS: String(3_600_000),
  });
}

export async function waitCaughtUp(run: PipelineRun, processor: RunningService): Promise<void> {
  await waitFor(
    'processor to catch up',
    async () => {
      if (processor.child.exitCode !== null) throw new Error(`processor exited:\n${processor.output()}`);
      return (await groupLag(run.group, [run.quotes, run.sales, run.metrics]).catch(() => -1)) === 0;
    },
    120_000,
  );
}

/** Sends raw values (e.g. malformed JSON, crafted events) to a topic. */
export async function sendRaw(topic: string, messages: { key?: string; value: string }[]): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the processor has written a `pipeline` point matching `filter` (Flux predicate body). */
export async function waitForPoint(run: PipelineRun, what: string, predicate: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    what,
    async () => {
      const rows = await queryRows(`from(bucket: "${run.bucket}") |> range(start: 0) |> filter(fn: (r) => ${predicate}) |> count() |> group() |> sum()`);
      return Number(rows[0]?._value ?? 0) > 0;
    },
    timeoutMs,
    300,
  );
}

export async function producer(args: string[], run: PipelineRun, env: Record<string, string> = {}): Promise<void> {
  const r = await runProducer(args, { ...runEnv(run), METRICS_INTERVAL_MS: '100', ...env });
  if (r.code !== 0) throw new Error(`producer ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
}

/** Writes line protocol (crafted points) to a bucket with the test token. */
export async function writeLines(bucket: string, lines: string[]): Promise<void> {
  const { INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG } = serviceEnv();
  const res = await fetch(`${INFLUX_URL}/api/v2/write?org=${encodeURIComponent(INFLUX_ORG)}&bucket=${encodeURIComponent(bucket)}&precision=ms`, {
    method: 'POST',
    headers: { Authorization: `Token ${INFLUX_TOKEN}`, 'Content-Type': 'text/plain' },
    body: lines.join('\n'),
  });
  if (res.status !== 204) throw new Error(`write to ${bucket}: HTTP ${res.status} ${await res.text()}`);
}

/**
 * Runs the processor over what the run's producers wrote, with two bursts of malformed quotes
 * (before and after the first self-metrics point, so dead-letter rates are > 0), then stops it
 * cleanly. `started` receives the process at once, so afterAll can kill it if a step fails.
 */
export async function processSeeded(run: PipelineRun, started: (p: RunningService) => void): Promise<void> {
  await sendRaw(run.quotes, [{ value: 'not json' }, { value: '{"v":1}' }]);
  const processor = startRunProcessor(run);
  started(processor);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'first self-metrics', 'r._measurement == "pipeline" and r.kind == "dlq"');
  await sendRaw(run.quotes, [{ value: 'still not json' }, { value: '[]' }]);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'dead letters counted', 'r._measurement == "pipeline" and r.kind == "dlq" and r._field == "count" and r._value >= 2.0');
  await new Promise((r) => setTimeout(r, 1000)); // a few more self-metrics points (every 300 ms)
  const code = await processor.stop('SIGTERM');
  if (code !== 0) throw new Error(`processor exited ${code}:\n${processor.output()}`);
}
