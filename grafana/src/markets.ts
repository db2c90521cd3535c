/** Trader view: one symbol's candles from the right source for the range, indicators, day stats. */
import * as candlestick from '@grafana/grafana-foundation-sdk/candlestick';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ConstantVariableBuilder, CustomVariableBuilder, FieldColorBuilder, FieldColorModeId, QueryVariableBuilder, ThresholdsConfigBuilder, ThresholdsMode, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { at, byName, changePercent, DS, flux, legend, PLAIN, SIGNED, SYMBOL, tickflowDashboard, withAll } from './common.js';
import { positiveTiers, signedTiers } from './decimals.js';
import { BUCKETS, MEASUREMENTS as M } from '@tickflow/contracts';

/**
 * The candle source for the range (or the `candle` variable): raw 1m candles for up to 2 days,
 * the processor's 1h candles (long-term bucket) up to 90 days, its daily candles (daily bucket,
 * kept for years) beyond.
 */
export const CANDLES = `
  import "math"

  span = int(v: v.timeRangeStop) - int(v: v.timeRangeStart)
  interval = if "\${candle}" != "auto" then "\${candle}" else if span <= int(v: 2d) then "1m" else if span <= int(v: 90d) then "1h" else "1d"
  candles = from(bucket: if interval == "1m" then v.defaultBucket else if interval == "1h" then "\${longterm}" else "\${daily}")
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.candle}" and r.interval == interval and ${SYMBOL})
  closes = candles |> filter(fn: (r) => r._field == "close") |> keep(columns: ["_time", "_value"])
  named = (tables=<-, name) => tables |> keep(columns: ["_time", "_value"]) |> set(key: "_field", value: name)`;

const candleQuery = `${CANDLES}
  sma = closes |> movingAverage(n: 20)
  sq = closes |> map(fn: (r) => ({r with _value: r._value * r._value})) |> movingAverage(n: 20)
  // Bollinger (20, 2 population SD): SD from the moving means of x and x^2.
  bands = union(tables: [sma |> named(name: "m"), sq |> named(name: "q")])
    |> group()
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
    |> map(fn: (r) => ({_time: r._time, m: r.m, sd: math.sqrt(x: if r.q > r.m * r.m then r.q - r.m * r.m else 0.0)}))
  union(tables: [
      candles |> filter(fn: (r) => r._field =~ /^(open|high|low|close|volume)$/) |> keep(columns: ["_time", "_value", "_field"]),
      sma |> named(name: "sma_20"),
      closes |> exponentialMovingAverage(n: 20) |> named(name: "ema_20"),
      bands |> map(fn: (r) => ({_time: r._time, _value: r.m + 2.0 * r.sd})) |> named(name: "bb_upper"),
      bands |> map(fn: (r) => ({_time: r._time, _value: r.m - 2.0 * r.sd})) |> named(name: "bb_lower"),
  ])
    |> group()
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
    |> sort(columns: ["_time"])`;

const rsiQuery = `${CANDLES}
  closes |> relativeStrengthIndex(n: 14) |> named(name: "RSI 14") |> group(columns: ["_field"])`;

const macdQuery = `${CANDLES}
  pair = (a, b) => union(tables: [a |> named(name: "a"), b |> named(name: "b")])
    |> group()
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
    |> filter(fn: (r) => exists r.a and exists r.b)
    |> map(fn: (r) => ({_time: r._time, _value: r.a - r.b}))
  macd = pair(a: closes |> exponentialMovingAverage(n: 12), b: closes |> exponentialMovingAverage(n: 26))
  signal = macd |> exponentialMovingAverage(n: 9)
  union(tables: [macd |> named(name: "MACD"), signal |> named(name: "Signal"), pair(a: macd, b: signal) |> named(name: "MACD histogram")])
    |> group(columns: ["_field"])
    |> sort(columns: ["_time"])`;

const lastPrice = `
  import "array"
  import "date"

  prices = from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: 7d, from: v.timeRangeStop), stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.quote}" and r._field == "price" and ${SYMBOL})
  today = date.truncate(t: v.timeRangeStop, unit: 1d)
  lastRec = prices |> last() |> findRecord(fn: (key) => true, idx: 0)
  prevRec = prices |> range(start: date.sub(d: 7d, from: today), stop: today) |> last() |> findRecord(fn: (key) => true, idx: 0)`;

const changeQuery = `${lastPrice}
  // Change vs the previous close: the last price before today's 00:00 (UTC).
  array.from(rows: [{_time: lastRec._time, last: lastRec._value, change: lastRec._value - prevRec._value, change_pct: (lastRec._value - prevRec._value) / prevRec._value * 100.0}])`;

