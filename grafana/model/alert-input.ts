/**
 * What Grafana's alerting server (Go, not runnable here) takes from a data source's frames for
 * server-side expressions, modelled rule by rule after grafana/grafana pkg/expr/converter.go
 * (data source frames -> series and numbers):
 * - each numeric field of a frame is one series, its labels the field's labels; a frame with
 *   no numeric field (the empty frame of an empty result included) adds nothing;
 * - a frame without a time field gives single values (points at t = 0), as a number set;
 * - `_measurement` and `_field` are not labels of the series (the Flux builder already moved
 *   them to the frame and field names).
 */
import type { Series } from './expr-eval.js';
import type { Frame } from './frames.js';

export function framesToSeries(frames: readonly Frame[]): Series[] {
  const out: Series[] = [];
  for (const f of frames) {
    const time = f.fields.find((x) => x.type === 'time');
    for (const field of f.fields.filter((x) => x.type === 'number')) {
      const { _measurement: _m, _field: _f, ...labels } = field.labels ?? {};
      out.push({
        labels,
        points: field.values.map((v, i) => ({ t: time ? (time.values[i] as number) : 0, v: typeof v === 'number' ? v : null })),
      });
    }
  }
  return out;
}
