import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';

/** A known, deterministic set of events for the archive tests, and what the archive must hold. */
export const DAY = 86_400_000;
export const RATES: Record<string, number> = { USD: 1, EUR: 1.087, GBP: 1.27, MAD: 0.1 };
const CATEGORIES = ['books', 'electronics', 'garden', 'toys'];
const CITIES: [string, string][] = [['Paris', 'France'], ['London', 'UK'], ['Casablanca', 'Morocco'], ['New York', 'USA']];
const PAYMENTS = ['card', 'paypal', 'cash'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'MAD'];

export function sale(i: number, ts: number, over: Partial<SaleEvent> = {}): SaleEvent {
  const quantity = 1 + (i % 3);
  const unitPrice = [12.5, 99.99, 450, 1200][i % 4] as number;
  const [city, country] = CITIES[i % 4] as [string, string];
  return {
    v: 1, orderId: `o-${i}`, customerId: `c-${i % 7}`, segment: i % 5 === 0 ? 'business' : 'consumer', ts,
    category: CATEGORIES[i % 4] as string, product: `p-${i % 6}`, quantity, unitPrice, amount: Math.round(quantity * unitPrice * 100) / 100,
    currency: CURRENCIES[i % 4] as string, city, country, paymentMethod: PAYMENTS[i % 3] as string, ...over,
  };
}

export function quote(symbol: string, ts: number, price: number, volume: number): QuoteEvent {
  return { v: 1, symbol, ts, price, volume, currency: 'USD', source: 'sim' };
}

export interface Scenario {
  /** Phase 1, before the SIGKILL. */
  first: { quotes: QuoteEvent[]; sales: SaleEvent[] };
  /** Phase 2: new events, re-sent duplicates of phase-1 events, late events, invalid records. */
  second: { quotes: QuoteEvent[]; sales: SaleEvent[]; late: SaleEvent[]; invalid: string[] };
  deadLetters: DeadLetter[];
  /** Distinct events (what the clean layer must hold, before excluding unknown currencies). */
  distinctSales: SaleEvent[];
  distinctQuotes: QuoteEvent[];
  from: string;
  to: string;
}

/** Sales every 7 minutes and 2 symbols x 4 ticks a day over 10 days ending yesterday (UTC). */
export function scenario(now = Date.now()): Scenario {
  const start = Math.floor(now / DAY) * DAY - 10 * DAY;
  const sales = Array.from({ length: 400 }, (_, i) => sale(i, start + 12 * 60_000 + i * 7 * 60_000 * 5));
  sales.push(sale(400, start + 9 * DAY, { currency: 'XYZ', orderId: 'o-unknown-currency' }));
  const quotes: QuoteEvent[] = [];
  for (let d = 0; d < 10; d++) {
    for (let t = 0; t < 4; t++) {
      quotes.push(quote('AAA', start + d * DAY + (14 + t) * 3_600_000, 100 + d * 2 + t * 0.5 - (d % 3) * 1.5, 1000 + t));
      quotes.push(quote('BBB', start + d * DAY + (14 + t) * 3_600_000, 50 - d + t * 0.25, 500 + t));
    }
  }
  const cut = Math.floor(sales.length * 0.6);
  const qcut = Math.floor(quotes.length * 0.6);
  const last = sales[sales.length - 2] as SaleEvent;
  // Late: two days behind the newest sale of every partition; sent after everything else.
  const late = [sale(1000, last.ts - 2 * DAY, { orderId: 'o-late-1' }), sale(1001, last.ts - 2 * DAY - 3_600_000, { orderId: 'o-late-2' })];
  const dupSales = sales.slice(cut - 20, cut + 10);
  const dupQuotes = quotes.slice(qcut - 6, qcut + 4);
  const deadLetters: DeadLetter[] = [
    { reason: 'not_json', error: 'Unexpected token', originalBase64: Buffer.from('{oops').toString('base64'), source: { topic: 'x', partition: 0, offset: '1' }, at: now },
    { reason: 'not_json', error: 'Unexpected end', originalBase64: Buffer.from('{').toString('base64'), source: { topic: 'x', partition: 0, offset: '2' }, at: now },
    { reason: 'unknown_currency', error: 'XYZ', originalBase64: '', source: { topic: 'x', partition: 1, offset: '3' }, at: now },
  ];
  return {
    first: { quotes: quotes.slice(0, qcut), sales: sales.slice(0, cut) },
    // A restarted producer re-sends what it is unsure of first; a retry re-sends a recent batch last.
    second: {
      quotes: [...dupQuotes, ...quotes.slice(qcut), ...quotes.slice(-3)],
      sales: [...dupSales, ...sales.slice(cut), ...sales.slice(-5)],
      late,
      invalid: ['not json', '{"v":1,"orderId":"x"}', ''],
    },
    deadLetters,
    distinctSales: [...sales, ...late],
    distinctQuotes: quotes,
    from: new Date(start - DAY).toISOString().slice(0, 10),
    to: new Date(now + DAY).toISOString().slice(0, 10),
  };
}
