import type { Figures, Ranked, SymbolFigures } from './figures.js';

/** Figures -> the Markdown report. Chart file names are given (written beside it). */
export interface ChartFiles {
  category?: string;
  city?: string;
  hours?: string;
  payments?: string;
  /** Symbols with a detailed section (chart + daily table): the chart file of each. */
  symbols: Record<string, string>;
}

const money = (v: number): string => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = (v: number): string => v.toLocaleString('en-US');
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);
/** Prices: 2 decimals, or 4 significant digits below 1 (a SHIB quote is 0.00001234). */
const px = (v: number | null): string => (v === null ? '–' : Math.abs(v) >= 1 || v === 0 ? v.toFixed(2) : v.toPrecision(4));

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

const rankedTable = (label: string, rows: Ranked[], cur: string) => table([label, `Revenue (${cur})`, 'Orders'], rows.map((r) => [r.name, money(r.revenue), int(r.orders)]));
const SUMMARY_ROWS = 50;
const ticks = (m: SymbolFigures): number => m.days.reduce((n, d) => n + d.ticks, 0);
const img = (alt: string, file: string | undefined) => (file ? `\n![${alt}](${file})\n` : '');

export function renderMarkdown(f: Figures, charts: ChartFiles): string {
  const cur = f.baseCurrency;
  const out: string[] = [`# Tickflow report: ${f.from} to ${f.to}`, '', `All times UTC. Amounts in ${cur} (clean layer: deduplicated, converted at the archiver's rates).`, ''];
  const s = f.sales;
  out.push('## Sales', '');
  if (!s) out.push('No sales in this range.', '');
  else {
    out.push(
      table(['Orders', `Revenue (${cur})`, 'Units', 'Customers', `Average basket (${cur})`, 'First order', 'Last order'], [[int(s.orders), money(s.revenue), int(s.units), int(s.customers), money(s.avgBasket), s.first, s.last]]),
      '', '### Revenue by category', img('Revenue by category', charts.category), rankedTable('Category', s.byCategory, cur),
      '', '### Revenue by city', img('Revenue by city', charts.city), rankedTable('City', s.byCity, cur),
      '', '### Revenue by country', '', rankedTable('Country', s.byCountry, cur),
      '', '### Orders by hour of day', img('Orders by hour', charts.hours), `Peak hour: **${String(s.peakHour).padStart(2, '0')}:00–${String(s.peakHour).padStart(2, '0')}:59 UTC** (${int(s.byHour[s.peakHour]?.orders ?? 0)} orders).`,
      '', '### Top customers', '', rankedTable('Customer', s.topCustomers, cur),
      '', '### Top products', '', table(['Product', 'Category', `Revenue (${cur})`, 'Orders', 'Units'], s.topProducts.map((p) => [p.name, p.category, money(p.revenue), int(p.orders), int(p.units)])),
      '', `### High-ticket orders (≥ ${money(s.highTicket.threshold)} ${cur})`, '',
      `${int(s.highTicket.orders)} orders (${pct(s.highTicket.orderShare)} of orders), ${money(s.highTicket.revenue)} ${cur} (${pct(s.highTicket.revenueShare)} of revenue).`, '',
      table(['Order', 'Customer', `Amount (${cur})`, 'Time'], s.highTicket.largest.map((o) => [o.orderId, o.customerId, money(o.amount), o.ts])),
      '', '### Payment methods', img('Payment methods', charts.payments), table(['Method', 'Orders', 'Share of orders', `Revenue (${cur})`], s.payments.map((p) => [p.name, int(p.orders), pct(p.share), money(p.revenue)])),
      '',
    );
  }
  out.push('## Market', '');
  if (f.market.length === 0) out.push('No quotes in this range.', '');
  else {
    const rows = [...f.market].sort((a, b) => ticks(b) - ticks(a));
    out.push(`${f.market.length} symbols${rows.length > SUMMARY_ROWS ? ` (the ${SUMMARY_ROWS} with the most ticks below; all in report.json)` : ''}. Daily returns are close to close.`, '',
      table(['Symbol', 'Days', 'Ticks', 'Last close', 'Mean daily return', 'Std dev', 'Worst day', 'Best day', 'Total return'], rows.slice(0, SUMMARY_ROWS).map((m) => {
        const st = m.stats;
        return [m.symbol, st.days, int(ticks(m)), px(m.days.at(-1)?.close ?? null), pct(st.meanReturn), pct(st.stdReturn), pct(st.minReturn), pct(st.maxReturn), pct(st.totalReturn)];
      })), '');
  }
  for (const m of f.market.filter((x) => charts.symbols[x.symbol] !== undefined)) {
    out.push(`### ${m.symbol}`, img(`${m.symbol} daily OHLC`, charts.symbols[m.symbol]),
      table(['Day', 'Open', 'High', 'Low', 'Close', 'SMA 5', 'SMA 20', 'Return', 'Ticks'], m.days.slice(-30).map((d) => [d.day, px(d.open), px(d.high), px(d.low), px(d.close), px(d.sma5), px(d.sma20), pct(d.ret), int(d.ticks)])),
      m.days.length > 30 ? `\n(last 30 of ${m.days.length} days; all in report.json)` : '', '');
  }
  const q = f.quality;
  out.push('## Data quality', '', 'Received (raw layer, by date received); duplicates are repeated deliveries of one event:', '',
    table(['Topic', 'Events', 'Duplicates'], q.received.map((r) => [r.topic, int(r.events), int(r.duplicates)])), '',
    'Kept (clean layer, by event date); late = more than the allowed lateness behind the newest event:', '',
    table(['Topic', 'Events', 'Late'], q.kept.map((r) => [r.topic, int(r.events), int(r.late)])), '',
    'Dead letters by reason (by date dead-lettered):', '',
    q.deadLetters.length === 0 ? 'None.' : table(['Topic', 'Reason', 'Count'], q.deadLetters.map((d) => [d.topic, d.reason, int(d.count)])), '');
  return out.join('\n');
}
