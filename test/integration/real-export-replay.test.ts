import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/env.js';
import { createBucket, queryRows } from '../support/influx.js';
import { groupLag } from '../support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../support/processes.js';

// Issue 12's done-when: a file built like real exports (producer/test/fixtures/replay/
// real-export-unsorted.csv: BOM, CRLF, `;`, decimal commas with `.` thousands, D/M/YYYY,
// several lines per order with only a line total, unsorted, quoted `;` and `""`, a line break
// in a field, empty cells, GBP rows) goes through `inspect`, the command it proposes (run
// without edits), Kafka and the processor into InfluxDB. Revenue by category and by city
// must equal DuckDB's SQL GROUP BY over the same file, to the cent.
const FILE = 'producer/test/fixtures/replay/real-export-unsorted.csv';
const GBP = 1.17;
const run = { sales: uniqueName('rx-sales'), quotes: uniqueName('rx-q'), metrics: uniqueName('rx-m'), bucket: uniqueName('rx'), group: uniqueName('rx-g') };
let processor: RunningService;

async function fileTotals(column: string): Promise<Record<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const rows = (await conn.runAndReadAll(`
      SELECT coalesce(nullif(trim("${column}"), ''), 'unknown') AS k,
             CAST(sum(CAST(replace(replace("Sales", '.', ''), ',', '.') AS DECIMAL(18,2)) * CASE "Currency" WHEN 'GBP' THEN ${GBP} ELSE 1 END) AS DOUBLE) AS revenue
      FROM read_csv('${FILE}', delim=';', header=true, quote='"', escape='"', all_varchar=true) GROUP BY k`)).getRowObjectsJson() as { k: string; revenue: number }[];
    return Object.fromEntries(rows.map((r) => [r.k, Number(r.revenue)]));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

async function influxTotals(dim: string, field = 'revenue'): Promise<Record<string, number>> {
  const rows = await queryRows(`
    from(bucket: "${run.bucket}") |> range(start: 0)
      |> filter(fn: (r) => r._measurement == "sales" and r.dim == "${dim}" and r._field == "${field}")
      |> group(columns: ["key"]) |> sum()`);
  return Object.fromEntries(rows.map((r) => [String(r.key), Number(r._value)]));
}

beforeAll(async () => {
  await createBucket(run.bucket);
  const env = { QUOTES_TOPIC: run.quotes, SALES_TOPIC: run.sales, METRICS_TOPIC: run.metrics, TOPIC_PARTITIONS: '3' };
  const inspect = await runProducer(['inspect', FILE, '--json'], env);
  expect(inspect.code, inspect.stderr).toBe(0);
  const { proposal } = JSON.parse(inspect.stdout) as { proposal: { command: string; args: string[][] } };
  expect(proposal.args).toHaveLength(1);
  const replay = await runProducer([proposal.command, ...proposal.args[0]!], env);
  expect(replay.code, replay.stderr + replay.stdout).toBe(0);
  expect(replay.stderr).toContain('"sent":65');
  processor = startProcessor({ ...env, INFLUX_BUCKET: run.bucket, KAFKA_GROUP_ID: run.group, BASE_CURRENCY: 'EUR', FX_RATES: `GBP=${GBP}` });
  await waitFor('processor to catch up', async () => {
    if (processor.child.exitCode !== null) throw new Error(`processor exited:\n${processor.output()}`);
    return (await groupLag(run.group, [run.sales]).catch(() => -1)) === 0;
  }, 120_000);
  // The processor's own count of what it consumed (self-metrics every METRICS_INTERVAL_MS).
  await waitFor('throughput self-metrics', async () => (await throughput()).processed === 65, 60_000);
  expect(await processor.stop('SIGTERM')).toBe(0);
});

async function throughput(): Promise<Record<string, number>> {
  const rows = await queryRows(`from(bucket: "${run.bucket}") |> range(start: 0)
    |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "throughput" and r.topic == "${run.sales}") |> last()`);
  return Object.fromEntries(rows.map((r) => [String(r._field), Number(r._value)]));
}

afterAll(async () => {
  await processor?.stop('SIGKILL');
});

describe('a real-world export replayed into InfluxDB', () => {
  for (const [dim, column] of [['category', 'Category'], ['city', 'City']] as const) {
    it(`revenue by ${dim} equals SQL GROUP BY "${column}" over the file, to the cent`, async () => {
      const expected = await fileTotals(column);
      const actual = await influxTotals(dim);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expect(Math.abs((actual[k] ?? NaN) - v), `${dim} ${k}: ${actual[k]} vs ${v}`).toBeLessThan(0.005);
    });
  }

  it('counts 24 orders of 65 lines: orders by distinct order id, nothing dead-lettered as late or duplicate', async () => {
    expect(await influxTotals('total', 'orders')).toEqual({ all: 24 });
    expect(await throughput()).toMatchObject({ consumed: 65, processed: 65, dead_lettered: 0 });
  });
});

describe('unsorted and sorted copies of the export', () => {
  it('give the same sales points in InfluxDB (file times kept)', async () => {
    const dump = async (file: string): Promise<string[]> => {
      const r = { sales: uniqueName('rxs-sales'), quotes: uniqueName('rxs-q'), metrics: uniqueName('rxs-m'), bucket: uniqueName('rxs'), group: uniqueName('rxs-g') };
      await createBucket(r.bucket);
      const env = { QUOTES_TOPIC: r.quotes, SALES_TOPIC: r.sales, METRICS_TOPIC: r.metrics, TOPIC_PARTITIONS: '3' };
      const inspect = await runProducer(['inspect', FILE, '--json'], env);
      const args = (JSON.parse(inspect.stdout) as { proposal: { args: string[][] } }).proposal.args[0]!.map((a) => (a === FILE ? file : a));
      const replay = await runProducer(['sales-replay', ...args, '--keep-time'], env);
      expect(replay.code, replay.stderr).toBe(0);
      const p = startProcessor({ ...env, INFLUX_BUCKET: r.bucket, KAFKA_GROUP_ID: r.group, BASE_CURRENCY: 'EUR', FX_RATES: `GBP=${GBP}` });
      try {
        await waitFor('processor to catch up', async () => (await groupLag(r.group, [r.sales]).catch(() => -1)) === 0, 120_000);
      } finally {
        expect(await p.stop('SIGTERM')).toBe(0);
      }
      const rows = await queryRows(`from(bucket: "${r.bucket}") |> range(start: 0) |> filter(fn: (r) => r._measurement == "sales" or r._measurement == "customers")`);
      return rows.map((x) => [x._measurement, x.dim, x.key, x.customer_id, x.partition, x._time, x._field, Number(x._value).toFixed(6)].join('|')).sort();
    };
    const unsorted = await dump(FILE);
    const sorted = await dump(FILE.replace('unsorted', 'sorted'));
    expect(unsorted.length).toBeGreaterThan(100);
    expect(unsorted).toEqual(sorted);
  }, 300_000);
});
