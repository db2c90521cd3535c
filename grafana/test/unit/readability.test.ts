// @vitest-environment jsdom
// Issue h22q: what a trader and an analyst read at a glance (colours, sizes, decimals, names),
// computed by Grafana's code: @grafana/data's applyFieldOverrides / getFieldDisplayValues /
// getFieldDisplayName, @grafana/ui's BigValue, with the stat plugin's default field config.
import { colorManipulator, createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { dashboard, panel } from '../../check/dashboards.js';
import { displayNames, panelFrames, reducedValues, shown } from '../../check/panel.js';
import { valueFontSize } from '../../check/stat-layout.js';
import { dashboardVariables } from '../../check/variables.js';
import type { Frame } from '../../model/frames.js';
import { withPluginDefaults } from '../../previews/page/plugin-defaults.js';

type Type = Frame['fields'][number]['type'];
const frame = (fields: [string, Type, unknown[], Record<string, string>?][]): Frame => ({
  name: '',
  refId: 'A',
  fields: fields.map(([name, type, values, labels]) => ({ name, type, values: values as never[], config: {}, ...(labels ? { labels } : {}) })),
});
const theme = createTheme();
// One notation for a colour: Grafana gives 'text' as rgb() from a fixed colour, as hex from a threshold step.
const hex = (c: string | undefined) => (c ? colorManipulator.asHexString(c) : c);
const colour = (name: string) => hex(theme.visualization.getColorByName(name));
const TEXT = hex(theme.colors.text.primary);
const RED = colour('red');
const GREEN = colour('green');

const markets = dashboard('markets');
const sales = dashboard('sales');
const pipeline = dashboard('pipeline');
const mVars = dashboardVariables(markets.templating.list, { symbol: ['AAPL'], compare: ['AAPL'] });
const sVars = dashboardVariables(sales.templating.list, Object.fromEntries(['category', 'city', 'country', 'segment', 'payment', 'product'].map((f) => [f, [f]])));
const pVars = dashboardVariables(pipeline.templating?.list ?? []);

/** Title, text and colour of each value, as the stat panel (with its plugin defaults) shows them. */
const stat = (d: typeof markets, id: number, frames: Frame[], vars: typeof mVars) =>
  reducedValues(withPluginDefaults(panel(d, id)), frames, vars).map((v) => ({ title: v.display.title, text: shown(v), color: hex(v.display.color) }));

const change = (last: number, c: number, pct: number) => frame([['_time', 'time', [Date.UTC(2026, 10, 25, 12)]], ['last', 'number', [last]], ['change', 'number', [c]], ['change_pct', 'number', [pct]]]);
const versus = (today: number, y: number, w: number) => frame([['today', 'number', [today]], ['vs_yesterday', 'number', [y]], ['vs_last_week', 'number', [w]]]);

describe('colours that mean something', () => {
  it('plain values (price, day range, revenue, orders, peak hour, processor state) are in the text colour, not the default thresholds\' red', () => {
    const plain = [
      ...stat(markets, 1, [change(190.26, 0.13, 0.07)], mVars),
      ...stat(markets, 3, [frame([['day_high', 'number', [190.28]], ['day_low', 'number', [190.12]]])], mVars),
      ...stat(sales, 1, [versus(142202.6, 56.8, -10.2)], sVars).slice(0, 1),
      ...stat(sales, 2, [versus(437, 6.6, -0.2)], sVars).slice(0, 1),
      ...stat(sales, 3, [frame([['peak_hour', 'time', [Date.UTC(2026, 10, 25, 10)]], ['revenue', 'number', [84051.94]]])], sVars),
      ...stat(pipeline, 8, [frame([['_time', 'time', [0]], ['Open windows', 'number', [94]]])], pVars),
    ];
    expect(plain.map((v) => [v.title, v.color])).toEqual(plain.map((v) => [v.title, TEXT]));
  });

  it('a change is red below 0, green above, the text colour at 0', () => {
    const colours = (vs: { color?: string }[]) => vs.map((v) => v.color);
    expect(colours(stat(markets, 2, [change(190, -0.5, -0.26)], mVars))).toEqual([RED, RED]);
    expect(colours(stat(markets, 2, [change(190, 0.13, 0.07)], mVars))).toEqual([GREEN, GREEN]);
    expect(colours(stat(markets, 2, [change(190, 0, 0)], mVars))).toEqual([TEXT, TEXT]);
    for (const id of [1, 2]) {
      expect(colours(stat(sales, id, [versus(437, 6.6, -0.2)], sVars)).slice(1), `panel ${id}`).toEqual([GREEN, RED]);
      expect(colours(stat(sales, id, [versus(437, 0, 0)], sVars)).slice(1), `panel ${id}`).toEqual([TEXT, TEXT]);
    }
  });

  it('an event too old for any bucket is red, none is green', () => {
    const lost = (n: number) => stat(pipeline, 9, [frame([['_time', 'time', [0]], ['too_old_events', 'number', [n]]])], pVars)[0]?.color;
    expect([lost(0), lost(3)]).toEqual([GREEN, RED]);
  });
});

describe('Revenue today vs yesterday and last week: readable numbers', () => {
  it('each value is drawn at 30 px or more in a third of the 12-column panel', () => {
    // A third of a 12-column panel of a 1600 px dashboard, 4 rows high: 254 x 100 px.
    const revenue = reducedValues(panel(sales, 1), [versus(142202.6, 56.76, -10.2)], sVars);
    const sizes = revenue.map((v) => Math.round(valueFontSize(v, panel(sales, 1).options, 254, 100)));
    expect(Math.min(...sizes), `value sizes ${sizes.join(', ')} px`).toBeGreaterThanOrEqual(30);
  });
});

describe('decimals a reader can use', () => {
  it('percentages show 2 decimals', () => {
    expect(stat(markets, 2, [change(190.26, 0.1332, 0.07008)], mVars).map((v) => v.text)).toEqual(['$0.1332', '0.07%']);
    expect(stat(sales, 1, [versus(142202.6, 56.764, -10.2)], sVars).map((v) => v.text)).toEqual(['$142202.60', '56.76%', '-10.20%']);
    expect(stat(sales, 2, [versus(437, 6.5851, -0.22834)], sVars).map((v) => v.text)).toEqual(['437', '6.59%', '-0.23%']);
  });

  it('the MACD axis and values show 3 significant digits of the larger extreme', () => {
    const macd = frame([['_time', 'time', [0, 60_000, 120_000]], ['MACD', 'number', [0.0295, 0.012, -0.0048]]]);
    const field = panelFrames(panel(markets, 7), [macd], mVars)[0]?.fields[1];
    // uPlot's axis formats each tick with the field's display processor and decimals.
    const text = (v: number) => field?.display?.(v).text;
    expect([0.03, 0.025, -0.005, 0.0295, -0.0048].map(text)).toEqual(['0.0300', '0.0250', '-0.0050', '0.0295', '-0.0048']);
  });

  it('durations (latency, checkpoint age) take Grafana\'s own decimals: 500 ms, 2.53 s, 17.2 s', () => {
    for (const id of [3, 6]) {
      const ages = frame([['_time', 'time', [0, 1, 2]], ['age_ms', 'number', [500, 2534, 17243]]]);
      const field = panelFrames(panel(pipeline, id), [ages], pVars)[0]?.fields[1];
      const text = (v: number) => { const d = field?.display?.(v); return `${d?.text}${d?.suffix ?? ''}`; };
      expect([500, 2534, 17243].map(text), `panel ${id}`).toEqual(['500 ms', '2.53 s', '17.2 s']);
    }
  });
});

describe('Processor state: readable names', () => {
  const state = (labels?: Record<string, string>) =>
    frame([['_time', 'time', [0]], ['Buffer fill', 'number', [0.001], labels], ['Open windows', 'number', [4], labels], ['Tracked partitions', 'number', [7], labels], ['Tracked symbols', 'number', [3], labels]]);

  it('one processor: the gauges\' names alone', () => {
    expect(displayNames(panelFrames(panel(pipeline, 8), [state()], pVars)).slice(1)).toEqual(['Buffer fill', 'Open windows', 'Tracked partitions', 'Tracked symbols']);
    expect(stat(pipeline, 8, [state()], pVars).map((v) => v.text)).toEqual(['0.10%', '4', '7', '3']);
  });

  it('several processors: each name with its instance', () => {
    const names = displayNames(panelFrames(panel(pipeline, 8), [state({ instance: 'vm-1' }), state({ instance: 'vm-2' })], pVars)).filter((n) => n !== '_time');
    expect(names).toEqual(['Buffer fill vm-1', 'Open windows vm-1', 'Tracked partitions vm-1', 'Tracked symbols vm-1', 'Buffer fill vm-2', 'Open windows vm-2', 'Tracked partitions vm-2', 'Tracked symbols vm-2']);
  });
});
