/**
 * Flux of the Sales dashboard. Crossed filters read `sales_cube` (one point per window,
 * partition and category × city × country × segment × payment cell); products read the
 * one-dimensional `sales,dim=product`; the high-ticket table reads `high_ticket_order`.
 */
import { MEASUREMENTS as M } from '@tickflow/contracts';

/** The filter variables and the `sales_cube` / `high_ticket_order` columns they narrow. */
export const FILTERS = [
  { name: 'category', dim: 'category', column: 'category', label: 'Category' },
  { name: 'city', dim: 'city', column: 'city', label: 'City' },
  { name: 'country', dim: 'country', column: 'country', label: 'Country' },
  { name: 'segment', dim: 'segment', column: 'segment', label: 'Segment' },
  { name: 'payment', dim: 'payment', column: 'payment_method', label: 'Payment' },
] as const;

const match = (column: string, v: string) => `r.${column} =~ /^\${${v}:regex}$/`;
/** Every filter at once (AND): a cell counts when each of its tags is selected. */
export const CUBE = `r._measurement == "${M.salesCube}" and ${FILTERS.map((f) => match(f.column, f.name)).join(' and ')}`;

/** Distinct keys of a `sales` dimension over the last week: the values of a filter variable. */
export const keys = (dim: string) =>
  `from(bucket: v.defaultBucket)\n  |> range(start: -7d)\n  |> filter(fn: (r) => r._measurement == "${M.sales}" and r.dim == "${dim}" and r._field == "orders")\n  |> keep(columns: ["key"])\n  |> group()\n  |> distinct(column: "key")`;

/** Revenue per hour of one day shifted onto today, as a series named `name`. */
export const dayCurve = (shift: string, name: string) => `
  import "date"

  day = date.truncate(t: v.timeRangeStop, unit: 1d)
  from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: ${shift}, from: day), stop: date.sub(d: ${shift}, from: date.add(d: 1d, to: day)))
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue")
    |> group()
    |> aggregateWindow(every: 1h, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> timeShift(duration: ${shift})
    |> set(key: "_field", value: "${name}")
    |> group(columns: ["_field"])`;

/**
 * Today so far vs the same part of yesterday and of the same day last week, one row whose
 * columns are in this order: `array.from` keeps a record's columns as written, where `map` and
 * `pivot` order them by the input (the stat shows its values in the frame's field order).
 */
export const todayVs = (field: string) => `
  import "array"
  import "date"

  stop = v.timeRangeStop
  day = date.truncate(t: stop, unit: 1d)
  // The field's total in [start, stop), 0.0 when nothing was sold.
  total = (start, stop) => {
    sums = from(bucket: v.defaultBucket)
      |> range(start: start, stop: stop)
      |> filter(fn: (r) => ${CUBE} and r._field == "${field}")
      |> group()
      |> sum()
      |> findColumn(fn: (key) => true, column: "_value")
    return if length(arr: sums) > 0 then float(v: sums[0]) else 0.0
  }
  pct = (now, before) => if before > 0.0 then (now - before) / before * 100.0 else 0.0
  t = total(start: day, stop: stop)
  y = total(start: date.sub(d: 1d, from: day), stop: date.sub(d: 1d, from: stop))
  w = total(start: date.sub(d: 7d, from: day), stop: date.sub(d: 7d, from: stop))
  array.from(rows: [{today: t, vs_yesterday: pct(now: t, before: y), vs_last_week: pct(now: t, before: w)}])`;

/** Revenue over the range per value of a cube column, largest first. */
export const byColumn = (column: string, n = 15) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue")
    |> group(columns: ["${column}"])
    |> sum()
    |> group()
    |> rename(columns: {_value: "revenue"})
    |> keep(columns: ["${column}", "revenue"])
    |> sort(columns: ["revenue"], desc: true)
    |> limit(n: ${n})`;

/** Revenue over the range per value of a cube column, one table (pie slice) each. */
export const mix = (column: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue")
    |> group(columns: ["${column}"])
    |> sum()
    |> keep(columns: ["${column}", "_value"])`;

export const perCategory = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue")
    |> group(columns: ["category"])
    |> aggregateWindow(every: v.windowPeriod, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value", "category"])`;

export const peakHour = `
  import "date"

  from(bucket: v.defaultBucket)
    |> range(start: date.truncate(t: v.timeRangeStop, unit: 1d), stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue")
    |> group()
    |> aggregateWindow(every: 1h, fn: sum, timeSrc: "_start", createEmpty: false)
    |> sort(columns: ["_value"], desc: true)
    |> limit(n: 1)
    |> map(fn: (r) => ({peak_hour: r._time, revenue: r._value}))`;

/**
 * Daily revenue from the long-term bucket's hourly cube, which the processor writes as one
 * partial per Kafka partition: `group()` sums the partitions with the cells and hours.
 */
export const trend = `
  from(bucket: "\${longterm}")
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "revenue" and r.window == "1h")
    |> group()
    |> aggregateWindow(every: 1d, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> set(key: "_field", value: "revenue per day")
    |> group(columns: ["_field"])`;

export const perWindow = (field: string, name: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${CUBE} and r._field == "${field}")
    |> group()
    |> aggregateWindow(every: v.windowPeriod, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> set(key: "_field", value: "${name}")
    |> group(columns: ["_field"])`;

/** Top products over the range (`sales,dim=product`): revenue, units, orders. */
export const topProducts = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.sales}" and r.dim == "product" and ${match('key', 'product')})
    |> filter(fn: (r) => r._field == "revenue" or r._field == "units" or r._field == "orders")
    |> group(columns: ["key", "_field"])
    |> sum()
    |> group()
    |> pivot(rowKey: ["key"], columnKey: ["_field"], valueColumn: "_value")
    |> rename(columns: {key: "product"})
    |> keep(columns: ["product", "revenue", "units", "orders"])
    |> sort(columns: ["revenue"], desc: true)
    |> limit(n: 10)`;

/** The latest high-ticket order lines, newest first, narrowed by every filter and the product. */
export const latestHighTicket = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.highTicketOrder}")
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
    |> group()
    |> filter(fn: (r) => ${[...FILTERS.map((f) => match(f.column, f.name)), match('product', 'product')].join(' and ')})
    |> sort(columns: ["_time"], desc: true)
    |> limit(n: 20)
    |> keep(columns: ["_time", "order_id", "customer_id", "product", "category", "city", "country", "segment", "payment_method", "amount", "quantity"])`;

export const customers = `
  import "date"

  from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: 7d, from: v.timeRangeStop), stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.customers}" and (r._field == "total_spent" or r._field == "orders"))
    |> last()
    |> group(columns: ["customer_id", "_field"])
    |> sum()
    |> group()
    |> pivot(rowKey: ["customer_id"], columnKey: ["_field"], valueColumn: "_value")
    |> map(fn: (r) => ({
      customer_id: r.customer_id,
      total_spent: r.total_spent,
      orders: r.orders,
      avg_basket: r.total_spent / r.orders,
      loyal: if r.orders >= float(v: \${loyal_after}) then "yes" else "no",
    }))
    |> sort(columns: ["total_spent"], desc: true)
    |> limit(n: 10)`;
