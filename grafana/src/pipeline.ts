/** Pipeline health: lag per partition, latency percentiles, dead letters, write errors, checkpoints, history too old to keep, the processor's runtime. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { FieldColorBuilder, FieldColorModeId, ThresholdsConfigBuilder, ThresholdsMode, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { at, DS, flux, legend, tickflowDashboard, withAll } from './common.js';
import { positiveTiers } from './decimals.js';
import { MEASUREMENTS as M } from '@tickflow/contracts';

const kind = (k: string, fields: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.pipeline}" and r.kind == "${k}" and r._field =~ /^(${fields})$/)`;

/** Cumulative counters -> per-second rates, summed over processor instances. */
const rate = (k: string, fields: string, by: string[]) => `${kind(k, fields)}
    |> derivative(unit: 1s, nonNegative: true)
    |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)
    |> group(columns: ${JSON.stringify(['_time', ...by])})
    |> sum()
    |> group(columns: ${JSON.stringify(by)})
    |> sort(columns: ["_time"])`;

/**
 * The processor's retention counters (cumulative per instance and partition): the latest of
 * each series, summed. Events too old for every bucket are kept nowhere; raw-skipped points
 * live on only as their rollups (long-term, daily).
 */
export const retentionCounts = `${kind('retention', 'too_old_events|raw_skipped_points')}
    |> group(columns: ["instance", "topic", "partition", "_field"])
    |> last()
    |> group(columns: ["_field"])
    |> sum()
    // A time column makes each a series named by its field (the stat's display names).
    |> map(fn: (r) => ({r with _time: v.timeRangeStop}))
    |> keep(columns: ["_time", "_value", "_field"])`;

/**
 * The processor's state gauges, named for a reader ("Buffer fill", not "buffer_fill"); the
 * `instance` label is kept only when several processors report, so Grafana's display name
 * (field name, then the one label's value) is "Buffer fill" or "Buffer fill vm-1".
 */
export const stateQuery = `
  import "dict"

  names = ["buffer_fill": "Buffer fill", "open_windows": "Open windows", "tracked_partitions": "Tracked partitions", "tracked_symbols": "Tracked symbols"]
  state = from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.pipeline}" and r.kind == "state" and r._field =~ /^(buffer_fill|open_windows|tracked_symbols|tracked_partitions)$/)
    |> last()
    |> keep(columns: ["_time", "_value", "_field", "instance"])
  instances = state |> group() |> distinct(column: "instance") |> count() |> findColumn(fn: (key) => true, column: "_value")
  state
    |> map(fn: (r) => ({r with _field: dict.get(dict: names, key: r._field, default: r._field)}))
    |> drop(columns: if length(arr: instances) > 0 and instances[0] > 1 then [] else ["instance"])`;

const ts = (id: number, title: string, grid: ReturnType<typeof at>, query: string) => new timeseries.PanelBuilder().id(id).title(title).gridPos(grid).datasource(DS).legend(legend()).withTarget(flux(query));

