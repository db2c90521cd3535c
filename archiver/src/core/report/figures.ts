/** Everything the report states, as numbers: written to report.json and rendered to Markdown. */
export interface Ranked {
  name: string;
  revenue: number;
  orders: number;
}

export interface DayBar {
  day: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  ticks: number;
  /** Moving averages of daily closes; null until enough days. */
  sma5: number | null;
  sma20: number | null;
  /** close / previous close - 1; null on the first day. */
  ret: number | null;
}

export interface SymbolFigures {
  symbol: string;
  days: DayBar[];
  stats: { days: number; meanReturn: number | null; stdReturn: number | null; minReturn: number | null; maxReturn: number | null; totalReturn: number | null };
}

export interface SalesFigures {
  orders: number;
  revenue: number;
  units: number;
  customers: number;
  avgBasket: number;
  first: string;
  last: string;
  byCategory: Ranked[];
  byCity: Ranked[];
  byCountry: Ranked[];
  byHour: { hour: number; orders: number; revenue: number }[];
  peakHour: number;
  topCustomers: Ranked[];
  topProducts: (Ranked & { category: string; units: number })[];
  highTicket: { threshold: number; orders: number; revenue: number; orderShare: number; revenueShare: number; largest: { orderId: string; customerId: string; amount: number; ts: string }[] };
  payments: (Ranked & { share: number })[];
}

export interface QualityFigures {
  /** By Kafka timestamp (date received), raw layer. */
  received: { topic: string; events: number; duplicates: number }[];
  /** By event date, clean layer. */
  kept: { topic: string; events: number; late: number }[];
  deadLetters: { topic: string; reason: string; count: number }[];
}

export interface Figures {
  from: string;
  to: string;
  baseCurrency: string;
  sales: SalesFigures | null;
  market: SymbolFigures[];
  quality: QualityFigures;
}
