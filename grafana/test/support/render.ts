/**
 * Draws a dashboard as Grafana would lay it out (24-column grid), from the frames its queries
 * returned, with the display names, units and value mappings Grafana's own code computes
 * (check/panel.ts), and only what the panel options make Grafana draw (a legend only when
 * `legend.showLegend` is true): an SVG rasterised with resvg. A sketch for the README, not
 * Grafana's renderer (that needs a browser: see grafana/README.md, "Previews").
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FieldMatcherID, FieldType, getFieldDisplayName, getFieldMatcher, type DataFrame, type Field } from '@grafana/data';
import { panelFrames, type PanelModel } from '../../check/panel.js';
import type { DashboardVariables } from '../../check/variables.js';
import type { Dashboard } from '../../check/validate.js';
import type { DashboardRun, PanelRun } from './panels.js';

const COL = 56;
const ROW = 32;
const PALETTE = ['#73bf69', '#f2cc0c', '#5794f2', '#ff9830', '#f2495c', '#b877d9', '#8ab8ff', '#fade2a', '#ffb357', '#96d98d'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, size = 12, fill = '#ccccdc', anchor = 'start') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="${fill}" text-anchor="${anchor}">${esc(s)}</text>`;

interface ShownField {
  frame: DataFrame;
  field: Field;
  displayName: string;
}
const nums = (f: ShownField) => f.field.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
/** Grafana's display processor: unit, decimals, value mappings. */
function fmt(f: ShownField, v: unknown): string {
  const d = f.field.display?.(v);
  return d ? `${d.prefix ?? ''}${d.text}${d.suffix ?? ''}` : String(v);
}
function color(f: ShownField, i: number): string {
  const c = f.field.config.color as { mode?: string; fixedColor?: string } | undefined;
  const named: Record<string, string> = { blue: '#5794f2', orange: '#ff9830', purple: '#b877d9', green: '#73bf69', red: '#f2495c' };
  return c?.mode === 'fixed' && c.fixedColor ? (named[c.fixedColor] ?? c.fixedColor) : (PALETTE[i % PALETTE.length] as string);
}
const timeOf = (f: ShownField) => f.frame.fields.find((x) => x.type === 'time')?.values as number[] | undefined;
const showsLegend = (p: PanelRun): boolean => (p.panel.options as { legend?: { showLegend?: boolean } } | undefined)?.legend?.showLegend === true;