export function pipeline(): Dashboard {
  return tickflowDashboard('Pipeline health', 'pipeline', 'now-30m', 'Processor self-metrics: lag, latency, dead letters, write errors, checkpoints; each with its alert rule.')
    .withPanel(
      withAll(ts(1, 'Records/s in and out per topic', at(0, 0, 12, 8), rate('throughput', 'consumed|processed|points', ['topic', '_field']))
        .unit('suffix:/s').displayName('${__field.labels.topic} ${__field.name}'), positiveTiers(0)),
    )
    .withPanel(
      ts(2, 'Consumer lag per partition', at(12, 0, 12, 8), `${kind('lag', 'lag')}
    |> group(columns: ["topic", "partition"])
    |> aggregateWindow(every: v.windowPeriod, fn: max, createEmpty: false)
    |> keep(columns: ["_time", "_value", "topic", "partition"])`)
        .unit('none').decimals(0).displayName('${__field.labels.topic}[${__field.labels.partition}]'),
    )
    .withPanel(
      withAll(ts(3, 'End-to-end latency p50 / p99 / max', at(0, 8, 12, 8), `${kind('latency', 'p50_ms|p99_ms|max_ms')}
    |> group(columns: ["_field"])
    |> aggregateWindow(every: v.windowPeriod, fn: max, createEmpty: false)
    |> keep(columns: ["_time", "_value", "_field"])`)
        // Decimals left to Grafana: values "17.2 s", "480 ms"; axis ticks from their spacing.
        .unit('ms')
        .overrideByName('p50_ms', [{ id: 'displayName', value: 'p50' }])
        .overrideByName('p99_ms', [{ id: 'displayName', value: 'p99' }])
        .overrideByName('max_ms', [{ id: 'displayName', value: 'max' }]), []),
    )
    .withPanel(
      withAll(ts(4, 'Dead letters/s by reason', at(12, 8, 12, 8), rate('dlq', 'count', ['reason']))
        .unit('suffix:/s').displayName('${__field.labels.reason}'), positiveTiers(0)),
    )
    .withPanel(
      ts(5, 'InfluxDB write errors, retries, rejected lines (per window)', at(0, 16, 12, 8), `${kind('influx', 'write_errors|write_retries|rejected_lines')}
    |> difference(nonNegative: true)
    |> group(columns: ["_field"])
    |> aggregateWindow(every: v.windowPeriod, fn: sum, createEmpty: false)
    |> keep(columns: ["_time", "_value", "_field"])`)
        .unit('none').decimals(0),
    )
    .withPanel(
      withAll(ts(6, 'Checkpoint age per instance', at(12, 16, 12, 8), `${kind('checkpoint', 'age_ms')}
    |> group(columns: ["instance"])
    |> aggregateWindow(every: v.windowPeriod, fn: max, createEmpty: false)
    |> keep(columns: ["_time", "_value", "instance"])`)
        .unit('ms').displayName('${__field.labels.instance}'), []),
    )
    .withPanel(
      ts(7, 'Producer errors (Yahoo 429s, errors, dead letters)', at(0, 24, 12, 8), `${kind('producer', 'yahoo_429|yahoo_errors|dead_lettered|rejected_.*')}
    |> difference(nonNegative: true)
    |> group(columns: ["source", "_field"])
    |> aggregateWindow(every: v.windowPeriod, fn: sum, createEmpty: false)
    |> keep(columns: ["_time", "_value", "_field", "source"])`)
        .unit('none').decimals(0).displayName('${__field.labels.source} ${__field.name}'),
    )
    .withPanel(
      withAll(
        new stat.PanelBuilder().id(8).title('Processor state').gridPos(at(12, 24, 12, 8)).datasource(DS)
        .withTarget(flux(stateQuery))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.Fixed).fixedColor('text'))
        .decimals(0)
        .overrideByName('Buffer fill', [{ id: 'unit', value: 'percentunit' }, { id: 'decimals', value: 2 }]),
        // Counts whole; the buffer as a percentage to 0.01 points (a nearly empty one reads 0.10 %).
        [],
      ),
    )
    .withPanel(
      new stat.PanelBuilder().id(9).title('Events too old for any bucket').gridPos(at(0, 32, 12, 5)).datasource(DS)
        .description('Events older than every bucket\'s retention (counted, written nowhere), and raw points skipped because only their rollups fit (long-term, daily).')
        .withTarget(flux(retentionCounts))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .unit('none').decimals(0).noValue('0')
        // An event kept nowhere is lost data: red from the first one, green while none.
        .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.Thresholds))
        .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null as never, color: 'green' }, { value: 1, color: 'red' }]))
        .overrideByName('too_old_events', [{ id: 'displayName', value: 'Events too old for any bucket' }])
        .overrideByName('raw_skipped_points', [{ id: 'displayName', value: 'Raw points skipped (rollups kept)' }]),
    )
    .withPanel(
      // A latency tail with no cause outside the processor shows up here first.
      withAll(ts(10, 'Processor event-loop delay and GC pauses', at(0, 37, 12, 8), `${kind('runtime', 'event_loop_p99_ms|event_loop_max_ms|gc_max_pause_ms')}
    |> group(columns: ["_field"])
    |> aggregateWindow(every: v.windowPeriod, fn: max, createEmpty: false)
    |> keep(columns: ["_time", "_value", "_field"])`)
        .description('Worst over processor instances. Event-loop delay: how late the processor got to timers and I/O (every record waiting meanwhile pays it); GC: its longest pause.')
        .unit('ms')
        .overrideByName('event_loop_p99_ms', [{ id: 'displayName', value: 'event loop p99' }])
        .overrideByName('event_loop_max_ms', [{ id: 'displayName', value: 'event loop max' }])
        .overrideByName('gc_max_pause_ms', [{ id: 'displayName', value: 'longest GC pause' }]), []),
    )
    .withPanel(
      withAll(ts(11, 'Processor memory per instance', at(12, 37, 12, 8), `${kind('runtime', 'rss_bytes|heap_used_bytes')}
    |> group(columns: ["instance", "_field"])
    |> aggregateWindow(every: v.windowPeriod, fn: max, createEmpty: false)
    |> map(fn: (r) => ({r with _field: if r._field == "rss_bytes" then "RSS" else "JS heap"}))
    |> keep(columns: ["_time", "_value", "_field", "instance"])`)
        .unit('bytes').decimals(2).displayName('${__field.labels.instance} ${__field.name}'), []),
    )
    .build();
}
