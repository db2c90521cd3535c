/** Analyst view: filters, today vs yesterday vs last week, tops, peak hour, long-term trends. */
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ConstantVariableBuilder, QueryVariableBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { at, DS, flux, tickflowDashboard, withAll } from './common.js';
import { positiveTiers, signedTiers } from './decimals.js';
import { LONGTERM_DEFAULT } from './markets.js';

/** The processor writes one-minute windows per Kafka partition and per dimension (dim, key). */
const dimFilter = (dim: string, v: string) => `r._measurement == "sales" and r.dim == "${dim}" and r.key =~ /^\${${v}:regex}$/`;
/** Headline figures follow the category filter (categories partition every order). */
const HEADLINE = dimFilter('category', 'category');

const keys = (dim: string) =>
  `from(bucket: v.defaultBucket)\n  |> range(start: -7d)\n  |> filter(fn: (r) => r._measurement == "sales" and r.dim == "${dim}" and r._field == "orders")\n  |> keep(columns: ["key"])\n  |> group()\n  |> distinct(column: "key")`;
const filterVar = (name: string, dim: string, label: string) =>
  new QueryVariableBuilder(name).label(label).datasource(DS).query(keys(dim)).refresh(2).sort(1).multi(true).includeAll(true).current({ text: 'All', value: '$__all' });

/** Revenue per hour of one day shifted onto today, as a series named `name`. */
const dayCurve = (shift: string, name: string) => `
  import "date"

  day = date.truncate(t: v.timeRangeStop, unit: 1d)
  from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: ${shift}, from: day), stop: date.sub(d: ${shift}, from: date.add(d: 1d, to: day)))
    |> filter(fn: (r) => ${HEADLINE} and r._field == "revenue")
    |> group()
    |> aggregateWindow(every: 1h, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> timeShift(duration: ${shift})
    |> set(key: "_field", value: "${name}")
    |> group(columns: ["_field"])`;

const sumSince = (field: string, start: string, stop: string, name: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: ${start}, stop: ${stop})
    |> filter(fn: (r) => ${HEADLINE} and r._field == "${field}")
    |> group()
    |> sum()
    |> map(fn: (r) => ({_value: r._value, _field: "${name}"}))`;

/** Today so far vs the same part of yesterday and of the same day last week. */
const todayVs = (field: string) => `
  import "date"

  now = v.timeRangeStop
  day = date.truncate(t: now, unit: 1d)
  t = ${sumSince(field, 'day', 'now', 'today').trim()}
  y = ${sumSince(field, 'date.sub(d: 1d, from: day)', 'date.sub(d: 1d, from: now)', 'yesterday').trim()}
  w = ${sumSince(field, 'date.sub(d: 7d, from: day)', 'date.sub(d: 7d, from: now)', 'week').trim()}
  union(tables: [t, y, w])
    |> group()
    |> pivot(rowKey: [], columnKey: ["_field"], valueColumn: "_value")
    |> map(fn: (r) => ({
      today: r.today,
      vs_yesterday: if exists r.yesterday and r.yesterday > 0.0 then (r.today - r.yesterday) / r.yesterday * 100.0 else 0.0,
      vs_last_week: if exists r.week and r.week > 0.0 then (r.today - r.week) / r.week * 100.0 else 0.0,
    }))`;

const byKey = (dim: string, v: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${dimFilter(dim, v)} and r._field == "revenue")
    |> group(columns: ["key"])
    |> sum()
    |> group()
    |> rename(columns: {key: "${dim}", _value: "revenue"})
    |> keep(columns: ["${dim}", "revenue"])
    |> sort(columns: ["revenue"], desc: true)
    |> limit(n: 15)`;

const perCategory = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${HEADLINE} and r._field == "revenue")
    |> group(columns: ["key"])
    |> aggregateWindow(every: v.windowPeriod, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value", "key"])`;

const payments = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${dimFilter('payment', 'payment')} and r._field == "revenue")
    |> group(columns: ["key"])
    |> sum()
    |> keep(columns: ["key", "_value"])`;

const customers = `
  import "date"

  from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: 7d, from: v.timeRangeStop), stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "customers" and (r._field == "total_spent" or r._field == "orders"))
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

const peakHour = `
  import "date"

  from(bucket: v.defaultBucket)
    |> range(start: date.truncate(t: v.timeRangeStop, unit: 1d), stop: v.timeRangeStop)
    |> filter(fn: (r) => ${HEADLINE} and r._field == "revenue")
    |> group()
    |> aggregateWindow(every: 1h, fn: sum, timeSrc: "_start", createEmpty: false)
    |> sort(columns: ["_value"], desc: true)
    |> limit(n: 1)
    |> map(fn: (r) => ({peak_hour: r._time, revenue: r._value}))`;

/** Daily revenue from the long-term bucket's hourly sums (influxdb/tasks/sales-1h.flux). */
const trend = `
  from(bucket: "\${longterm}")
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${HEADLINE} and r._field == "revenue" and r.window == "1h")
    |> group()
    |> aggregateWindow(every: 1d, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> set(key: "_field", value: "revenue per day")
    |> group(columns: ["_field"])`;

const perMinute = (field: string, name: string) => `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => ${HEADLINE} and r._field == "${field}")
    |> group()
    |> aggregateWindow(every: v.windowPeriod, fn: sum, timeSrc: "_start", createEmpty: false)
    |> keep(columns: ["_time", "_value"])
    |> set(key: "_field", value: "${name}")
    |> group(columns: ["_field"])`;

const money = <B extends { unit(u: string): B; decimals(d: number): B; withOverride(o: never): B }>(b: B): B => withAll(b.unit('prefix:$').decimals(2), positiveTiers() as never[]);

