import { describe, expect, it } from 'vitest';
import { barChart, candleChart, compact, niceStep } from '../../../../src/core/report/charts.js';
import type { DayBar } from '../../../../src/core/report/figures.js';

// Plot area of every chart: 900 x 420, margins l 90, r 24, t 44, b 90 -> x 90..876 (786 wide), y 44..330 (286 high).

/** Every `<tag .../>` or `<tag ...>text</tag>` of the SVG, attributes as strings plus its text. */
function elements(svg: string, tag: string): (Record<string, string> & { text: string })[] {
  const re = new RegExp(`<${tag}((?: [\\w-]+="[^"]*")*)\\s*/?>(?:([^<]*)</${tag}>)?`, 'g');
  return [...svg.matchAll(re)].map((m) => {
    const attrs: Record<string, string> & { text: string } = { text: m[2] ?? '' };
    for (const a of (m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1] as string] = a[2] as string;
    return attrs;
  });
}
const num = (s: string | undefined): number => Number(s);
const expectNums = (actual: (string | undefined)[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(num(a)).toBeCloseTo(expected[i] as number, 6));
};

const day = (d: string, open: number, high: number, low: number, close: number, sma5: number | null = null, sma20: number | null = null): DayBar => ({ day: d, open, high, low, close, volume: 1, ticks: 1, sma5, sma20, ret: null });

describe('niceStep', () => {
  it('picks 1, 2, 5 or 10 x 10^n for about n intervals, rounding the raw step up', () => {
    // raw = span / 4: 1 -> 1, 2 -> 2, 2.5 -> 5, 5 -> 5, 6 -> 10, 1.1 -> 2, 5.5 -> 10
    expect([4, 8, 10, 20, 24, 4.4, 22].map((s) => niceStep(s))).toEqual([1, 2, 5, 5, 10, 2, 10]);
    expect(niceStep(1)).toBe(0.5); // raw 0.25: mag 0.1, f 2.5 -> 5
    expect(niceStep(0.9)).toBeCloseTo(0.5, 12); // raw 0.225: mag 0.1, f 2.25 -> 5
    expect(niceStep(4000)).toBe(1000);
    expect(niceStep(100, 10)).toBe(10);
    expect(niceStep(12, 2)).toBe(10);
    expect(niceStep(0)).toBe(1); // an empty span still steps
  });
});

describe('compact', () => {
  it('abbreviates by G, M and k, keeps integers and 2 decimals from 1, 3 significant digits below', () => {
    const cases: [number, string][] = [
      [2.5e9, '2.5G'], [1e9, '1G'], [-3e9, '-3G'], [999_000_000, '999M'], [1e6, '1M'], [-1.5e6, '-1.5M'],
      [999_900, '999.9k'], [10_000, '10k'], [-25_000, '-25k'], [9999, '9999'], [100, '100'], [100.4, '100'], [-250.4, '-250'],
      [99.5, '99.50'], [1, '1'], [-7, '-7'], [1.5, '1.50'], [-12.5, '-12.50'], [0.5, '0.5'], [-0.5, '-0.5'], [0.123456, '0.123'], [0, '0'],
    ];
    expect(cases.map(([v]) => compact(v))).toEqual(cases.map(([, s]) => s));
  });
});

