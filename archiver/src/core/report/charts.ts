import type { DayBar } from './figures.js';

/** SVG charts for the report (rendered to PNG by sinks/png.ts). Pure: data in, SVG text out. */
const W = 900;
const H = 420;
const M = { l: 90, r: 24, t: 44, b: 90 };
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// Stryker disable next-line Regex: toFixed(1) has one decimal, so ".0" can only be at the end
const trim = (s: string): string => s.replace(/\.0$/, '');

/** Short axis/bar labels: 1.2M, 350k, 12.5, 0.0000123 (sub-unit prices keep 3 significant digits). */
export const compact = (v: number): string => {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim((v / 1e9).toFixed(1))}G`;
  if (a >= 1e6) return `${trim((v / 1e6).toFixed(1))}M`;
  if (a >= 1e4) return `${trim((v / 1e3).toFixed(1))}k`;
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  return a >= 1 ? v.toFixed(2) : Number(v.toPrecision(3)).toString();
};

/** A round tick step (1, 2 or 5 x 10^n) giving about `n` intervals over `span`. */
export function niceStep(span: number, n = 4): number {
  const raw = span / n || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="26" font-size="17" font-weight="bold" text-anchor="middle">${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function yAxis(lo: number, hi: number, y: (v: number) => number): string[] {
  const out: string[] = [];
  const step = niceStep(hi - lo);
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    out.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${M.l - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end">${compact(v)}</text>`);
  }
  return out;
}

/** Vertical bars with a value label on each; `highlight` marks one bar (e.g. the peak hour). */
export function barChart(title: string, labels: string[], values: number[], opts: { yLabel: string; highlight?: number } = { yLabel: '' }): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const hi = Math.max(1e-9, ...values) * 1.1;
  const y = (v: number) => M.t + ph - (v / hi) * ph;
  const bw = pw / Math.max(1, values.length);
  const out = yAxis(0, hi, y);
  values.forEach((v, i) => {
    const x = M.l + i * bw;
    const fill = i === opts.highlight ? '#d9534f' : '#4a7fb5';
    out.push(`<rect x="${x + bw * 0.12}" y="${y(v)}" width="${bw * 0.76}" height="${M.t + ph - y(v)}" fill="${fill}"/>`);
    if (values.length <= 24) out.push(`<text x="${x + bw / 2}" y="${y(v) - 4}" font-size="11" text-anchor="middle">${compact(v)}</text>`);
    const label = esc((labels[i] ?? '').slice(0, 18));
    out.push(`<text transform="translate(${x + bw / 2},${M.t + ph + 14}) rotate(${values.length > 8 ? 35 : 0})" font-size="12" text-anchor="${values.length > 8 ? 'start' : 'middle'}">${label}</text>`);
  });
  out.push(`<text transform="translate(20,${M.t + ph / 2}) rotate(-90)" font-size="13" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  return frame(title, out);
}

/** Daily candles (green up, red down) with the 5- and 20-day moving averages of the close. */
export function candleChart(title: string, days: DayBar[]): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const lo0 = Math.min(...days.map((d) => d.low));
  const hi0 = Math.max(...days.map((d) => d.high));
  const pad = (hi0 - lo0) * 0.05 || hi0 * 0.01 || 1;
  const [lo, hi] = [lo0 - pad, hi0 + pad];
  const y = (v: number) => M.t + ph - ((v - lo) / (hi - lo)) * ph;
  const step = pw / Math.max(1, days.length);
  const xc = (i: number) => M.l + step * (i + 0.5);
  const out = yAxis(lo, hi, y);
  days.forEach((d, i) => {
    const color = d.close >= d.open ? '#2e8b57' : '#c0392b';
    out.push(`<line x1="${xc(i)}" x2="${xc(i)}" y1="${y(d.high)}" y2="${y(d.low)}" stroke="${color}"/>`);
    const top = y(Math.max(d.open, d.close));
    out.push(`<rect x="${xc(i) - step * 0.35}" y="${top}" width="${step * 0.7}" height="${Math.max(1, y(Math.min(d.open, d.close)) - top)}" fill="${color}"/>`);
  });
  const line = (pick: (d: DayBar) => number | null, color: string) => {
    const pts = days.flatMap((d, i) => (pick(d) === null ? [] : [`${xc(i).toFixed(1)},${y(pick(d) as number).toFixed(1)}`]));
    if (pts.length > 1) out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
  };
  line((d) => d.sma5, '#f0ad4e');
  line((d) => d.sma20, '#5b3fa0');
  const every = Math.max(1, Math.ceil(days.length / 10));
  days.forEach((d, i) => {
    if (i % every === 0) out.push(`<text transform="translate(${xc(i)},${M.t + ph + 14}) rotate(35)" font-size="11">${d.day}</text>`);
  });
  const legend = [['#f0ad4e', 'SMA 5d'], ['#5b3fa0', 'SMA 20d']];
  legend.forEach(([c, l], i) => out.push(`<rect x="${M.l + 10 + i * 110}" y="${M.t + 4}" width="14" height="4" fill="${c}"/><text x="${M.l + 30 + i * 110}" y="${M.t + 10}" font-size="12">${l}</text>`));
  return frame(title, out);
}
