// Hourly OHLCV candles per symbol, from the raw `quote` ticks into the long-term bucket.
// setup.ts rewrites the two bucket bindings below to the configured names.
import "date"

option task = {name: "tickflow-candles-1h", every: 1h, offset: 5m}

raw_bucket = "tickflow"
long_bucket = "tickflow_longterm"

// The offset delays the run, not the range: now() is the scheduled hour, so the last
// complete hour is [stop - every, stop). Truncating keeps windows hour-aligned.
stop = date.truncate(t: now(), unit: 1h)
start = date.sub(d: task.every, from: stop)

ticks = from(bucket: raw_bucket)
    |> range(start: start, stop: stop)
    |> filter(fn: (r) => r._measurement == "quote")

price = ticks |> filter(fn: (r) => r._field == "price")
candle = (fn, field, tables=<-) => tables
    |> aggregateWindow(every: 1h, fn: fn, timeSrc: "_start", createEmpty: false)
    |> set(key: "_field", value: field)

union(
    tables: [
        price |> candle(fn: first, field: "open"),
        price |> candle(fn: max, field: "high"),
        price |> candle(fn: min, field: "low"),
        price |> candle(fn: last, field: "close"),
        price |> candle(fn: count, field: "trades") |> toFloat(),
        ticks |> filter(fn: (r) => r._field == "volume") |> candle(fn: sum, field: "volume"),
    ],
)
    |> set(key: "_measurement", value: "candle")
    |> set(key: "interval", value: "1h")
    |> to(bucket: long_bucket)