const dayRange = `
  import "date"

  today = from(bucket: v.defaultBucket)
    |> range(start: date.truncate(t: v.timeRangeStop, unit: 1d), stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.quote}" and r._field == "price" and ${SYMBOL})
  union(tables: [
      today |> max() |> map(fn: (r) => ({_field: "day_high", _value: r._value})),
      today |> min() |> map(fn: (r) => ({_field: "day_low", _value: r._value})),
  ])
    |> group()
    |> pivot(rowKey: [], columnKey: ["_field"], valueColumn: "_value")`;

const marketState = `
  import "date"

  from(bucket: v.defaultBucket)
    |> range(start: date.sub(d: 7d, from: v.timeRangeStop), stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.quote}" and r._field == "market_state" and ${SYMBOL})
    |> last()
    |> keep(columns: ["_time", "_value"])
    |> rename(columns: {_value: "state"})`;

const compareQuery = `
  // Each symbol's price per window, rebased to 100 at its first value in the range.
  prices = from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.quote}" and r._field == "price" and r.symbol =~ /^\${compare:regex}$/)
    |> aggregateWindow(every: v.windowPeriod, fn: last, createEmpty: false)
    |> keep(columns: ["_time", "_value", "symbol"])
  base = prices |> first() |> keep(columns: ["symbol", "_value"]) |> rename(columns: {_value: "base"})
  join(tables: {p: prices, b: base}, on: ["symbol"])
    |> map(fn: (r) => ({_time: r._time, symbol: r.symbol, _value: r._value / r.base * 100.0}))
    |> group(columns: ["symbol"])`;

const patternAnnotations = `
  from(bucket: v.defaultBucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => r._measurement == "${M.pattern}" and ${SYMBOL})
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
    |> map(fn: (r) => ({_time: r._time, text: r.name + " (" + r.direction + ", " + r.interval + ")", tags: r.direction}))
    |> group()`;

const symbolsQuery = `import "influxdata/influxdb/schema"\n\nschema.measurementTagValues(bucket: v.defaultBucket, measurement: "${M.quote}", tag: "symbol")`;

/** The constant variables' defaults: the bucket names influxdb/setup.ts creates by default. */
export const LONGTERM_DEFAULT = BUCKETS.longterm.name;
export const DAILY_DEFAULT = BUCKETS.daily.name;

/** A stat in the theme's text colour (common.ts PLAIN). */
export const plain = () => new FieldColorBuilder().mode(FieldColorModeId.Fixed).fixedColor(PLAIN.fixedColor);

