/**
 * The value formatters of the units our dashboards use, written from Grafana's
 * packages/grafana-data/src/valueFormats (valueFormats.ts toFixed/scaledUnits, symbolFormatters.ts
 * currency, categories.ts). Each returns the text Grafana prints and the factor the text was
 * divided by, so a test can tell how much of the value survives on screen.
 */
export interface Formatted {
  text: string;
  prefix: string;
  suffix: string;
  /** The printed number times `scale` is the value shown (sign in prefix for currency). */
  scale: number;
}

function autoDecimals(value: number): number {
  const abs = Math.abs(value);
  let dec = -Math.floor(Math.log(abs) / Math.LN10) + 1;
  const norm = abs / Math.pow(10, -dec);
  if (norm > 2.25) ++dec;
  if (value % 1 === 0) dec = 0;
  return Math.max(0, dec);
}

/** Grafana's toFixed: `decimals` undefined = automatic (about two significant digits). */
export function toFixed(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return value.toLocaleString();
  const d = Math.min(100, Math.max(0, decimals ?? autoDecimals(value)));
  if (value === 0) return value.toFixed(d);
  const factor = d ? Math.pow(10, d) : 1;
  const formatted = String(Math.round(value * factor) / factor);
  if (formatted.includes('e')) return formatted;
  const dot = formatted.indexOf('.');
  const precision = dot === -1 ? 0 : formatted.length - dot - 1;
  return precision < d ? (precision ? formatted : `${formatted}.`) + String(factor).slice(1, d - precision + 1) : formatted;
}

function scaled(value: number, decimals: number | undefined, factor: number, ext: string[]): Formatted {
  const idx = value === 0 ? 0 : Math.floor(Math.log(Math.abs(value)) / Math.log(factor));
  const step = Math.min(Math.max(idx, 0), ext.length - 1);
  const scale = factor ** step;
  return { text: toFixed(value / scale, decimals), prefix: '', suffix: ext[step] ?? '', scale };
}

const SHORT = ['', ' K', ' Mil', ' Bil', ' Tri', ' Quadr', ' Quint', ' Sext', ' Sept'];
const COUNT = ['', 'K', 'M', 'B', 'T'];

const FORMATTERS: Record<string, (v: number, d?: number) => Formatted> = {
  none: (v, d) => ({ text: toFixed(v, d), prefix: '', suffix: '', scale: 1 }),
  short: (v, d) => scaled(v, d, 1000, SHORT),
  percent: (v, d) => ({ text: toFixed(v, d), prefix: '', suffix: '%', scale: 1 }),
  percentunit: (v, d) => ({ text: toFixed(100 * v, d), prefix: '', suffix: '%', scale: 0.01 }),
  ops: (v, d) => {
    const f = scaled(v, d, 1000, COUNT);
    return { ...f, suffix: `${f.suffix} ops` };
  },
  currencyUSD: (v, d) => {
    const f = scaled(Math.abs(v), d, 1000, COUNT);
    return { ...f, prefix: v < 0 ? '-$' : '$' };
  },
  ms: (v, d) => {
    const a = Math.abs(v);
    if (a < 1000) return { text: toFixed(v, d), prefix: '', suffix: ' ms', scale: 1 };
    if (a < 60_000) return { text: toFixed(v / 1000, d), prefix: '', suffix: ' s', scale: 1000 };
    if (a < 3_600_000) return { text: toFixed(v / 60_000, d), prefix: '', suffix: ' min', scale: 60_000 };
    return { text: toFixed(v / 3_600_000, d), prefix: '', suffix: ' hour', scale: 3_600_000 };
  },
};

/** Formats like Grafana's display processor (no value mappings). Units not modelled throw. */
export function formatValue(value: number, unit: string | undefined, decimals: number | undefined): Formatted {
  const u = unit ?? 'none';
  // toFixedUnit: "prefix:$" and "suffix: /s" print the number unscaled.
  const f =
    FORMATTERS[u] ??
    (u.startsWith('prefix:') ? (v: number, d?: number) => ({ text: toFixed(v, d), prefix: u.slice(7), suffix: '', scale: 1 }) : undefined) ??
    (u.startsWith('suffix:') ? (v: number, d?: number) => ({ text: toFixed(v, d), prefix: '', suffix: ` ${u.slice(7)}`, scale: 1 }) : undefined);
  if (!f) throw new Error(`unit "${u}" is not modelled in grafana/model/units.ts`);
  return f(value, decimals);
}

/** The value a reader sees, back as a number. */
export function shownValue(f: Formatted): number {
  const n = Number(f.text) * f.scale;
  return f.prefix.startsWith('-') ? -n : n;
}

/** True when the shown value carries at least `digits` significant digits of `value`. */
export function keepsDigits(value: number, f: Formatted, digits = 4): boolean {
  const shown = shownValue(f);
  if (value === 0) return shown === 0;
  const ulp = Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - (digits - 1));
  return Math.abs(shown - value) <= ulp / 2 + Math.abs(value) * 1e-12;
}