describe('barChart', () => {
  // values 10, 20, 40: top = 40 * 1.1 = 44, so y(v) = 330 - v * 286 / 44 = 330 - 6.5 v; step niceStep(44) = 20.
  const svg = barChart('Orders <by> hour & day', ['a', 'b"q', 'a-very-long-label-that-is-cut'], [10, 20, 40], { yLabel: 'Orders & more', highlight: 1 });

  it('frames the chart with a white background and an escaped, centred title', () => {
    const lines = svg.split('\n');
    expect(lines[0]).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420" font-family="DejaVu Sans, Arial, sans-serif">');
    expect(lines[1]).toBe('<rect width="900" height="420" fill="#fff"/>');
    expect(lines[2]).toBe('<text x="450" y="26" font-size="17" font-weight="bold" text-anchor="middle">Orders &#60;by&#62; hour &#38; day</text>');
    expect(lines[3]).toBe('<line x1="90" x2="876" y1="330" y2="330" stroke="#e3e3e3"/>'); // the grid comes first
    expect(lines.at(-1)).toBe('</svg>');
  });

  it('draws grid lines and labels at the nice ticks 0, 20, 40 from zero to the top', () => {
    const grid = elements(svg, 'line');
    expect(grid.map((l) => [l.x1, l.x2, l.stroke])).toEqual(Array(3).fill(['90', '876', '#e3e3e3']));
    expectNums(grid.map((l) => l.y1), [330, 200, 70]);
    expectNums(grid.map((l) => l.y2), [330, 200, 70]);
    const ticks = elements(svg, 'text').filter((t) => t['text-anchor'] === 'end');
    expect(ticks.map((t) => [t.x, t.text])).toEqual([['82', '0'], ['82', '20'], ['82', '40']]);
    expectNums(ticks.map((t) => t.y), [334, 204, 74]);
  });

  it('draws one bar per value, heights proportional to the values, the highlighted one in red', () => {
    const bars = elements(svg, 'rect').filter((r) => r.x !== undefined);
    expect(bars).toHaveLength(3);
    // bar slot 786 / 3 = 262 wide, bar 76 % of it, 12 % inset
    expectNums(bars.map((b) => b.x), [90 + 31.44, 352 + 31.44, 614 + 31.44]);
    expectNums(bars.map((b) => b.width), [199.12, 199.12, 199.12]);
    expectNums(bars.map((b) => b.y), [265, 200, 70]);
    expectNums(bars.map((b) => b.height), [65, 130, 260]);
    expect(bars.map((b) => b.fill)).toEqual(['#4a7fb5', '#d9534f', '#4a7fb5']);
  });

  it('labels each bar with its value above it and each slot with its (escaped, cut) name below', () => {
    const texts = elements(svg, 'text');
    const values = texts.filter((t) => t['font-size'] === '11');
    expect(values.map((t) => t.text)).toEqual(['10', '20', '40']);
    expectNums(values.map((t) => t.x), [221, 483, 745]);
    expectNums(values.map((t) => t.y), [261, 196, 66]);
    expect(values.every((t) => t['text-anchor'] === 'middle')).toBe(true);
    const names = texts.filter((t) => t.transform?.includes('rotate(0)'));
    expect(names.map((t) => t.text)).toEqual(['a', 'b&#34;q', 'a-very-long-label-']);
    expect(names.map((t) => t.transform)).toEqual(['translate(221,344) rotate(0)', 'translate(483,344) rotate(0)', 'translate(745,344) rotate(0)']);
    expect(names.every((t) => t['text-anchor'] === 'middle' && t['font-size'] === '12')).toBe(true);
    expect(svg).toContain('<text transform="translate(20,187) rotate(-90)" font-size="13" text-anchor="middle">Orders &#38; more</text>');
  });

  it('rotates names when more than 8 bars, drops value labels above 24 bars, tolerates missing names', () => {
    const eight = barChart('t', [], Array(8).fill(1));
    expect(eight.match(/rotate\(0\)" font-size="12" text-anchor="middle"><\/text>/g)).toHaveLength(8);
    const nine = barChart('t', ['x'], Array(9).fill(1));
    expect(nine.match(/rotate\(35\)" font-size="12" text-anchor="start">/g)).toHaveLength(9);
    expect(nine).not.toContain('rotate(0)');
    expect(elements(barChart('t', [], Array(24).fill(5)), 'text').filter((t) => t['font-size'] === '11')).toHaveLength(24);
    expect(elements(barChart('t', [], Array(25).fill(5)), 'text').filter((t) => t['font-size'] === '11')).toHaveLength(0);
  });

  it('draws no bar and no highlight by default; all-zero values give flat bars on the axis', () => {
    const empty = barChart('none', [], []);
    expect(elements(empty, 'rect')).toHaveLength(1);
    expect(empty).toContain('rotate(-90)" font-size="13" text-anchor="middle"></text>');
    const zeros = elements(barChart('z', ['a', 'b'], [0, 0]), 'rect').filter((r) => r.x !== undefined);
    expectNums(zeros.map((r) => r.y), [330, 330]);
    expectNums(zeros.map((r) => r.height), [0, 0]);
    expect(zeros.map((r) => r.fill)).toEqual(['#4a7fb5', '#4a7fb5']);
  });
});

describe('candleChart', () => {
  // lows 90, highs 110: pad 5 % of 20 = 1, range 89..111, y(v) = 330 - 13 (v - 89); 3 days: slot 262, centres 221, 483, 745.
  const days = [day('2026-11-02', 95, 110, 90, 105), day('2026-11-03', 100, 104, 98, 100, 100), day('2026-11-04', 108, 109, 91, 96, 104, 100)];
  const svg = candleChart('AAA <daily>', days);

  it('draws the price grid at nice ticks 90, 100, 110 within the padded range', () => {
    const ticks = elements(svg, 'text').filter((t) => t['text-anchor'] === 'end');
    expect(ticks.map((t) => t.text)).toEqual(['90', '100', '110']);
    expectNums(ticks.map((t) => t.y), [321, 191, 61]);
    expect(svg).toContain('AAA &#60;daily&#62;</text>');
  });

  it('draws one wick and one body per day: green when close >= open, red below, body at least 1 px', () => {
    const wicks = elements(svg, 'line').filter((l) => l.stroke !== '#e3e3e3');
    expect(wicks.map((w) => w.stroke)).toEqual(['#2e8b57', '#2e8b57', '#c0392b']);
    expectNums(wicks.map((w) => w.x1), [221, 483, 745]);
    expectNums(wicks.map((w) => w.x2), [221, 483, 745]);
    expectNums(wicks.map((w) => w.y1), [57, 135, 70]); // highs 110, 104, 109
    expectNums(wicks.map((w) => w.y2), [317, 213, 304]); // lows 90, 98, 91
    const bodies = elements(svg, 'rect').filter((r) => r.x !== undefined && r.width !== '14');
    expect(bodies.map((b) => b.fill)).toEqual(['#2e8b57', '#2e8b57', '#c0392b']);
    expectNums(bodies.map((b) => b.x), [221 - 91.7, 483 - 91.7, 745 - 91.7]);
    expectNums(bodies.map((b) => b.width), [183.4, 183.4, 183.4]);
    expectNums(bodies.map((b) => b.y), [122, 187, 83]); // max(open, close): 105, 100, 108
    expectNums(bodies.map((b) => b.height), [130, 1, 156]); // 95..105, a doji, 96..108
  });

  it('draws a moving average only where it has at least two points', () => {
    const lines = elements(svg, 'polyline');
    expect(lines).toEqual([{ text: '', points: '483.0,187.0 745.0,135.0', fill: 'none', stroke: '#f0ad4e', 'stroke-width': '2' }]);
  });

  it('labels the days and shows the legend', () => {
    const labels = elements(svg, 'text').filter((t) => t.transform !== undefined);
    expect(labels.map((t) => [t.transform, t.text])).toEqual([
      ['translate(221,344) rotate(35)', '2026-11-02'], ['translate(483,344) rotate(35)', '2026-11-03'], ['translate(745,344) rotate(35)', '2026-11-04'],
    ]);
    expect(svg).toContain('<rect x="100" y="48" width="14" height="4" fill="#f0ad4e"/><text x="120" y="54" font-size="12">SMA 5d</text>');
    expect(svg).toContain('<rect x="210" y="48" width="14" height="4" fill="#5b3fa0"/><text x="230" y="54" font-size="12">SMA 20d</text>');
  });

  it('labels about 10 days on long ranges and draws both averages when present', () => {
    const many = Array.from({ length: 12 }, (_, i) => day(`d${i}`, 10, 12, 8, 11, 10 + i / 10, 9));
    const svg12 = candleChart('x', many);
    const labels = elements(svg12, 'text').filter((t) => t.transform?.includes('rotate(35)'));
    expect(labels.map((t) => t.text)).toEqual(['d0', 'd2', 'd4', 'd6', 'd8', 'd10']);
    const lines = elements(svg12, 'polyline');
    expect(lines.map((l) => [l.stroke, l.points?.split(' ').length])).toEqual([['#f0ad4e', 12], ['#5b3fa0', 12]]);
    expect(elements(candleChart('x', many.slice(0, 10)), 'text').filter((t) => t.transform?.includes('rotate(35)'))).toHaveLength(10);
  });

  it('pads a flat price by 1 %, and a zero price by 1', () => {
    const flat = elements(candleChart('f', [day('d', 50, 50, 50, 50)]), 'text').filter((t) => t['text-anchor'] === 'end');
    expect(flat.map((t) => t.text)).toEqual(['49.50', '50', '50.50']); // 49.5..50.5, step 0.5
    const zero = elements(candleChart('z', [day('d', 0, 0, 0, 0)]), 'text').filter((t) => t['text-anchor'] === 'end');
    expect(zero.map((t) => t.text)).toEqual(['-1', '-0.5', '0', '0.5', '1']);
    const one = elements(candleChart('o', [day('d', 50, 50, 50, 50)]), 'rect').filter((r) => r.x !== undefined && r.width !== '14');
    expectNums(one.map((r) => r.x), [90 + 786 * 0.15]);
  });
});
