/**
 * Grafana's InfluxDB (Flux) data source turns query results into data frames in its Go server,
 * which cannot run here; this models that conversion rule by rule, following grafana/grafana
 * pkg/tsdb/influxdb/flux/executor.go (readDataFrames, executeQuery) and builder.go:
 * - a new frame when the result's column metadata changes (executor.go: TableChanged) or the
 *   group-key values change (builder.go: Append), not per Flux table id: two tables of one
 *   annotation block with the same group key are one frame; frame name = `_measurement`;
 * - no frame at all: one empty frame named "" (executor.go: executeQuery's metaFrame);
 * - label values printed with Go's %v (builder.go: labels from the group key);
 * - group-key columns become labels (`_measurement` removed; `_field`, `_start`, `_stop` only
 *   in the "simple" case below), other columns become fields, time columns first;
 * - simple case: exactly one non-group time column `_time` and one other column `_value`: the
 *   time field is named `Time` and the value field after the `_field` label (else `Value`);
 * - a table without a time column is a plain table: one field per column, each with the labels.
 */
export type FieldType = 'time' | 'number' | 'string' | 'boolean';

export interface FluxColumn {
  name: string;
  /** Annotated-CSV data type: string, double, long, unsignedLong, boolean, dateTime:RFC3339... */
  dataType: string;
  group: boolean;
}

/** One Flux result table with its column metadata (result/table columns excluded). */
export interface FluxResultTable {
  meta: FluxColumn[];
  rows: Record<string, unknown>[];
  /** Index of the annotated-CSV block (one column metadata) the table came in; default 0. */
  block?: number;
}

export interface Field {
  name: string;
  type: FieldType;
  labels?: Record<string, string>;
  values: (number | string | boolean | null)[];
  /** Panel field config after defaults and overrides (display.ts fills it). */
  config: Record<string, unknown>;
}

export interface Frame {
  name: string;
  refId?: string;
  fields: Field[];
}

const isTime = (t: string): boolean => t.startsWith('dateTime');
const fieldType = (t: string): FieldType => (isTime(t) ? 'time' : t === 'string' || t === 'base64Binary' ? 'string' : t === 'boolean' ? 'boolean' : 'number');

/** Go's fmt %v of a Flux value, as the label values are printed. */
function goString(v: unknown, dataType: string): string {
  if (v === null || v === undefined) return '';
  if (isTime(dataType)) {
    // time.Time %v: "2006-01-02 15:04:05.999999999 +0000 UTC"
    const iso = new Date(String(v)).toISOString().replace('T', ' ').replace('Z', '');
    return `${iso.replace(/\.000$/, '').replace(/(\.\d*?)0+$/, '$1')} +0000 UTC`;
  }
  return String(v);
}

function toValue(v: unknown, type: FieldType): number | string | boolean | null {
  if (v === null || v === undefined || v === '') return type === 'string' && v === '' ? '' : null;
  if (type === 'time') return Date.parse(String(v));
  if (type === 'number') return Number(v);
  return v as string | boolean;
}

export function tablesToFrames(tables: FluxResultTable[], refId = 'A'): Frame[] {
  const frames: Frame[] = [];
  let key: string | undefined;
  let frame: Frame | undefined;
  let block: number | undefined;
  for (const t of tables) {
    if ((t.block ?? 0) !== block) {
      block = t.block ?? 0;
      frame = undefined; // new column metadata: a new frame whatever the key
    }
    const groupCols = t.meta.filter((c) => c.group);
    const dataCols = t.meta.filter((c) => !c.group);
    const times = dataCols.filter((c) => isTime(c.dataType));
    const others = dataCols.filter((c) => !isTime(c.dataType));
    const simpleTime = times.length === 1 && times[0]?.name === '_time';
    const simple = simpleTime && others.length === 1 && others[0]?.name === '_value';
    const usualStartStop = groupCols.filter((c) => isTime(c.dataType) && (c.name === '_start' || c.name === '_stop')).length === 2;
    for (const row of t.rows) {
      const k = JSON.stringify(groupCols.map((c) => row[c.name]));
      if (frame === undefined || k !== key) {
        key = k;
        const labels: Record<string, string> = {};
        for (const c of groupCols) {
          const s = goString(row[c.name], c.dataType);
          if (s !== '') labels[c.name] = s;
        }
        const name = labels._measurement ?? '';
        delete labels._measurement;
        const fields: Field[] = [...times, ...others].map((c) => {
          const f: Field = { name: c.name, type: fieldType(c.dataType), values: [], config: {} };
          if (simple && c.name === '_time') f.name = 'Time';
          if (simple && c.name === '_value') {
            f.name = labels._field ?? 'Value';
            delete labels._field;
          }
          if (simple && usualStartStop) {
            delete labels._start;
            delete labels._stop;
          }
          if (!(simpleTime && c.name === '_time')) f.labels = labels; // one map shared, as in Go
          return f;
        });
        frame = { name, refId, fields };
        frames.push(frame);
      }
      [...times, ...others].forEach((c, i) => (frame as Frame).fields[i]?.values.push(toValue(row[c.name], fieldType(c.dataType))));
    }
  }
  return frames.length > 0 ? frames : [{ name: '', refId, fields: [] }];
}