function body(p: PanelRun, x: number, y: number, w: number, h: number, variables: DashboardVariables): string {
  const data = panelFrames(p.panel as PanelModel, p.frames, variables);
  const every = data.flatMap((frame) => frame.fields.map((field) => ({ frame, field, displayName: getFieldDisplayName(field, frame, data) })));
  // Stat, gauge and pie: `reduceOptions.fields`, which Grafana matches against display names.
  const pattern = (p.panel.options as { reduceOptions?: { fields?: string } } | undefined)?.reduceOptions?.fields;
  const match = pattern ? getFieldMatcher({ id: FieldMatcherID.byRegexp, options: pattern }) : undefined;
  const view = { fields: every };
  const shown = every.filter((f) => f.field.type !== FieldType.time && (!match || match(f.field, f.frame, data)));
  const hidden = (f: ShownField) => ((f.field.config.custom as { hideFrom?: { viz?: boolean } } | undefined)?.hideFrom?.viz ?? false);
  if (shown.length === 0) {
    const nv = (p.panel.fieldConfig as { defaults?: { noValue?: string } } | undefined)?.defaults?.noValue ?? 'No data';
    return text(x + w / 2, y + h / 2, nv, 18, '#8e8e8e', 'middle');
  }
  const type = p.panel.type;
  if (type === 'stat') {
    const cells = shown.map((f) => ({ name: f.displayName, value: fmt(f, f.field.type === FieldType.number ? (nums(f).at(-1) ?? NaN) : f.field.values.at(-1)) }));
    const cw = w / cells.length;
    return cells.map((c, i) => text(x + cw * i + cw / 2, y + h / 2 - 4, c.value, Math.min(28, (cw / Math.max(c.value.length, 4)) * 1.6), '#73bf69', 'middle') + text(x + cw * i + cw / 2, y + h / 2 + 18, c.name, 11, '#ccccdc', 'middle')).join('');
  }
  if (type === 'table') {
    const cols = shown.slice(0, 6);
    const cw = w / cols.length;
    let out = cols.map((c, i) => text(x + 4 + cw * i, y + 14, c.displayName, 11, '#8ab8ff')).join('');
    const rows = Math.min(Math.floor((h - 20) / 16), cols[0]?.field.values.length ?? 0);
    for (let r = 0; r < rows; r++) out += cols.map((c, i) => text(x + 4 + cw * i, y + 32 + r * 16, fmt(c, c.field.values[r]), 11)).join('');
    return out;
  }
  if (type === 'piechart') {
    const slices = shown.map((f) => ({ f, v: nums(f).at(-1) ?? 0 }));
    const total = slices.reduce((a, s) => a + s.v, 0) || 1;
    const cx = x + h / 2;
    const cy = y + h / 2;
    const r = h / 2 - 6;
    let a0 = -Math.PI / 2;
    return slices.map((s, i) => {
      const a1 = a0 + (s.v / total) * 2 * Math.PI;
      const large = a1 - a0 > Math.PI ? 1 : 0;
      const d = `M${cx},${cy} L${cx + r * Math.cos(a0)},${cy + r * Math.sin(a0)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(a1)},${cy + r * Math.sin(a1)} Z`;
      a0 = a1;
      const label = showsLegend(p) ? text(x + h + 8, y + 14 + i * 16, `${s.f.displayName} ${((s.v / total) * 100).toFixed(1)}%`, 11, color(s.f, i)) : '';
      return `<path d="${d}" fill="${color(s.f, i)}"/>` + label;
    }).join('');
  }
  if (type === 'barchart') {
    const label = view.fields.find((f) => f.field.type === FieldType.string);
    const value = shown.find((f) => f.field.type === FieldType.number);
    if (!label || !value) return '';
    const vals = nums(value);
    const max = Math.max(...vals, 1e-300);
    const bh = Math.min(16, (h - 4) / vals.length);
    return vals.map((v, i) => `<rect x="${x + 90}" y="${y + 2 + i * bh}" width="${((w - 170) * v) / max}" height="${bh - 2}" fill="#5794f2"/>` + text(x + 86, y + bh * i + bh - 4, String(label.field.values[i]), Math.min(10, bh), '#ccccdc', 'end') + text(x + 94 + ((w - 170) * v) / max, y + bh * i + bh - 4, fmt(value, v), Math.min(10, bh))).join('');
  }
  // timeseries and candlestick: a shared time axis.
  const series = shown.filter((f) => f.field.type === FieldType.number && !hidden(f) && timeOf(f));
  const all = series.flatMap((f) => timeOf(f) ?? []);
  const t0 = Math.min(...all);
  const t1 = Math.max(...all, t0 + 1);
  const perRow = Math.max(1, Math.min(4, Math.floor((w - 16) / (7 * Math.max(...series.map((f) => f.displayName.length), 4) + 24))));
  const legendH = showsLegend(p) ? 16 * Math.ceil(series.length / perRow) : 0;
  const isCandle = type === 'candlestick';
  const volume = isCandle ? series.find((f) => f.field.name === 'volume') : undefined;
  const priced = series.filter((f) => f !== volume);
  const vals = priced.flatMap(nums);
  const barsIn = (f: ShownField) => (f.field.config.custom as { drawStyle?: string } | undefined)?.drawStyle === 'bars';
  const anyBars = priced.some(barsIn);
  const [v0, v1] = [Math.min(...vals, ...(anyBars ? [0] : [])), Math.max(...vals)];
  const plotH = h - legendH - 18 - (volume ? h * 0.18 : 0);
  const X = (t: number) => x + 70 + ((t - t0) / (t1 - t0)) * (w - 80);
  const Y = (v: number) => y + 4 + (1 - (v - v0) / (v1 - v0 || 1)) * plotH;
  let out = text(x + 66, y + 12, fmt(priced[0] ?? series[0]!, v1), 10, '#8e8e8e', 'end') + text(x + 66, y + plotH, fmt(priced[0] ?? series[0]!, v0), 10, '#8e8e8e', 'end');
  const iso = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');
  out += text(x + 70, y + plotH + 14, iso(t0), 10, '#8e8e8e') + text(x + w - 10, y + plotH + 14, `${iso(t1)} UTC`, 10, '#8e8e8e', 'end');
  const byName = new Map(series.map((f) => [f.displayName, f]));
  series.forEach((f, i) => {
    const below = (f.field.config.custom as { fillBelowTo?: string } | undefined)?.fillBelowTo;
    const other = below ? byName.get(below) : undefined;
    if (other) {
      const ts = timeOf(f) as number[];
      const pts = ts.map((t, k) => [t, f.field.values[k], other.field.values[k]] as const).filter(([, a, b]) => typeof a === 'number' && typeof b === 'number');
      const d = pts.map(([t, a]) => `${X(t)},${Y(a as number)}`).concat(pts.reverse().map(([t, , b]) => `${X(t)},${Y(b as number)}`));
      out += `<polygon points="${d.join(' ')}" fill="${color(f, i)}" fill-opacity="0.15"/>`;
    }
  });
  if (isCandle) {
    const get = (n: string) => series.find((f) => f.field.name === n)?.field.values as number[] | undefined;
    const [o, hi, lo, c] = [get('open'), get('high'), get('low'), get('close')];
    const ts = (series[0] && timeOf(series[0])) ?? [];
    const cw = Math.max(1, ((w - 80) / Math.max(ts.length, 1)) * 0.6);
    ts.forEach((t, k) => {
      if (!o || !hi || !lo || !c) return;
      const col = (c[k] as number) >= (o[k] as number) ? '#73bf69' : '#f2495c';
      out += `<line x1="${X(t)}" x2="${X(t)}" y1="${Y(hi[k] as number)}" y2="${Y(lo[k] as number)}" stroke="${col}"/>`;
      out += `<rect x="${X(t) - cw / 2}" y="${Math.min(Y(o[k] as number), Y(c[k] as number))}" width="${cw}" height="${Math.max(1, Math.abs(Y(o[k] as number) - Y(c[k] as number)))}" fill="${col}"/>`;
      if (volume) {
        const vv = nums(volume);
        const vmax = Math.max(...vv, 1e-300);
        const vh = (h * 0.16 * ((volume.field.values[k] as number) || 0)) / vmax;
        out += `<rect x="${X(t) - cw / 2}" y="${y + plotH + 18 + h * 0.16 - vh}" width="${cw}" height="${vh}" fill="${col}" fill-opacity="0.5"/>`;
      }
    });
  }
  priced.forEach((f, i) => {
    if (isCandle && ['open', 'high', 'low', 'close'].includes(f.field.name)) return;
    const ts = timeOf(f) as number[];
    const pts = ts.map((t, k) => [t, f.field.values[k]] as const).filter(([, v]) => typeof v === 'number');
    if (barsIn(f)) out += pts.map(([t, v]) => `<line x1="${X(t)}" x2="${X(t)}" y1="${Y(0)}" y2="${Y(v as number)}" stroke="${color(f, i)}" stroke-width="${Math.max(2, Math.min(24, (w - 80) / Math.max(pts.length * 2, 1)))}"/>`).join('');
    else if (pts.length === 1) out += `<circle cx="${X(pts[0]![0])}" cy="${Y(pts[0]![1] as number)}" r="3" fill="${color(f, i)}"/>`;
    else out += `<polyline points="${pts.map(([t, v]) => `${X(t).toFixed(1)},${Y(v as number).toFixed(1)}`).join(' ')}" fill="none" stroke="${color(f, i)}" stroke-width="1.5"/>`;
  });
  const legend = !showsLegend(p) ? [] : isCandle ? series.filter((f) => !['open', 'high', 'low', 'close'].includes(f.field.name)) : series;
  legend.forEach((f, i) => {
    const lx = x + 8 + (i % perRow) * ((w - 16) / perRow);
    const ly = y + h - legendH + 12 + Math.floor(i / perRow) * 16;
    out += `<rect x="${lx}" y="${ly - 8}" width="12" height="4" fill="${color(f, series.indexOf(f))}"/>` + text(lx + 16, ly - 2, f.displayName, 11);
  });
  return out;
}

