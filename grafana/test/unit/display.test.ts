// @vitest-environment jsdom
// What the dashboards display, computed by Grafana's own frontend code (@grafana/data,
// @grafana/scenes) from frames shaped as the InfluxDB data source returns them.
import { dateMath } from '@grafana/data';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dashboard, panel } from '../../check/dashboards.js';
import { legendOf } from '../../check/legend.js';
import { panelFrames, reducedValues, shown } from '../../check/panel.js';
import { dashboardVariables } from '../../check/variables.js';
import type { Frame } from '../../model/frames.js';

const frame = (fields: [string, Frame['fields'][number]['type'], unknown[]][]): Frame => ({
  name: '',
  refId: 'A',
  fields: fields.map(([name, type, values]) => ({ name, type, values: values as never[], config: {} })),
});

describe('Markets', () => {
  const markets = dashboard('markets');
  const vars = dashboardVariables(markets.templating.list, { symbol: ['AAPL'], compare: ['AAPL'] });

  it('"Change vs previous close" shows the change and the % change, named as the overrides say', () => {
    const change = frame([['_time', 'time', [Date.UTC(2026, 10, 25, 12)]], ['last', 'number', [191.5]], ['change', 'number', [1.5]], ['change_pct', 'number', [0.7894]]]);
    const shownValues = reducedValues(panel(markets, 2), [change], vars).map((d) => [d.display.title, shown(d)]);
    expect(shownValues).toEqual([['Change', '$1.500'], ['Change %', '0.79%']]);
  });
});

describe('Sales', () => {
  const sales = dashboard('sales');
  const filters = ['category', 'city', 'country', 'segment', 'payment', 'product'];
  // What the variable queries list: the keys sold in the last 7 days.
  const seen = Object.fromEntries(filters.map((f) => [f, [`${f}-sold-this-week`]]));

  it('"Orders today" is a whole number, the comparisons percentages', () => {
    const vars = dashboardVariables(sales.templating.list, seen);
    const counts = frame([['today', 'number', [437]], ['vs_yesterday', 'number', [6.5851]], ['vs_last_week', 'number', [-0.22834]]]);
    expect(reducedValues(panel(sales, 2), [counts], vars).map((d) => [d.display.title, shown(d)])).toEqual([
      ['Orders today', '437'],
      ['vs yesterday', '6.59%'],
      ['vs last week', '-0.23%'],
    ]);
  });

  it('a filter at All keeps every key, not only those the variable query listed', () => {
    const vars = dashboardVariables(sales.templating.list, seen);
    for (const f of filters) {
      const pattern = new RegExp(`^${vars.interpolate(`\${${f}:regex}`)}$`);
      expect(pattern.test(`${f}-only-sold-last-month`), f).toBe(true);
    }
  });

  it('a picked filter value keeps that key only', () => {
    const vars = dashboardVariables(sales.templating.list, seen, { city: ['Paris'] });
    const pattern = new RegExp(`^${vars.interpolate('${city:regex}')}$`);
    expect([pattern.test('Paris'), pattern.test('Parisx'), pattern.test('Lyon')]).toEqual([true, false, false]);
  });

  it('money columns format amounts; order and customer ids that look numeric stay as written', () => {
    const vars = dashboardVariables(sales.templating.list, seen);
    for (const id of [9, 14, 15]) {
      const rows = frame([['order_id', 'string', ['536365']], ['customer_id', 'string', ['17850']], ['amount', 'number', [1234.5]]]);
      const [f] = panelFrames(panel(sales, id), [rows], vars);
      const text = (name: string) => {
        const field = f?.fields.find((x) => x.name === name);
        const d = field?.display?.(field.values[0]);
        return `${d?.prefix ?? ''}${d?.text}${d?.suffix ?? ''}`;
      };
      expect([text('order_id'), text('customer_id'), text('amount')], `panel ${id}`).toEqual(['536365', '17850', '$1234.50']);
    }
  });
});

describe('one "today" for panels and Flux', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // 18:00 in New York is 23:00 UTC: a browser-zone "today" would start at 05:00 UTC.
  it.each(['America/New_York', 'Asia/Tokyo', 'UTC'])('the panels\' now/d is the UTC midnight Flux truncates to, for a viewer in %s', (zone) => {
    const now = Date.UTC(2026, 10, 25, 23, 0);
    vi.useFakeTimers({ now, toFake: ['Date'] });
    for (const name of ['markets', 'sales'] as const) {
      const tz = dashboard(name).timezone ?? 'browser';
      // Grafana's "browser" zone is the viewer's: resolve it to the zone under test.
      const start = dateMath.parse('now/d', false, tz === 'browser' ? zone : tz);
      expect(start?.valueOf(), name).toBe(Date.UTC(2026, 10, 25));
    }
  });
});

describe('legends', () => {
  // Grafana's TimeSeries component (the time series and candlestick panels) with each panel's
  // legend options: drawn, naming its series, or left out.
  it.each(['markets', 'sales', 'pipeline'] as const)('every time series, candlestick and bar chart panel of %s draws its legend', (name) => {
    const charts = dashboard(name).panels.filter((p) => ['timeseries', 'candlestick', 'barchart'].includes(p.type));
    expect(charts.length).toBeGreaterThan(0);
    for (const p of charts) expect(legendOf(p.options, 'SMA 20'), `${p.id} ${p.title}`).toEqual({ drawn: true, names: ['SMA 20'] });
  });

  it('the foundation SDK\'s default (showLegend false) draws none', () => {
    expect(legendOf({ legend: { showLegend: false, displayMode: 'list', placement: 'bottom', calcs: [] } })).toEqual({ drawn: false, names: [] });
  });
});
