import type { LatencyPoint, ThroughputPoint } from './report.js';

/** A hand-built SVG (two panels), rendered to PNG with @resvg/resvg-js. */

interface Series {
  label: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  xs: number[];
  yLog: boolean;
  series: Series[];
  /** Horizontal target line. */
  target?: { y: number; label: string };
}

const W = 620;
const H = 440;
const M = { l: 80, r: 20, t: 40, b: 110 };
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number): string => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(v < 10 ? 1 : 0)}`);

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((c) => c >= v) ?? 10 * p;
}

function panel(p: Panel, ox: number): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const finite = p.series.flatMap((s) => s.points.map((q) => q.y)).filter((y) => Number.isFinite(y) && y > 0);
  if (p.target) finite.push(p.target.y);
  const top = finite.length ? Math.max(...finite) : 1;
  const lo = p.yLog ? 10 ** Math.floor(Math.log10(Math.min(...finite, top))) : 0;
  const hi = p.yLog ? 10 ** Math.ceil(Math.log10(top * 1.05)) : niceMax(top * 1.05);
  const y = (v: number): number => M.t + ph - (p.yLog ? (Math.log10(v / lo) / Math.log10(hi / lo)) * ph : (v / hi) * ph);
  const xi = (v: number): number => M.l + (p.xs.length === 1 ? pw / 2 : (p.xs.indexOf(v) / (p.xs.length - 1)) * pw * 0.9 + pw * 0.05);
  const out: string[] = [`<g transform="translate(${ox},0)">`];
  out.push(`<text x="${M.l + pw / 2}" y="24" font-size="16" font-weight="bold" text-anchor="middle">${esc(p.title)}</text>`);
  const ticks = p.yLog ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i) : [0, 0.25, 0.5, 0.75, 1].map((f) => f * hi);
  for (const t of ticks) {
    out.push(`<line x1="${M.l}" x2="${M.l + pw}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.l - 6}" y="${y(t) + 4}" font-size="12" text-anchor="end">${num(t)}</text>`);
  }
  for (const x of p.xs) out.push(`<text x="${xi(x)}" y="${M.t + ph + 18}" font-size="12" text-anchor="middle">${num(x)}</text>`);
  out.push(`<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${M.l + pw / 2}" y="${M.t + ph + 38}" font-size="13" text-anchor="middle">${esc(p.xLabel)}</text>`);
  out.push(`<text transform="translate(18,${M.t + ph / 2}) rotate(-90)" font-size="13" text-anchor="middle">${esc(p.yLabel)}</text>`);
  if (p.target) {
    out.push(`<line x1="${M.l}" x2="${M.l + pw}" y1="${y(p.target.y)}" y2="${y(p.target.y)}" stroke="#c00" stroke-dasharray="6,4"/>`);
    out.push(`<text x="${M.l + pw - 4}" y="${y(p.target.y) - 5}" font-size="12" fill="#c00" text-anchor="end">${esc(p.target.label)}</text>`);
  }
  p.series.forEach((s, i) => {
    const pts = s.points.filter((q) => Number.isFinite(q.y) && q.y > 0 && p.xs.includes(q.x));
    if (pts.length > 1) {
      const d = pts.map((q, j) => `${j ? 'L' : 'M'}${xi(q.x)},${y(q.y)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="4,3"' : ''}/>`);
    }
    for (const q of pts) out.push(`<circle cx="${xi(q.x)}" cy="${y(q.y)}" r="4" fill="${s.color}"/>`);
    const lx = M.l + (i % 2) * (pw / 2);
    const ly = M.t + ph + 60 + Math.floor(i / 2) * 18;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="14" height="10" fill="${s.color}"/><text x="${lx + 20}" y="${ly}" font-size="12">${esc(s.label)}</text>`);
  });
  out.push('</g>');
  return out.join('\n');
}

export function chartSvg(throughput: readonly ThroughputPoint[], latency: readonly LatencyPoint[], subtitle: string): string {
  const kinds: [ThroughputPoint['kind'], string, string][] = [
    ['quotes tick', '#1f77b4', 'quotes, EMIT_MODE=tick'],
    ['quotes candle', '#2ca02c', 'quotes, EMIT_MODE=candle'],
    ['sales', '#ff7f0e', 'sales (x = customers)'],
    ['naive', '#7f7f7f', 'naive baseline (tick)'],
  ];
  const xs = [...new Set(throughput.map((p) => p.entities))].sort((a, b) => a - b);
  const left = panel(
    {
      title: 'Processor throughput, one core',
      xLabel: 'symbols (customers for sales)',
      yLabel: 'events/s',
      xs: xs.length ? xs : [1],
      yLog: false,
      series: kinds.map(([k, color, label]) => ({ label, color, points: throughput.filter((p) => p.kind === k).map((p) => ({ x: p.entities, y: p.eventsPerSec })) })),
      target: { y: 50_000, label: 'target 50k/s' },
    },
    0,
  );
  const lxs = latency.map((p) => p.offered);
  const right = panel(
    {
      title: 'End-to-end latency (produce -> queryable)',
      xLabel: 'offered load, events/s (1,000 symbols)',
      yLabel: 'ms (log)',
      xs: lxs.length ? lxs : [1],
      yLog: true,
      series: [
        { label: 'p50', color: '#1f77b4', points: latency.map((p) => ({ x: p.offered, y: p.p50 })) },
        { label: 'p99', color: '#d62728', points: latency.map((p) => ({ x: p.offered, y: p.p99 })) },
        { label: 'max', color: '#9467bd', dashed: true, points: latency.map((p) => ({ x: p.offered, y: p.max })) },
      ],
      target: { y: 250, label: 'p99 target 250 ms @10k/s (100 ms @1k/s)' },
    },
    W,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 24}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    left,
    right,
    `<text x="${W}" y="${H + 14}" font-size="12" fill="#555" text-anchor="middle">${esc(subtitle)}</text>`,
    '</svg>',
  ].join('\n');
}

export async function renderPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } }).render().asPng();
}
