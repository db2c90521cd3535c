// Daily OHLCV candles per symbol, from the hourly candles of the long-term bucket (so years
// of history stay cheap to draw). setup.ts rewrites the bucket bindings below.
import "date"

option task = {name: "tickflow-candles-1d", every: 1d, offset: 15m}

raw_bucket = "tickflow"
long_bucket = "tickflow_longterm"

// The offset lets the last hourly run (every 1h, offset 5m) land first; [stop - 1d, stop) is
// the last complete UTC day.
stop = date.truncate(t: now(), unit: 1d)
start = date.sub(d: task.every, from: stop)

hours = from(bucket: long_bucket)
    |> range(start: start, stop: stop)
    |> filter(fn: (r) => r._measurement == "candle" and r.interval == "1h")
    |> group(columns: ["_measurement", "symbol", "_field"])
day = (fn, field, tables=<-) => tables
    |> filter(fn: (r) => r._field == field)
    |> aggregateWindow(every: 1d, fn: fn, timeSrc: "_start", createEmpty: false)

union(
    tables: [
        hours |> day(fn: first, field: "open"),
        hours |> day(fn: max, field: "high"),
        hours |> day(fn: min, field: "low"),
        hours |> day(fn: last, field: "close"),
        hours |> day(fn: sum, field: "volume"),
        hours |> day(fn: sum, field: "trades"),
    ],
)
    |> set(key: "interval", value: "1d")
    |> to(bucket: long_bucket)