export function renderSvg(d: Dashboard, v: DashboardRun): string {
  const panels = v.panels;
  const height = Math.max(...panels.map((p) => (p.panel.gridPos.y + p.panel.gridPos.h) * ROW)) + 40;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${24 * COL}" height="${height}"><rect width="100%" height="100%" fill="#111217"/>`;
  const vars = Object.entries(v.vars).filter(([k]) => k !== 'longterm' && k !== 'daily').map(([k, val]) => `${k}=${Array.isArray(val) ? (val.length > 3 ? 'All' : val.join('+')) : val === '.*' ? 'All' : val}`);
  svg += text(10, 24, `${d.title}   ${vars.join('  ')}`, 16, '#ffffff');
  for (const p of panels) {
    const { x, y, w, h } = p.panel.gridPos;
    const [px, py, pw, ph] = [x * COL + 4, y * ROW + 40, w * COL - 8, h * ROW - 8];
    const title = v.variables.interpolate(p.panel.title);
    svg += `<rect x="${px}" y="${py}" width="${pw}" height="${ph}" rx="3" fill="#181b1f" stroke="#2c3235"/>` + text(px + 8, py + 18, title, 13, '#ffffff');
    svg += body(p, px + 4, py + 26, pw - 8, ph - 30, v.variables);
  }
  return `${svg}</svg>`;
}

export async function renderDashboards(runs: [string, DashboardRun][], dashboards: Map<string, Dashboard>, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [key, v] of runs) {
    const uid = `tickflow-${key.split('-')[0] as string}`;
    const d = dashboards.get(uid);
    if (!d) continue;
    const png = new Resvg(renderSvg(d, v), { background: '#111217', font: { loadSystemFonts: true } }).render().asPng();
    await writeFile(join(dir, `${key}.png`), png);
  }
}