export function markets(): Dashboard {
  return tickflowDashboard('Markets', 'markets', 'now-6h', 'Trader view of one symbol: candles from the right source for the range, overlays, RSI/MACD, day stats, patterns.')
    .withVariable(new QueryVariableBuilder('symbol').label('Symbol').datasource(DS).query(symbolsQuery).refresh(2).sort(1))
    .withVariable(new QueryVariableBuilder('compare').label('Compare').datasource(DS).query(symbolsQuery).refresh(2).sort(1).multi(true).includeAll(true))
    .withVariable(new CustomVariableBuilder('candle').label('Candles').values('auto,1m,1h,1d').current({ text: 'auto', value: 'auto' }))
    .withVariable(new ConstantVariableBuilder('longterm').value(LONGTERM_DEFAULT))
    .withVariable(new ConstantVariableBuilder('daily').value(DAILY_DEFAULT))
    .annotation({ build: () => ({ name: 'Alerts', enable: true, iconColor: 'red', builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, type: 'dashboard' }) })
    .annotation({ build: () => ({ name: 'Candlestick patterns', enable: true, iconColor: 'orange', datasource: DS, target: flux(patternAnnotations, 'Anno').build() as never }) })
    .withPanel(
      withAll(
        new stat.PanelBuilder().id(1).title('${symbol} last price').gridPos(at(0, 0, 6, 4)).datasource(DS)
          .withTarget(flux(changeQuery))
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('/^last$/').values(false))
          .textMode(common.BigValueTextMode.Value).graphMode(common.BigValueGraphMode.None)
          .colorScheme(plain())
          .unit('prefix:$').decimals(2),
        positiveTiers(),
      ),
    )
    .withPanel(
      withAll(
        new stat.PanelBuilder().id(2).title('Change vs previous close').gridPos(at(6, 0, 6, 4)).datasource(DS)
          .withTarget(flux(changeQuery))
          // Grafana matches this pattern against display names, after the overrides below rename.
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('/^Change( %)?$/').values(false))
          .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None).colorMode(common.BigValueColorMode.Value)
          .unit('prefix:$').decimals(2)
          .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.Thresholds))
          .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([...SIGNED.thresholds.steps] as never))
          .overrideByName('change', [{ id: 'displayName', value: 'Change' }]),
        // The % change after the tiers: 2 decimals (the last matching override wins).
        [...signedTiers(), changePercent('change_pct', 'Change %')],
      ),
    )
    .withPanel(
      withAll(
        new stat.PanelBuilder().id(3).title('Day high / low').gridPos(at(12, 0, 6, 4)).datasource(DS)
          .withTarget(flux(dayRange))
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
          .textMode(common.BigValueTextMode.ValueAndName).colorMode(common.BigValueColorMode.None).graphMode(common.BigValueGraphMode.None)
          .colorScheme(plain())
          .unit('prefix:$').decimals(2)
          .overrideByName('day_high', [{ id: 'displayName', value: 'Day high' }])
          .overrideByName('day_low', [{ id: 'displayName', value: 'Day low' }]),
        positiveTiers(),
      ),
    )
    .withPanel(
      new stat.PanelBuilder().id(4).title('Market state').gridPos(at(18, 0, 6, 4)).datasource(DS)
        .withTarget(flux(marketState))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('/^state$/').values(false))
        .textMode(common.BigValueTextMode.Value).colorMode(common.BigValueColorMode.Background).graphMode(common.BigValueGraphMode.None)
        .noValue('24/7 (no session)')
        .mappings([{ type: 'value', options: { PRE: { text: 'Pre-market', color: 'blue', index: 0 }, REGULAR: { text: 'Open', color: 'green', index: 1 }, POST: { text: 'After hours', color: 'purple', index: 2 }, CLOSED: { text: 'Closed', color: 'text', index: 3 } } } as never]),
    )
    .withPanel(
      withAll(
        new candlestick.PanelBuilder().id(5).title('${symbol} candles, SMA/EMA 20, Bollinger (20, 2)').gridPos(at(0, 4, 24, 12)).datasource(DS).legend(legend())
          .withTarget(flux(candleQuery))
          .mode(candlestick.VizDisplayMode.CandlesVolume).candleStyle(candlestick.CandleStyle.Candles).colorStrategy(candlestick.ColorStrategy.OpenClose)
          .colors(new candlestick.CandlestickColorsBuilder().up('green').down('red'))
          .includeAllFields(true)
          .unit('prefix:$').decimals(2)
          .maxDataPoints(1500)
          .overrideByName('sma_20', [{ id: 'displayName', value: 'SMA 20' }, { id: 'color', value: { mode: 'fixed', fixedColor: 'blue' } }])
          .overrideByName('ema_20', [{ id: 'displayName', value: 'EMA 20' }, { id: 'color', value: { mode: 'fixed', fixedColor: 'orange' } }])
          .overrideByName('bb_upper', [
            { id: 'displayName', value: 'Bollinger upper' },
            { id: 'custom.fillBelowTo', value: 'Bollinger lower' },
            { id: 'custom.fillOpacity', value: 10 },
            { id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } },
          ])
          .overrideByName('bb_lower', [{ id: 'displayName', value: 'Bollinger lower' }, { id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } }]),
        [...positiveTiers(), byName('volume', { unit: 'none', decimals: 0 })],
      ),
    )
    .withPanel(
      new timeseries.PanelBuilder().id(6).title('RSI (14) on candle closes').gridPos(at(0, 16, 12, 7)).datasource(DS).legend(legend())
        .withTarget(flux(rsiQuery))
        .min(0).max(100).decimals(2)
        .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null as never, color: 'transparent' }, { value: 30, color: 'green' }, { value: 70, color: 'red' }]))
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.LineAndArea)),
    )
    .withPanel(
      withAll(
        new timeseries.PanelBuilder().id(7).title('MACD (12, 26, 9) on candle closes').gridPos(at(12, 16, 12, 7)).datasource(DS).legend(legend())
          .withTarget(flux(macdQuery))
          .decimals(2)
          .overrideByName('MACD histogram', [{ id: 'custom.drawStyle', value: 'bars' }, { id: 'custom.fillOpacity', value: 60 }]),
        // 3 significant digits of the larger extreme: the axis ticks take these decimals too
        // (0.0300, not 0.0300000), and an oscillator is read against its zero line. The axis
        // takes the first series' decimals: "MACD histogram" sorts after "MACD" (Flux orders
        // the tables by _field), so MACD's, not the smaller histogram's.
        signedTiers(2, 0, 3),
      ),
    )
    .withPanel(
      new timeseries.PanelBuilder().id(8).title('Normalised comparison (first value in range = 100)').gridPos(at(0, 23, 24, 8)).datasource(DS).legend(legend())
        .withTarget(flux(compareQuery))
        .decimals(2),
    )
    .build();
}
