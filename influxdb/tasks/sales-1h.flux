// Hourly sales per (dim, key), and per sales_cube cell (category, city, country, segment,
// payment_method): the per-partition, per-minute partials of the raw measurements summed
// across partitions and windows, into the long-term bucket.
// setup.ts rewrites the two bucket bindings below to the configured names.
import "date"

option task = {name: "tickflow-sales-1h", every: 1h, offset: 5m}

raw_bucket = "tickflow"
long_bucket = "tickflow_longterm"

// now() is the scheduled hour (the offset only delays the run, letting late sales land).
stop = date.truncate(t: now(), unit: 1h)
start = date.sub(d: task.every, from: stop)

hourly = (measurement, by) => from(bucket: raw_bucket)
    |> range(start: start, stop: stop)
    |> filter(fn: (r) => r._measurement == measurement)
    |> filter(fn: (r) => r._field == "revenue" or r._field == "orders" or r._field == "units" or r._field == "high_ticket")
    |> group(columns: by)
    |> aggregateWindow(every: 1h, fn: sum, timeSrc: "_start", createEmpty: false)
    |> set(key: "window", value: "1h")
    |> to(bucket: long_bucket)

hourly(measurement: "sales", by: ["_measurement", "_field", "dim", "key"])
hourly(measurement: "sales_cube", by: ["_measurement", "_field", "category", "city", "country", "segment", "payment_method"])
