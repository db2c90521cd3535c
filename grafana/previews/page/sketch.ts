/**
 * The project's own drawing, for the panel types @grafana/ui 13.2.3 does not export (the
 * candlestick, bar chart and pie chart panels live in Grafana's app). It draws only what the
 * panel's options make Grafana draw: the fields, names, units and colours are those Grafana's
 * code computed (applyFieldOverrides, getFieldDisplayValues), and the legend is @grafana/ui's
 * VizLegend inside its VizLayout, present only when `legend.showLegend` is true. The marks
 * themselves (candles, bars, slices) are a sketch, not Grafana's uPlot or SVG code.
 */
import { createElement as h } from 'react';
import { FieldType, formattedValueToString, type DataFrame, type Field, type FieldDisplay, type GrafanaTheme2 } from '@grafana/data';
import { VizLayout, VizLegend, type VizLegendItem } from '@grafana/ui';
import { LegendDisplayMode, type LegendPlacement } from '@grafana/schema';

interface Legend {
  showLegend?: boolean;
  displayMode?: LegendDisplayMode;
  placement?: LegendPlacement;
}
export interface Series {
  field: Field;
  name: string;
  color: string;
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, fill: string, anchor = 'start', size = 11) =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" fill="${fill}" text-anchor="${anchor}">${esc(s)}</text>`;
export const fmt = (f: Field, v: unknown): string => (f.display ? formattedValueToString(f.display(v)) : String(v));
const nums = (f: Field) => f.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
const hiddenFromViz = (f: Field) => (f.config.custom as { hideFrom?: { viz?: boolean } } | undefined)?.hideFrom?.viz === true;

/** Every number field with its display name and the colour Grafana's colour mode gives it. */
export function seriesOf(frames: DataFrame[], nameOf: (f: Field, frame: DataFrame) => string, theme: GrafanaTheme2): Series[] {
  return frames.flatMap((frame) =>
    frame.fields
      .filter((f) => f.type === FieldType.number && !hiddenFromViz(f))
      .map((field) => ({ field, name: nameOf(field, frame), color: theme.visualization.getColorByName(field.display?.(nums(field).at(-1) ?? 0).color ?? 'text') })),
  );
}

/** The panel's legend as Grafana lays it out: VizLegend in VizLayout's legend slot, or none. */
export function withLegend(legend: Legend | undefined, items: VizLegendItem[], width: number, height: number, plot: (w: number, ht: number) => string) {
  const shown = legend?.showLegend === true && items.length > 0;
  const placement = legend?.placement ?? 'bottom';
  const list = h(VizLegend, { items, placement, displayMode: legend?.displayMode ?? LegendDisplayMode.List, readonly: true });
  const legendEl = shown ? h(VizLayout.Legend, { placement, ...(placement === 'right' ? { maxWidth: '60%' } : {}), children: list }) : null;
  const children = (w: number, ht: number) =>
    h('div', { 'data-sketch': '', dangerouslySetInnerHTML: { __html: `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}" font-family="Inter, Helvetica, Arial, sans-serif">${plot(w, ht)}</svg>` } });
  return h(VizLayout, { width, height, legend: legendEl, children });
}

const AXIS = '#8e8e8e';
const iso = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