export function sales(): Dashboard {
  return tickflowDashboard('Sales', 'sales', 'now-24h', 'Sales analyst view; times in the browser time zone.')
    .withVariable(filterVar('category', 'category', 'Category'))
    .withVariable(filterVar('city', 'city', 'City'))
    .withVariable(filterVar('country', 'country', 'Country'))
    .withVariable(filterVar('payment', 'payment', 'Payment'))
    .withVariable(new ConstantVariableBuilder('loyal_after').value('5'))
    .withVariable(new ConstantVariableBuilder('longterm').value(LONGTERM_DEFAULT))
    .withPanel(
      withAll(money(new stat.PanelBuilder().id(1).title('Revenue today vs yesterday and last week (same time of day)').gridPos(at(0, 0, 12, 4)).datasource(DS)
        .withTarget(flux(todayVs('revenue')))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .overrideByName('today', [{ id: 'displayName', value: 'Revenue today' }])
        .overrideByName('vs_yesterday', [{ id: 'displayName', value: 'vs yesterday' }, { id: 'unit', value: 'percent' }])
        .overrideByName('vs_last_week', [{ id: 'displayName', value: 'vs last week' }, { id: 'unit', value: 'percent' }])), signedTiers()),
    )
    .withPanel(
      withAll(new stat.PanelBuilder().id(2).title('Orders today vs yesterday and last week').gridPos(at(12, 0, 8, 4)).datasource(DS)
        .withTarget(flux(todayVs('orders')))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .decimals(0)
        .overrideByName('today', [{ id: 'displayName', value: 'Orders today' }])
        .overrideByName('vs_yesterday', [{ id: 'displayName', value: 'vs yesterday' }, { id: 'unit', value: 'percent' }])
        .overrideByName('vs_last_week', [{ id: 'displayName', value: 'vs last week' }, { id: 'unit', value: 'percent' }]), signedTiers(0)),
    )
    .withPanel(
      money(new stat.PanelBuilder().id(3).title('Peak hour today').gridPos(at(20, 0, 4, 4)).datasource(DS)
        .withTarget(flux(peakHour))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false).fields('/.*/'))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .overrideByName('peak_hour', [{ id: 'displayName', value: 'Peak hour starts' }, { id: 'unit', value: 'time:HH:00' }])
        .overrideByName('revenue', [{ id: 'displayName', value: 'Revenue in that hour' }])),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(4).title('Revenue per hour: today, yesterday, same day last week').gridPos(at(0, 4, 12, 8)).datasource(DS)
        .withTarget(flux(dayCurve('0d', 'today'), 'A'))
        .withTarget(flux(dayCurve('1d', 'yesterday'), 'B'))
        .withTarget(flux(dayCurve('7d', 'same day last week'), 'C'))
        .timeFrom('now/d')
        .overrideByName('yesterday', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])
        .overrideByName('same day last week', [{ id: 'custom.lineStyle', value: { fill: 'dot', dash: [2, 6] } }])),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(5).title('Revenue per window by category').gridPos(at(12, 4, 12, 8)).datasource(DS)
        .withTarget(flux(perCategory))
        .displayName('${__field.labels.key}')
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)).fillOpacity(40)),
    )
    .withPanel(
      money(new piechart.PanelBuilder().id(6).title('Payment-method mix (revenue)').gridPos(at(0, 12, 6, 8)).datasource(DS)
        .withTarget(flux(payments))
        .displayName('${__field.labels.key}')
        .pieType(piechart.PieChartType.Donut)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .displayLabels([piechart.PieChartLabels.Percent])
        .legend(new piechart.PieChartLegendOptionsBuilder().displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Right).showLegend(true).values([piechart.PieChartLegendValues.Percent]))),
    )
    .withPanel(
      money(new barchart.PanelBuilder().id(7).title('Revenue by city (top 15)').gridPos(at(6, 12, 9, 8)).datasource(DS)
        .withTarget(flux(byKey('city', 'city')))
        .orientation(common.VizOrientation.Horizontal).xField('city')),
    )
    .withPanel(
      money(new barchart.PanelBuilder().id(8).title('Revenue by country').gridPos(at(15, 12, 9, 8)).datasource(DS)
        .withTarget(flux(byKey('country', 'country')))
        .orientation(common.VizOrientation.Horizontal).xField('country')),
    )
    .withPanel(
      withAll(
        money(new table.PanelBuilder().id(9).title('Top customers (lifetime)').gridPos(at(0, 20, 12, 8)).datasource(DS).withTarget(flux(customers))),
        [
          { matcher: { id: 'byName', options: 'orders' }, properties: [{ id: 'unit', value: 'none' }, { id: 'decimals', value: 0 }] },
          { matcher: { id: 'byName', options: 'customer_id' }, properties: [{ id: 'displayName', value: 'Customer' }] },
        ],
      ),
    )
    .withPanel(
      new timeseries.PanelBuilder().id(10).title('Orders and high-ticket orders per window').gridPos(at(12, 20, 12, 8)).datasource(DS)
        .withTarget(flux(perMinute('orders', 'orders'), 'A'))
        .withTarget(flux(perMinute('high_ticket', 'high-ticket orders'), 'B'))
        .decimals(0),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(11).title('Revenue per day, last 30 days (long-term bucket)').gridPos(at(0, 28, 12, 8)).datasource(DS)
        .withTarget(flux(trend))
        .timeFrom('30d')
        .drawStyle(common.GraphDrawStyle.Bars).fillOpacity(60)),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(12).title('Revenue per day, last 365 days (long-term bucket)').gridPos(at(12, 28, 12, 8)).datasource(DS)
        .withTarget(flux(trend))
        .timeFrom('365d')),
    )
    .build();
}
