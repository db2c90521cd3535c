import { queryRows } from './influx.js';

const META = new Set(['result', 'table', '_start', '_stop', '_time', '_value', '_field', '_measurement']);

/**
 * Every point of a bucket as sorted text lines `measurement,tags field=value time`, except the
 * `pipeline` self-metrics (wall-clock, per instance). Two runs are identical iff dumps are equal.
 */
export async function dumpBucket(bucket: string): Promise<string[]> {
  const rows = await queryRows(`from(bucket: "${bucket}") |> range(start: 0) |> filter(fn: (r) => r._measurement != "pipeline")`);
  return rows
    .map((r) => {
      const tags = Object.keys(r)
        .filter((k) => !META.has(k))
        .sort()
        .map((k) => `${k}=${String(r[k])}`)
        .join(',');
      return `${String(r._measurement)},${tags} ${String(r._field)}=${String(r._value)} ${String(r._time)}`;
    })
    .sort();
}