/** Candles (open/high/low/close, coloured by open→close), volume bars, the other fields as lines, fillBelowTo bands. */
export function candlePlot(series: Series[], time: number[], range: [number, number], up: string, down: string) {
  return (w: number, ht: number): string => {
    const get = (n: string) => series.find((s) => s.field.name === n);
    const [o, hi, lo, c, vol] = ['open', 'high', 'low', 'close', 'volume'].map(get);
    const lines = series.filter((s) => ![o, hi, lo, c, vol].includes(s));
    const volH = vol ? ht * 0.2 : 0;
    const plotH = ht - 20 - volH;
    const prices = [hi, lo, ...lines].flatMap((s) => (s ? nums(s.field) : []));
    const [v0, v1] = [Math.min(...prices), Math.max(...prices)];
    const X = (t: number) => 80 + ((t - range[0]) / (range[1] - range[0] || 1)) * (w - 90);
    const Y = (v: number) => 4 + (1 - (v - v0) / (v1 - v0 || 1)) * (plotH - 8);
    const ref = hi ?? lines[0];
    let out = ref ? text(74, 12, fmt(ref.field, v1), AXIS, 'end') + text(74, plotH - 4, fmt(ref.field, v0), AXIS, 'end') : '';
    out += text(80, ht - 4, iso(range[0]), AXIS) + text(w - 4, ht - 4, iso(range[1]), AXIS, 'end');
    const byName = new Map(series.map((s) => [s.name, s]));
    for (const s of lines) {
      const other = byName.get((s.field.config.custom as { fillBelowTo?: string } | undefined)?.fillBelowTo ?? '');
      if (!other) continue;
      const k = time.map((_, i) => i).filter((i) => typeof s.field.values[i] === 'number' && typeof other.field.values[i] === 'number');
      const pts = k.map((i) => `${X(time[i]!)},${Y(s.field.values[i])}`).concat(k.reverse().map((i) => `${X(time[i]!)},${Y(other.field.values[i])}`));
      out += `<polygon points="${pts.join(' ')}" fill="${s.color}" fill-opacity="0.1"/>`;
    }
    const cw = Math.max(1, ((w - 90) / Math.max(time.length, 1)) * 0.7);
    const vmax = vol ? Math.max(...nums(vol.field), 1e-300) : 1;
    time.forEach((t, i) => {
      if (!o || !hi || !lo || !c) return;
      const [ov, hv, lv, cv] = [o, hi, lo, c].map((s) => s.field.values[i] as number) as [number, number, number, number];
      const col = cv >= ov ? up : down;
      out += `<line x1="${X(t)}" x2="${X(t)}" y1="${Y(hv)}" y2="${Y(lv)}" stroke="${col}"/>`;
      out += `<rect x="${X(t) - cw / 2}" y="${Math.min(Y(ov), Y(cv))}" width="${cw}" height="${Math.max(1, Math.abs(Y(ov) - Y(cv)))}" fill="${col}"/>`;
      if (vol) {
        const vh = ((volH - 4) * ((vol.field.values[i] as number) || 0)) / vmax;
        out += `<rect x="${X(t) - cw / 2}" y="${plotH + volH - vh}" width="${cw}" height="${vh}" fill="${col}" fill-opacity="0.5"/>`;
      }
    });
    for (const s of lines) {
      const pts = time.map((t, i) => [t, s.field.values[i]] as const).filter(([, v]) => typeof v === 'number');
      out += `<polyline points="${pts.map(([t, v]) => `${X(t).toFixed(1)},${Y(v as number).toFixed(1)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="1"/>`;
    }
    return out;
  };
}

/** Horizontal bars, one group per row of the x field, one bar per value field, with the value shown. */
export function barPlot(labels: string[], series: Series[]) {
  return (w: number, ht: number): string => {
    const max = Math.max(...series.flatMap((s) => nums(s.field)), 1e-300);
    const group = (ht - 4) / Math.max(labels.length, 1);
    const bar = (group * 0.7) / Math.max(series.length, 1);
    const left = Math.min(110, w * 0.3);
    const span = w - left - 80;
    let out = '';
    labels.forEach((label, i) => {
      const y0 = 2 + i * group + group * 0.15;
      out += text(left - 6, y0 + (group * 0.7) / 2 + 4, label, '#ccccdc', 'end', Math.min(11, group));
      series.forEach((s, k) => {
        const v = s.field.values[i] as number;
        const bw = (span * (Number.isFinite(v) ? v : 0)) / max;
        out += `<rect x="${left}" y="${y0 + k * bar}" width="${bw}" height="${bar * 0.97}" fill="${s.color}" fill-opacity="0.8" stroke="${s.color}"/>`;
        out += text(left + bw + 4, y0 + k * bar + bar / 2 + 4, fmt(s.field, v), '#ccccdc', 'start', Math.min(11, Math.max(8, bar)));
      });
    });
    return out;
  };
}

/** A donut of the values getFieldDisplayValues computed, each slice labelled with its percent. */
export function piePlot(values: FieldDisplay[], theme: GrafanaTheme2, labels: string[]) {
  return (w: number, ht: number): string => {
    const total = values.reduce((a, v) => a + (v.display.numeric > 0 ? v.display.numeric : 0), 0) || 1;
    const [cx, cy, r] = [w / 2, ht / 2, Math.min(w, ht) / 2 - 4];
    let a0 = -Math.PI / 2;
    let out = '';
    for (const v of values) {
      const share = Math.max(0, v.display.numeric) / total;
      const a1 = a0 + share * 2 * Math.PI;
      const p = (a: number, rr: number) => `${cx + rr * Math.cos(a)},${cy + rr * Math.sin(a)}`;
      const large = a1 - a0 > Math.PI ? 1 : 0;
      const color = theme.visualization.getColorByName(v.display.color ?? 'text');
      out += `<path d="M${p(a0, r)} A${r},${r} 0 ${large} 1 ${p(a1, r)} L${p(a1, r * 0.6)} A${r * 0.6},${r * 0.6} 0 ${large} 0 ${p(a0, r * 0.6)} Z" fill="${color}" stroke="#181b1f"/>`;
      if (labels.includes('percent') && share > 0.04) {
        const m = (a0 + a1) / 2;
        out += text(cx + r * 0.8 * Math.cos(m), cy + r * 0.8 * Math.sin(m) + 4, `${Math.round(share * 100)}%`, '#ffffff', 'middle', 11);
      }
      a0 = a1;
    }
    return out;
  };
}
